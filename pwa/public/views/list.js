// list.js — a public list: problems (items) or 民生实事 projects, with filters by township,
// category and status (with the counts the API gives), the total, the cards, and 加载更多
// for the next page. The controller hands it data and callbacks; it never fetches.

import { h, replace } from '../dom.js';
import { t, nameOf } from '../i18n/t.js';
import { PROJECT_STATES, STATES, listHref } from '../route.js';
import { card, votesLine } from './card.js';
import { projectCard } from './project-card.js';

// What differs between the two lists: the rows' key, the card, the statuses and the
// catalogue's tables for the list's words, the filters' words and the status names.
const KINDS = {
  items: { rows: 'items', card, states: STATES, words: 'list', filters: 'filters', status: 'status' },
  projects: { rows: 'projects', card: projectCard, states: PROJECT_STATES, words: 'projects',
    filters: 'pfilters', status: 'pstatus' },
};

function option(value, label, selected) {
  return h('option', { value: value == null ? '' : String(value), selected: selected ? true : null }, label);
}

// A <select> of one filter: "all" first, then [{value, name, n}]; the chosen value kept
// even when nothing public has it any more.
function filterSelect(id, key, words, allLabel, choices, chosen, onChange) {
  const known = choices.some((c) => String(c.value) === String(chosen));
  const list = chosen && !known ? [...choices, { value: chosen, name: String(chosen), n: 0 }] : choices;
  return h('label', { class: 'filter' },
    h('span', { class: 'filter-label' }, t(`${words}.${key}`)),
    h('select', { id, name: key, onchange: (e) => onChange(key, e.target.value || null) },
      option('', allLabel, !chosen),
      list.map((c) => option(c.value, t(`${words}.option`, { name: c.name, n: c.n }),
        String(c.value) === String(chosen)))));
}

function filterForm(kind, data, filters, onFilter) {
  const f = kind.filters;
  const change = (key, value) => onFilter({ ...filters, [key]: key === 'township' && value ? Number(value) : value });
  const towns = (data.townships || []).map((x) => ({ value: x.id, name: x.name || String(x.id), n: x.count }));
  const cats = (data.categories || []).map((x) => ({ value: x.code, name: x.name || x.code, n: x.count }));
  const byStatus = data.by_status || {};
  const states = kind.states.filter((s) => byStatus[s])
    .map((s) => ({ value: s, name: nameOf(kind.status, s), n: byStatus[s] }));
  return h('form', { class: 'filters', 'aria-label': t(`${f}.label`), onsubmit: (e) => e.preventDefault() },
    filterSelect('filter-township', 'township', f, t(`${f}.allTownships`), towns, filters.township, change),
    filterSelect('filter-category', 'category', f, t(`${f}.allCategories`), cats, filters.category, change),
    filterSelect('filter-status', 'status', f, t(`${f}.allStatuses`), states, filters.status, change));
}

// The list screen (tab 'items' or 'projects'): {el, addPage(data), failMore(), updateVotes()}.
export function listView({ tab = 'items', data, filters, onFilter, onMore, onClear }) {
  const kind = KINDS[tab] || KINDS.items;
  const w = (key, params) => t(`${kind.words}.${key}`, params);
  const items = h('ol', { class: 'items', dataset: { kind: tab } });
  const foot = h('div', { class: 'more' });
  let shown = 0;
  const more = h('button', { type: 'button', id: 'load-more', class: 'btn', onclick: () => {
    more.disabled = true;
    more.textContent = w('loadingMore');
    onMore();
  } });

  function refreshFoot() {
    const left = Math.max(0, data.total - shown);
    more.disabled = false;
    more.textContent = w('more', { n: left });
    if (left > 0) replace(foot, more);
    else replace(foot, shown ? h('p', { class: 'all' }, w('all')) : null);
  }

  function addPage(page) {
    const rows = page[kind.rows] || [];
    data = { ...data, total: page.total };
    items.append(...rows.map(kind.card));
    shown += rows.length;
    if (!rows.length) shown = data.total; // nothing more came: stop offering more
    refreshFoot();
  }

  // A card's 群众评议 counts after a rating given on its page.
  function updateVotes(id, counts) {
    const line = items.querySelector(`li[data-id="${Number(id)}"] .votes-line`);
    if (line) line.textContent = votesLine(counts);
  }

  function failMore() {
    refreshFoot();
    foot.prepend(h('p', { class: 'error', role: 'alert' }, w('moreFailed')));
  }

  const empty = !(data[kind.rows] || []).length;
  const el = h('section', { class: 'list-screen', dataset: { query: listHref(filters, '', tab), tab } },
    filterForm(kind, data, filters, onFilter),
    h('p', { id: 'list-total', class: 'total' }, w('total', { n: data.total })),
    empty ? h('div', { class: 'empty' }, h('p', {}, w('empty')),
      Object.values(filters).some(Boolean)
        ? h('a', { href: listHref({}, location.pathname, tab), class: 'btn',
          onclick: (e) => { e.preventDefault(); onClear(); } }, w('clear')) : null) : items,
    foot);
  addPage(data);
  return { el, addPage, failMore, updateVotes };
}
