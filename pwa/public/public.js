// public.js — the public progress page (晒账单) for residents, no login: two lists in tabs,
// the accepted problems (问题整改) and the 民生实事 projects, their filters kept in the
// address; an item's page at ?item=<id> and a project's at ?project=<id> (what a 公示牌's
// QR code opens), each with its progress and 群众评议. This controller reads the address,
// asks api.js and hands data to the views; views never fetch.

import { getItem, getProject, listItems, listProjects, sendFeedback } from './api.js';
import { h, replace } from './dom.js';
import { t } from './i18n/t.js';
import { itemHref, listHref, projectHref, readAddress } from './route.js';
import { itemView, notFoundView } from './views/item.js';
import { listView } from './views/list.js';
import { projectNotFoundView, projectView } from './views/project.js';
import { tabsView } from './views/tabs.js';

const main = document.getElementById('main');
const LISTS = { items: listItems, projects: listProjects };
let seq = 0; // the newest navigation; answers to older ones are dropped
// the last list shown in each tab {key, href, view, scroll}, put back on return
const kept = { items: null, projects: null };

function shell() {
  replace(document.getElementById('top'), h('h1', {}, t('title')), h('p', {}, t('tagline')));
  replace(document.getElementById('foot'), h('p', { id: 'privacy-note' }, t('footer')));
}

// Each tab's address: the list last shown in it, else the whole list.
const tabHref = (tab) => (kept[tab] ? kept[tab].href : listHref({}, location.pathname, tab));

function tabs(current) {
  const nav = document.getElementById('tabs');
  nav.setAttribute('aria-label', t('tabs.label'));
  replace(nav, tabsView(current, tabHref));
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
  for (const list of Object.values(kept)) {
    if (list && main.contains(list.view.el)) list.scroll = window.scrollY;
  }
  if (replaceIt) history.replaceState(state, '', href);
  else history.pushState(state, '', href);
  show();
}

async function showList(tab, filters, mine) {
  const key = JSON.stringify(filters);
  const fetchPage = LISTS[tab];
  document.title = t(tab === 'projects' ? 'projectsTitle' : 'title');
  tabs(tab);
  const last = kept[tab];
  if (last && last.key === key) {
    replace(main, last.view.el);
    ready('list');
    window.scrollTo(0, last.scroll);
    return;
  }
  busy();
  let data;
  try {
    data = await fetchPage(filters, 1);
  } catch {
    if (mine === seq) failed();
    return;
  }
  if (mine !== seq) return;
  let page = 1;
  const view = listView({ tab, data, filters,
    onFilter: (next) => go(listHref(next, location.pathname, tab), null, true),
    onClear: () => go(listHref({}, location.pathname, tab), null, true),
    onMore: async () => {
      try {
        const next = await fetchPage(filters, page + 1);
        page += 1;
        view.addPage(next);
      } catch {
        view.failMore();
      }
    } });
  kept[tab] = { key, href: listHref(filters, location.pathname, tab), view, scroll: 0 };
  replace(main, view.el);
  ready('list');
  window.scrollTo(0, 0);
}

// Back to the tab's list: the list this page was opened from, else the list last shown.
function backTo(tab) {
  return (e) => {
    e.preventDefault();
    if (history.state && history.state.fromList) history.back();
    else go(tabHref(tab));
  };
}

// One page (an item's or a project's): fetch, then draw it, or say it is not public.
async function showPage(spec, mine) {
  tabs(spec.tab);
  busy();
  const backHref = tabHref(spec.tab);
  const back = backTo(spec.tab);
  let data;
  try {
    data = await spec.load();
  } catch (err) {
    if (mine !== seq) return;
    if (err.status === 404) {
      replace(main, spec.missing({ backHref, back }));
      ready('missing');
    } else failed();
    return;
  }
  if (mine !== seq) return;
  const send = async ({ rating, text }) => {
    const answer = await sendFeedback(spec.target, data.id, rating, text);
    if (kept[spec.tab]) kept[spec.tab].view.updateVotes(data.id, answer.counts);
    return answer;
  };
  document.title = spec.title(data);
  replace(main, spec.view({ data, backHref, back, send }));
  ready(spec.target);
  window.scrollTo(0, 0);
}

const itemPage = (id) => ({ tab: 'items', target: 'item', load: () => getItem(id),
  title: () => t('itemTitle', { id }), missing: notFoundView,
  view: ({ data, ...rest }) => itemView({ item: data, ...rest }) });

const projectPage = (id) => ({ tab: 'projects', target: 'project', load: () => getProject(id),
  title: (p) => t('projectTitle', { name: p.name }), missing: projectNotFoundView,
  view: ({ data, ...rest }) => projectView({ project: data, ...rest }) });

function show() {
  const mine = ++seq;
  const address = readAddress();
  if (address.item) return showPage(itemPage(address.item), mine);
  if (address.project) return showPage(projectPage(address.project), mine);
  return showList(address.tab, address.filters, mine);
}

// Plain clicks on the page's own links open them in place (a new tab or window works as a
// link): a card opens its page (back returns to the list), a tab its list.
document.addEventListener('click', (e) => {
  const link = e.target.closest('a[data-nav]');
  if (!link || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const id = link.closest('[data-id]') && link.closest('[data-id]').dataset.id;
  const open = { item: () => go(itemHref(id), { fromList: true }),
    project: () => go(projectHref(id), { fromList: true }),
    tab: () => go(link.getAttribute('href')), page: () => go(link.getAttribute('href')) }[link.dataset.nav];
  if (!open) return;
  e.preventDefault();
  open();
});

window.addEventListener('popstate', show);
if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
shell();
show();
