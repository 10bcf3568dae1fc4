// public.js — the public progress page (晒账单) for residents, no login: the list of
// accepted items with filters kept in the address, and an item's page at ?item=<id>
// (what a 公示牌's QR code opens) with its progress and 群众评议. This controller reads
// the address, asks api.js and hands data to the views; views never fetch.

import { getItem, listItems, sendFeedback } from './api.js';
import { h, replace } from './dom.js';
import { t } from './i18n/t.js';
import { itemHref, listHref, readAddress } from './route.js';
import { itemView, notFoundView } from './views/item.js';
import { listView } from './views/list.js';

const main = document.getElementById('main');
let seq = 0; // the newest navigation; answers to older ones are dropped
let kept = null; // the last list shown {key, href, view, scroll}, put back on return

function shell() {
  replace(document.getElementById('top'), h('h1', {}, t('title')), h('p', {}, t('tagline')));
  replace(document.getElementById('foot'), h('p', { id: 'privacy-note' }, t('footer')));
}

function busy() {
  main.setAttribute('aria-busy', 'true');
  if (!main.firstChild) replace(main, h('p', { class: 'loading' }, t('loading')));
}

function ready(view) {
  main.removeAttribute('aria-busy');
  main.dataset.view = view;
  document.documentElement.dataset.ready = 'public';
}

function failed() {
  replace(main, h('div', { class: 'failed' }, h('p', { class: 'error', role: 'alert' }, t('failed')),
    h('button', { type: 'button', class: 'btn', onclick: show }, t('retry'))));
  ready('error');
}

function go(href, state = null, replaceIt = false) {
  if (kept && main.contains(kept.view.el)) kept.scroll = window.scrollY;
  if (replaceIt) history.replaceState(state, '', href);
  else history.pushState(state, '', href);
  show();
}

async function showList(filters, mine) {
  const key = JSON.stringify(filters);
  document.title = t('title');
  if (kept && kept.key === key) {
    replace(main, kept.view.el);
    ready('list');
    window.scrollTo(0, kept.scroll);
    return;
  }
  busy();
  let data;
  try {
    data = await listItems(filters, 1);
  } catch {
    if (mine === seq) failed();
    return;
  }
  if (mine !== seq) return;
  let page = 1;
  const view = listView({ data, filters,
    onFilter: (next) => go(listHref(next), null, true),
    onClear: () => go(listHref({}), null, true),
    onMore: async () => {
      try {
        const next = await listItems(filters, page + 1);
        page += 1;
        view.addPage(next);
      } catch {
        view.failMore();
      }
    } });
  kept = { key, href: listHref(filters), view, scroll: 0 };
  replace(main, view.el);
  ready('list');
  window.scrollTo(0, 0);
}

// Back to the list: the list this page was opened from, else the whole list.
function back(e) {
  e.preventDefault();
  if (history.state && history.state.fromList) history.back();
  else go(kept ? kept.href : listHref({}));
}

async function showItem(id, mine) {
  document.title = t('itemTitle', { id });
  busy();
  const backHref = kept ? kept.href : listHref({});
  let item;
  try {
    item = await getItem(id);
  } catch (err) {
    if (mine !== seq) return;
    if (err.status === 404) {
      replace(main, notFoundView({ backHref, back }));
      ready('missing');
    } else failed();
    return;
  }
  if (mine !== seq) return;
  const send = async ({ rating, text }) => {
    const answer = await sendFeedback(id, rating, text);
    if (kept) kept.view.updateVotes(id, answer.counts);
    return answer;
  };
  replace(main, itemView({ item, backHref, back, send }));
  ready('item');
  window.scrollTo(0, 0);
}

function show() {
  const mine = ++seq;
  const address = readAddress();
  if (address.item) return showItem(address.item, mine);
  return showList(address.filters, mine);
}

// A tap on a card opens its item's page in place (a new tab or window works as a link).
main.addEventListener('click', (e) => {
  const link = e.target.closest('a[data-nav=item]');
  if (!link || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  go(itemHref(link.closest('[data-id]').dataset.id), { fromList: true });
});

window.addEventListener('popstate', show);
if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
shell();
show();
