// ledger.js — 整改台账: the filter form, one page of items as a table (click a row
// for the item page), sortable columns, the pager and the export buttons, which
// export exactly the filters shown.

import { h } from './dom.js';
import { t } from '../i18n/t.js';
import { statusChip, itemBadges, dataTable, pager } from './parts.js';
import { filterForm } from './filters.js';
import { dateTime, shorten } from '../lib/format.js';
import { loadingView, errorView } from './shell.js';

export function itemColumns(ref, { link = true } = {}) {
  const cat = (code) => ref.categoryNames.get(code) || code;
  return [
    { key: 'id', label: t('ledger.cols.id'), sort: ['id', '-id'], class: 'num',
      render: (it) => (link ? h('a', { href: `#/item/${it.id}` }, `#${it.id}`) : `#${it.id}`) },
    { key: 'description', label: t('ledger.cols.description'), class: 'desc',
      render: (it) => [h('span', { class: 'desc-text', title: it.description }, shorten(it.description, 80)),
        ' ', itemBadges(it)] },
    { key: 'category', label: t('ledger.cols.category'), render: (it) => cat(it.category) },
    { key: 'area', label: t('ledger.cols.area'), render: (it) => it.area_name || '' },
    { key: 'unit', label: t('ledger.cols.unit'), render: (it) => it.unit_name || '' },
    { key: 'status', label: t('ledger.cols.status'), render: (it) => statusChip(it.status) },
    { key: 'deadline', label: t('ledger.cols.deadline'), sort: ['deadline', '-deadline'],
      render: (it) => it.deadline || '' },
    { key: 'created', label: t('ledger.cols.created'), sort: ['created_at', '-created_at'],
      render: (it) => dateTime(it.created_at) },
    { key: 'reports', label: t('ledger.cols.reports'), class: 'num', render: (it) => String(it.report_count) },
  ];
}

export function ledgerView(p) {
  const { filters, ref, data, error, canExport } = p;
  const head = h('div', { class: 'screen-head' }, h('h2', {}, t('ledger.title')),
    p.readOnly ? h('span', { class: 'chip' }, t('app.readOnly')) : null,
    canExport ? h('div', { class: 'row right' },
      h('button', { type: 'button', class: 'btn', id: 'export-xlsx', disabled: Boolean(p.exporting),
        onclick: () => p.onExport('xlsx') }, p.exporting === 'xlsx' ? t('ledger.exporting') : t('ledger.exportXlsx')),
      h('button', { type: 'button', class: 'btn', id: 'export-csv', disabled: Boolean(p.exporting),
        onclick: () => p.onExport('csv') }, p.exporting === 'csv' ? t('ledger.exporting') : t('ledger.exportCsv')))
      : null);
  const form = filterForm({ filters, ref, onSearch: p.onSearch, onReset: p.onReset });
  let body;
  if (error) body = errorView(error, p.onRetry);
  else if (!data) body = loadingView();
  else if (!data.items.length) body = h('p', { class: 'empty' }, t('ledger.empty'));
  else {
    body = [h('p', { class: 'total' }, h('span', { id: 'ledger-total' }, t('ledger.total', { n: data.total })),
      filters.status ? null : h('span', { class: 'muted small', id: 'ledger-total-hint' }, t('ledger.totalHint'))),
      dataTable(itemColumns(ref), data.items, { sort: filters.sort || '-created_at', onSort: p.onSort,
        onRow: (it) => p.onOpen(it.id), rowId: (it) => it.id }),
      pager({ page: data.page, perPage: data.per_page, total: data.total, onPage: p.onPage })];
  }
  return h('section', { class: 'ledger' }, head, form, h('div', { class: 'results' }, body));
}

