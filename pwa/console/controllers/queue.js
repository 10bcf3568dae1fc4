// controllers/queue.js — 待办分拣: loads one tab of the synced queue (new items,
// suggested duplicates, flagged items) with the three counts, keeps the checked
// items, runs bulk 交办 / 不予受理 and merges, and loads the side panel (the item
// and the items it may duplicate).

import { queueView, TABS } from '../views/queue.js';
import { isLikely } from '../views/compare.js';
import { build } from '../lib/route.js';

const OPEN = ['new', 'assigned', 'rectified', 'long_term', 'closed'];
const QUERIES = {
  new: { status: ['new'], sort: 'created_at' },
  suggested: { suggested: true, sort: 'created_at' },
  flagged: { flagged: true, status: OPEN, sort: '-updated' },
};
const memory = { selected: new Set(), detailId: null, draft: null };

export async function show(ctx, r) {
  const render = ctx.renderer();
  const tab = TABS.includes(r.sub) ? r.sub : 'new';
  const page = Number.parseInt(r.params.get('page') || '1', 10) || 1;
  const props = {
    tab, counts: {}, data: null, error: '', result: null, busy: false, ref: ctx.ref, canAct: ctx.canAct(),
    today: ctx.today(), selected: memory.selected, detailId: memory.detailId, detail: null, detailError: '',
    loadPhoto: ctx.loadPhoto, onPhoto: ctx.openPhotos, draft: memory.draft,
    onPage: (p) => ctx.go(build('queue', tab, { page: p })),
    onRetry: () => reload(),
    onSelect: (ids) => { memory.selected = new Set(ids); props.selected = memory.selected; },
    onPick: (id) => { memory.detailId = id; props.detailId = id; draw(); loadDetail(); },
    onBulkAssign: (ids, body) => { memory.draft = body; props.draft = body; return runBulk('assign', ids, body); },
    onBulkReject: (ids, reason) => runBulk('reject', ids, { reason }),
    onMerge: async (fromId, intoId) => {
      props.busy = true;
      draw();
      try {
        await ctx.api.act(fromId, 'merge', { into_item_id: intoId });
        ctx.toast(ctx.t('queue.mergedInto', { from: fromId, to: intoId }));
        memory.selected.delete(fromId);
        memory.detailId = intoId;
        props.detailId = intoId;
      } catch (err) {
        ctx.toast(ctx.errorText(err), 'error');
      }
      props.busy = false;
      await reload();
    },
  };
  const draw = () => render(queueView(props));

  async function runBulk(action, ids, body) {
    props.busy = true;
    draw();
    try {
      const { results } = await ctx.api.bulk(action, ids, body);
      props.result = { results: results.map((x) => ({ ...x, reason: x.error ? ctx.errorText(x.error) : '' })) };
      for (const x of results) if (x.status === 'applied') memory.selected.delete(x.item_id);
    } catch (err) {
      ctx.toast(ctx.errorText(err), 'error');
    }
    props.busy = false;
    await reload();
  }

  // The panel compares up to 4 likely duplicates and 3 near items judged other problems.
  const shown = (list) => [...list.filter(isLikely).slice(0, 4), ...list.filter((s) => !isLikely(s)).slice(0, 3)];

  async function loadDetail() {
    const id = memory.detailId;
    if (!id) return;
    props.detailError = '';
    try {
      const item = await ctx.api.getItem(id);
      const others = await Promise.all(shown(item.suggestions || []).map((s) => ctx.api.getItem(s.item_id)
        .then((other) => ({ suggestion: s, other }), () => ({ suggestion: s, other: null }))));
      if (memory.detailId === id) props.detail = { item, others };
    } catch (err) {
      if (memory.detailId === id) props.detailError = err.status === 404 ? ctx.t('item.notFound') : ctx.errorText(err);
    }
    draw();
  }

  async function reload() {
    try {
      const [data, ...totals] = await Promise.all([
        ctx.api.listItems({ ...QUERIES[tab], page, per_page: 50 }),
        ...TABS.map((k) => ctx.api.listItems({ ...QUERIES[k], per_page: 1 }))]);
      props.data = data;
      TABS.forEach((k, i) => { props.counts[k] = totals[i].total; });
      props.error = '';
      const visible = new Set(data.items.filter((it) => it.status === 'new').map((it) => it.id));
      memory.selected = new Set([...memory.selected].filter((id) => visible.has(id)));
      props.selected = memory.selected;
    } catch (err) {
      props.error = ctx.errorText(err);
    }
    draw();
    if (memory.detailId) await loadDetail();
  }

  draw();
  await reload();
}
