// controllers/ledger.js — the ledger list (filters in the address, paging, sorting,
// export with the same filters) and the item page (load, office actions, split,
// photos; a refused reschedule or 纳入民生实事台账 shown again in its form with what was
// sent; its 公开 and 群众评议 through controllers/publication.js). Called by app.js with
// its context; renders through views only.

import { ledgerView } from '../views/ledger.js';
import { itemView } from '../views/item.js';
import { SPEC } from '../views/filters.js';
import { read, build } from '../lib/route.js';
import { actionName } from '../views/timeline.js';
import { refusal } from '../views/reschedule.js';
import { attach } from './publication.js';
import { refusal as projectRefusal } from './projects.js';

let lastList = '#/ledger';
// Without a status filter the ledger lists (and counts, and exports) the items in work
// and closed; merged and rejected ones appear only when their status is ticked.
const SHOWN = ['new', 'assigned', 'rectified', 'long_term', 'closed'];

const withStatus = (filters) => (filters.status ? filters : { ...filters, status: SHOWN });

function exportFilters(filters) {
  const { page, per_page: perPage, ...rest } = withStatus(filters);
  return rest;
}

async function showLedger(ctx, r) {
  const render = ctx.renderer();
  const filters = read(r.params, SPEC);
  lastList = build('ledger', '', r.params);
  const readers = ['office', 'supervisor', 'admin'].some((role) => ctx.has(role));
  const props = {
    filters, ref: ctx.ref, data: null, error: '', canExport: readers, readOnly: !ctx.canAct(), exporting: '',
    onSearch: (values) => ctx.go(build('ledger', '', { ...values, page: 1 })),
    onReset: () => ctx.go('#/ledger'),
    onPage: (page) => ctx.go(build('ledger', '', { ...filters, page })),
    onSort: (sort) => ctx.go(build('ledger', '', { ...filters, sort, page: 1 })),
    onOpen: (id) => ctx.go(`#/item/${id}`),
    onRetry: () => ctx.go(lastList),
    onExport: async (format) => {
      props.exporting = format;
      render(ledgerView(props));
      try {
        const file = await ctx.api.exportLedger(format, exportFilters(filters));
        ctx.download(file);
        ctx.toast(ctx.t('ledger.exported', { name: file.filename }));
      } catch (err) {
        ctx.toast(ctx.errorText(err), 'error');
      }
      props.exporting = '';
      render(ledgerView(props));
    },
  };
  render(ledgerView(props));
  try {
    props.data = await ctx.api.listItems({ ...withStatus(filters), per_page: filters.per_page || 50 });
  } catch (err) {
    props.error = ctx.errorText(err);
  }
  render(ledgerView(props));
}

async function showItem(ctx, r) {
  const render = ctx.renderer();
  const id = Number.parseInt(r.sub, 10);
  const props = {
    item: null, error: '', busy: false, ref: ctx.ref, canAct: ctx.canAct(), today: ctx.today(),
    backHref: lastList, loadPhoto: ctx.loadPhoto, onPhoto: ctx.openPhotos,
    onRetry: () => load(),
    onAction: async (action, body) => {
      props.busy = true;
      props.failed = null;
      render(itemView(props));
      try {
        const answer = await ctx.api.act(id, action, body);
        props.busy = false;
        ctx.toast(ctx.t('item.done', { action: actionName(action) }));
        // merge answers the survivor, split the new item, escalate the new project
        if (action === 'escalate' || answer.id !== id) {
          if (action === 'split') ctx.toast(ctx.t('item.splitDone', { id: answer.id }));
          await load();
          return;
        }
        props.item = answer;
        render(itemView(props));
        await loadExtras(); // accepting an item publishes it
        return;
      } catch (err) {
        props.busy = false;
        const text = (action === 'reschedule' && refusal(err))
          || (action === 'escalate' && projectRefusal(ctx, err)) || ctx.errorText(err);
        props.failed = { action, body, text };
        ctx.toast(text, 'error');
      }
      render(itemView(props));
    },
  };
  async function load() {
    try {
      props.item = await ctx.api.getItem(id);
      props.printedAt = new Date().toISOString();
      props.error = '';
      document.title = ctx.t('item.docTitle', { id });
    } catch (err) {
      props.error = err.status === 404 ? ctx.t('item.notFound') : ctx.errorText(err);
    }
    render(itemView(props));
    if (props.item && !props.error) await loadExtras();
  }
  const loadExtras = attach(ctx, id, props, () => render(itemView(props)));
  if (!Number.isInteger(id) || id < 1) {
    props.error = ctx.t('item.notFound');
    render(itemView(props));
    return;
  }
  await load();
}

export function show(ctx, r) {
  return r.screen === 'item' ? showItem(ctx, r) : showLedger(ctx, r);
}
