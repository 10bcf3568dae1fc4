// projects.js — 民生实事台账: the filters (name, unit, batch, aspect, status, 领导领办,
// 节点滞后), one page of projects as a table with progress bars, investment done of the
// total and late marks (click a row for the project page), the pager, the export of
// exactly the filters shown and, for the office, the import of a sheet. It only reports
// what was chosen; the controller puts it in the address and loads the list.

import { h, select, field, formValues } from './dom.js';
import { t } from '../i18n/t.js';
import { dataTable, pager } from './parts.js';
import { projectStatus, projectBadges, progressBar, investment } from './project-parts.js';
import { importPanel } from './project-import.js';
import { batchName } from '../lib/format.js';
import { loadingView, errorView } from './shell.js';

export const STATUSES = ['planned', 'in_progress', 'completed', 'in_use', 'closed'];
export const SPEC = { q: 'text', unit_id: 'int', batch: 'int', category: 'text', status: 'list',
  leader_led: 'bool', late: 'bool', page: 'int', per_page: 'int' };
const BATCHES = 6;

function filterForm({ filters, ref, onSearch, onReset }) {
  const any = { value: '', label: t('projects.filters.any') };
  const batches = Array.from({ length: Math.max(BATCHES, filters.batch || 0) }, (_, i) => i + 1);
  const chosen = new Set(filters.status || []);
  const form = h('form', { class: 'filters', role: 'search', id: 'project-filters' },
    h('div', { class: 'filter-row' },
      field(t('projects.filters.q'), h('input', { type: 'search', name: 'q', id: 'pf-q', value: filters.q || '',
        maxlength: '100' })),
      field(t('projects.filters.unit'), select({ name: 'unit_id', id: 'pf-unit' },
        [any, ...ref.units.map((u) => ({ value: u.id, label: u.name }))], filters.unit_id || '')),
      field(t('projects.filters.batch'), select({ name: 'batch', id: 'pf-batch' },
        [any, ...batches.map((n) => ({ value: n, label: batchName(n) }))], filters.batch || '')),
      field(t('projects.filters.category'), select({ name: 'category', id: 'pf-category' },
        [any, ...ref.categories.map((c) => ({ value: c.code, label: c.name }))], filters.category || ''))),
    h('fieldset', { class: 'statuses' }, h('legend', {}, t('projects.filters.status')),
      STATUSES.map((s) => h('label', { class: `check chip-check pst-${s}` },
        h('input', { type: 'checkbox', name: 'status', value: s, checked: chosen.has(s) }),
        t(`projects.status.${s}`)))),
    h('div', { class: 'filter-row' },
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'leader_led', id: 'pf-leader',
        checked: Boolean(filters.leader_led) }), t('projects.filters.leader')),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'late', id: 'pf-late',
        checked: Boolean(filters.late) }), t('projects.filters.late')),
      h('button', { type: 'submit', class: 'btn primary', id: 'pf-submit' }, t('ledger.submit')),
      h('button', { type: 'button', class: 'btn ghost', onclick: onReset }, t('ledger.reset'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = formValues(form);
    onSearch({ q: v.q, unit_id: v.unit_id, batch: v.batch, category: v.category, status: v.status,
      leader_led: v.leader_led || undefined, late: v.late || undefined, per_page: filters.per_page });
  });
  return form;
}

export function projectColumns(ref) {
  return [
    { key: 'batch', label: t('projects.cols.batch'), class: 'nowrap', render: (p) => batchName(p.batch) },
    { key: 'name', label: t('projects.cols.name'), class: 'desc',
      render: (p) => [h('a', { href: `#/project/${p.id}`, class: 'project-name' }, p.name), ' ', projectBadges(p)] },
    { key: 'category', label: t('projects.cols.category'), render: (p) => ref.categoryNames.get(p.category) || p.category },
    { key: 'unit', label: t('projects.cols.unit'), render: (p) => p.unit_name || '' },
    { key: 'leader', label: t('projects.cols.leader'), render: (p) => (p.leader_led ? p.leader || t('app.yes') : '') },
    { key: 'status', label: t('projects.cols.status'), render: (p) => projectStatus(p.status) },
    { key: 'percent', label: t('projects.cols.percent'), render: (p) => progressBar(p.percent) },
    { key: 'investment', label: t('projects.cols.investment'), class: 'num', render: (p) => investment(p) },
    { key: 'due', label: t('projects.cols.due'), class: 'nowrap', render: (p) => p.due || '' },
  ];
}

function exportButtons(p) {
  const button = (format, label) => h('button', { type: 'button', class: 'btn', id: `project-export-${format}`,
    disabled: Boolean(p.exporting), onclick: () => p.onExport(format) },
  p.exporting === format ? t('projects.sheet.exporting') : label);
  return h('div', { class: 'row right' }, button('xlsx', t('projects.sheet.exportXlsx')),
    button('csv', t('projects.sheet.exportCsv')));
}

export function projectsView(p) {
  const { filters, ref, data, error } = p;
  const head = h('div', { class: 'screen-head' }, h('h2', {}, t('projects.listTitle')),
    p.readOnly ? h('span', { class: 'chip' }, t('app.readOnly')) : null, exportButtons(p));
  let body;
  if (error) body = errorView(error, p.onRetry);
  else if (!data) body = loadingView();
  else if (!data.projects.length) body = h('p', { class: 'empty' }, t('projects.empty'));
  else {
    body = [h('p', { class: 'total' }, h('span', { id: 'projects-total' }, t('projects.total', { n: data.total }))),
      dataTable(projectColumns(ref), data.projects, { onRow: (x) => p.onOpen(x.id), rowId: (x) => x.id }),
      pager({ page: data.page, perPage: data.per_page, total: data.total, onPage: p.onPage })];
  }
  return h('section', { class: 'projects' }, head, p.canImport ? importPanel(p) : null,
    filterForm({ filters, ref, onSearch: p.onSearch, onReset: p.onReset }),
    h('div', { class: 'results' }, body));
}
