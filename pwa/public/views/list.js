// list.js — the list of public items: filters by township, category and status (with
// the counts the API gives), the total, the cards, and 加载更多 for the next page.
// The controller hands it data and callbacks; it never fetches.

import { h, replace } from '../dom.js';
import { t, nameOf } from '../i18n/t.js';
import { STATES, listHref } from '../route.js';
import { card, votesLine } from './card.js';

function option(value, label, selected) {
  return h('option', { value: value == null ? '' : String(value), selected: selected ? true : null }, label);
}

// A <select> of one filter: "all" first, then [{value, name, n}]; the chosen value kept
// even when no public item has it any more.
function filterSelect(id, key, allLabel, choices, chosen, onChange) {
  const known = choices.some((c) => String(c.value) === String(chosen));
  const list = chosen && !known ? [...choices, { value: chosen, name: String(chosen), n: 0 }] : choices;
  return h('label', { class: 'filter' },
    h('span', { class: 'filter-label' }, t(`filters.${key}`)),
    h('select', { id, name: key, onchange: (e) => onChange(key, e.target.value || null) },
      option('', allLabel, !chosen),
      list.map((c) => option(c.value, t('filters.option', { name: c.name, n: c.n }),
        String(c.value) === String(chosen)))));
}

function filterForm(data, filters, onFilter) {
  const change = (key, value) => onFilter({ ...filters, [key]: key === 'township' && value ? Number(value) : value });
  const towns = (data.townships || []).map((x) => ({ value: x.id, name: x.name || String(x.id), n: x.count }));
  const cats = (data.categories || []).map((x) => ({ value: x.code, name: x.name || x.code, n: x.count }));
  const byStatus = data.by_status || {};
  const states = STATES.filter((s) => byStatus[s]).map((s) => ({ value: s, name: nameOf('status', s), n: byStatus[s] }));
  return h('form', { class: 'filters', 'aria-label': t('filters.label'), onsubmit: (e) => e.preventDefault() },
    filterSelect('filter-township', 'township', t('filters.allTownships'), towns, filters.township, change),
    filterSelect('filter-category', 'category', t('filters.allCategories'), cats, filters.category, change),
    filterSelect('filter-status', 'status', t('filters.allStatuses'), states, filters.status, change));
}

// The list screen: {el, addPage(data), failMore()}.
export function listView({ data, filters, onFilter, onMore, onClear }) {
  const items = h('ol', { class: 'items' });
  const foot = h('div', { class: 'more' });
  let shown = 0;
  const more = h('button', { type: 'button', id: 'load-more', class: 'btn', onclick: () => {
    more.disabled = true;
    more.textContent = t('list.loadingMore');
    onMore();
  } });

  function refreshFoot() {
    const left = Math.max(0, data.total - shown);
    more.disabled = false;
    more.textContent = t('list.more', { n: left });
    if (left > 0) replace(foot, more);
    else replace(foot, shown ? h('p', { class: 'all' }, t('list.all')) : null);
  }

  function addPage(page) {
    data = { ...data, total: page.total };
    items.append(...page.items.map(card));
    shown += page.items.length;
    if (!page.items.length) shown = data.total; // nothing more came: stop offering more
    refreshFoot();
  }

  // A card's 群众评议 counts after a rating given on the item's page.
  function updateVotes(id, counts) {
    const line = items.querySelector(`li.item[data-id="${Number(id)}"] .votes-line`);
    if (line) line.textContent = votesLine(counts);
  }

  function failMore() {
    refreshFoot();
    foot.prepend(h('p', { class: 'error', role: 'alert' }, t('list.moreFailed')));
  }

  const empty = !data.items.length;
  const el = h('section', { class: 'list-screen', dataset: { query: listHref(filters, '') } },
    filterForm(data, filters, onFilter),
    h('p', { id: 'list-total', class: 'total' }, t('list.total', { n: data.total })),
    empty ? h('div', { class: 'empty' }, h('p', {}, t('list.empty')),
      Object.values(filters).some(Boolean)
        ? h('a', { href: location.pathname, class: 'btn', onclick: (e) => { e.preventDefault(); onClear(); } },
          t('list.clear')) : null) : items,
    foot);
  addPage(data);
  return { el, addPage, failMore, updateVotes };
}
