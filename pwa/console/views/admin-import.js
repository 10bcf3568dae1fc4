// admin-import.js — import areas and cadre–area assignments from an XLSX or CSV sheet.
// The server checks every row first and imports all or nothing; a refused sheet comes
// back as a row-by-row list (行号, 列, 问题) shown here as a table.

import { h, formValues } from './dom.js';
import { t } from '../i18n/t.js';
import { dataTable } from './parts.js';

function outcome(result) {
  if (!result) return null;
  if (result.created !== undefined) {
    return h('p', { class: 'ok-box result', role: 'status' }, t('admin.imported', { n: result.created }));
  }
  const errors = result.errors || [];
  return h('div', { class: 'warn-box result import-errors', role: 'alert' },
    h('p', {}, errors.length ? t('admin.failed', { n: errors.length }) : result.message),
    result.missing ? h('p', {}, t('admin.missing', { cols: result.missing.join('、') })) : null,
    errors.length ? dataTable([
      { key: 'row', label: t('admin.row'), class: 'num', render: (e) => String(e.row) },
      { key: 'field', label: t('admin.field'), render: (e) => e.field },
      { key: 'message', label: t('admin.problem'), render: (e) => e.message }], errors) : null);
}

function card(p, what, title, columns) {
  const message = h('p', { class: 'error', role: 'alert' });
  const busy = p.importing === what;
  const form = h('form', { class: 'panel import', id: `import-${what}` }, h('h3', {}, title),
    h('p', { class: 'muted' }, columns),
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('admin.file')),
      h('input', { type: 'file', name: 'file', accept: '.xlsx,.csv,text/csv', id: `import-${what}-file` })),
    h('div', { class: 'row' },
      h('button', { type: 'submit', class: 'btn primary', disabled: busy }, busy ? t('admin.uploading') : t('admin.upload')),
      h('button', { type: 'button', class: 'btn ghost', onclick: () => p.onTemplate(what) }, t('admin.template'))),
    message, outcome(p.importResult && p.importResult.what === what ? p.importResult : null));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const { file } = formValues(form);
    if (!file) { message.textContent = t('admin.noFile'); return; }
    message.textContent = '';
    p.onImport(what, file);
  });
  return form;
}

export function importPanel(p) {
  return h('div', { class: 'imports' },
    card(p, 'areas', t('admin.importAreas'), t('admin.areasColumns')),
    card(p, 'assignments', t('admin.importAssignments'), t('admin.assignmentsColumns')));
}
