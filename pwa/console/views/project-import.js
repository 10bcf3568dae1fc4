// project-import.js — the office's 民生实事台账 sheet on the list screen: choose an XLSX or
// CSV file and import it, or download a template. The server checks every row and imports
// all or nothing; a refused sheet comes back as its rows' errors (行号, 列, 问题), shown
// here as a table with how many there are, and a sheet it cannot read as its reason.

import { h, formValues } from './dom.js';
import { t } from '../i18n/t.js';
import { dataTable } from './parts.js';

function outcome(result) {
  if (!result) return null;
  if (result.imported !== undefined) {
    return h('p', { class: 'ok-box result', role: 'status', id: 'project-import-ok' },
      t('projects.sheet.imported', { n: result.imported }));
  }
  const rows = result.rows || [];
  const total = result.total || rows.length;
  return h('div', { class: 'warn-box result import-errors', role: 'alert', id: 'project-import-errors' },
    h('p', {}, rows.length ? [t('projects.sheet.failed', { n: total }),
      total > rows.length ? t('projects.sheet.listed', { n: rows.length }) : ''] : result.message),
    rows.length ? dataTable([
      { key: 'row', label: t('projects.sheet.row'), class: 'num', render: (e) => String(e.row) },
      { key: 'column', label: t('projects.sheet.column'), render: (e) => e.column },
      { key: 'message', label: t('projects.sheet.problem'), render: (e) => e.message }], rows) : null);
}

export function importPanel(p) {
  const message = h('p', { class: 'error', role: 'alert' });
  const busy = Boolean(p.importing);
  const form = h('form', { class: 'import', id: 'project-import' },
    h('p', { class: 'muted small' }, t('projects.sheet.columns')),
    h('p', { class: 'muted small' }, t('projects.sheet.milestones')),
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('projects.sheet.file')),
      h('input', { type: 'file', name: 'file', accept: '.xlsx,.csv,text/csv', id: 'project-import-file' })),
    h('div', { class: 'row' },
      h('button', { type: 'submit', class: 'btn primary', disabled: busy },
        busy ? t('projects.sheet.uploading') : t('projects.sheet.upload')),
      h('button', { type: 'button', class: 'btn ghost', id: 'project-template', onclick: p.onTemplate },
        t('projects.sheet.template'))),
    message, outcome(p.importResult));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const { file } = formValues(form);
    if (!file) { message.textContent = t('projects.sheet.noFile'); return; }
    message.textContent = '';
    p.onImport(file);
  });
  return h('details', { class: 'panel project-import', id: 'project-import-box', open: Boolean(p.importResult) },
    h('summary', {}, t('projects.sheet.title')), form);
}
