// parts.js — pieces several console screens share: status chips, the item badges,
// a sortable table, the pager and a strip of photo thumbnails. Photos are loaded
// by the controller (`loadPhoto(img, sha, variant)`); views never fetch.

import { h, formValues } from './dom.js';
import { t, nameOf } from '../i18n/t.js';

export const statusChip = (status) => h('span', { class: `chip st-${status}` }, nameOf('status', status));

export function itemBadges(it) {
  return [
    it.overdue ? h('span', { class: 'chip danger' }, t('chips.overdue')) : null,
    it.leader_led ? h('span', { class: 'chip lead' }, t('chips.leaderLed')) : null,
    it.severity === 'urgent' ? h('span', { class: 'chip warn' }, t('chips.urgent')) : null,
    it.flag_count ? h('span', { class: 'chip flag' }, t('chips.flags', { n: it.flag_count })) : null,
    it.needs_review ? h('span', { class: 'chip warn' }, t('chips.review')) : null,
    it.spot_check ? h('span', { class: 'chip warn spot-waiting' }, t('spot.item.waiting')) : null,
  ];
}

// columns: [{key, label, render(row) -> node|text, sort: [asc, desc] | null, class}]
export function dataTable(columns, rows, { onRow, sort, onSort, caption, rowId } = {}) {
  const head = h('tr', {}, columns.map((c) => {
    if (!c.sort || !onSort) return h('th', { scope: 'col', class: c.class }, c.label);
    const [asc, desc] = c.sort;
    const state = sort === asc ? 'ascending' : sort === desc ? 'descending' : 'none';
    return h('th', { scope: 'col', class: c.class, 'aria-sort': state },
      h('button', { type: 'button', class: 'sort', onclick: () => onSort(sort === asc ? desc : asc) },
        c.label, state === 'ascending' ? ' ↑' : state === 'descending' ? ' ↓' : ''));
  }));
  const body = h('tbody', {}, rows.map((row) => {
    const tr = h('tr', { dataset: rowId ? { id: String(rowId(row)) } : {} },
      columns.map((c) => h('td', { class: c.class }, c.render ? c.render(row) : String(row[c.key] ?? ''))));
    if (onRow) {
      tr.classList.add('clickable');
      tr.addEventListener('click', (e) => {
        if (e.target.closest('a, button, input, label, select')) return;
        onRow(row, e);
      });
    }
    return tr;
  }));
  return h('table', { class: 'data' }, caption ? h('caption', {}, caption) : null, h('thead', {}, head), body);
}

export function pager({ page, perPage, total, onPage }) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  const input = h('input', { type: 'number', min: '1', max: String(pages), value: String(page),
    class: 'page-input', 'aria-label': t('pager.label') });
  const go = (p) => onPage(Math.min(pages, Math.max(1, p)));
  return h('nav', { class: 'pager', 'aria-label': t('pager.label') },
    h('button', { type: 'button', class: 'btn small', disabled: page <= 1, onclick: () => go(page - 1),
      dataset: { page: 'prev' } }, t('pager.prev')),
    h('span', { class: 'pages' }, t('pager.page', { page, pages })),
    h('button', { type: 'button', class: 'btn small', disabled: page >= pages, onclick: () => go(page + 1),
      dataset: { page: 'next' } }, t('pager.next')),
    h('form', { class: 'jump', onsubmit: (e) => { e.preventDefault(); go(Number(input.value) || 1); } },
      input, h('button', { type: 'submit', class: 'btn small ghost' }, t('pager.go'))));
}

// Thumbnails of photos; clicking one opens the viewer on that photo of the list.
export function photoStrip(shas, { loadPhoto, onOpen, label = '' }) {
  if (!shas || !shas.length) return h('p', { class: 'muted' }, t('item.noPhotos'));
  return h('ul', { class: 'photos' }, shas.map((sha, i) => {
    const img = h('img', { alt: `${label}${t('item.photo')} ${i + 1}`, width: 120, height: 90, loading: 'lazy' });
    loadPhoto(img, sha, 'thumb');
    return h('li', {}, h('button', { type: 'button', class: 'thumb', dataset: { sha },
      onclick: () => onOpen(shas, i) }, img));
  }));
}

export function definitionList(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

// A create/edit form of the administration screens: controls, 保存/取消, an error line.
export function editorForm({ id, title, controls, onSubmit, onCancel }) {
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'panel editor', id }, h('h3', {}, title), controls,
    h('div', { class: 'row' }, h('button', { type: 'submit', class: 'btn primary' }, t('app.save')),
      onCancel ? h('button', { type: 'button', class: 'btn ghost', onclick: onCancel }, t('app.cancel')) : null),
    error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    // a refused save answers its reason; the form keeps what was typed
    const problem = await onSubmit(formValues(form));
    if (problem) error.textContent = problem;
  });
  return form;
}
