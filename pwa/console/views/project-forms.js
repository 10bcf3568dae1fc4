// project-forms.js — the forms on a project page: the office's status step and its 节点
// editor (rows to edit, add and remove, or a fresh 倒排工期 proposal from the server's plan),
// 填报项目进展 (text, percent, investment, over-budget reason, photos) and the supervisor's
// 现场验收销号 (decision, residents' satisfaction, photos, the site's position). A refused
// request comes back in its form with what was sent (p.failed), so nothing typed is lost.
// The server checks every one of them again; these forms are a convenience, not the rule.

import { h, select, field, formValues } from './dom.js';
import { t } from '../i18n/t.js';

const EDITABLE = ['planned', 'in_progress', 'completed', 'in_use'];
const DECISIONS = ['accept', 'return'];
const SATISFACTIONS = ['satisfied', 'basic', 'unsatisfied'];
const MAX_PHOTOS = 9;

const sentFor = (p, form) => (p.failed && p.failed.form === form ? p.failed : null);
const number = (v) => (v === '' || v === undefined ? null : Number(v));

// A form that reports its values to `submit` (which answers a problem or ''), with an error line.
function actionForm(id, title, controls, label, submit, problem = '', cls = 'primary') {
  const message = h('p', { class: 'error', role: 'alert', id: `${id}-error` }, problem);
  const el = h('form', { class: 'action-form', id }, title ? h('h4', {}, title) : null, controls,
    h('button', { type: 'submit', class: `btn ${cls}`, id: `${id}-submit` }, label), message);
  el.addEventListener('submit', (e) => {
    e.preventDefault();
    message.textContent = submit(formValues(el), el) || '';
  });
  return el;
}

const files = (form, name) => [...form.querySelector(`input[name=${name}]`).files];

export function statusForm(pr, p) {
  const kept = sentFor(p, 'status');
  const at = EDITABLE.indexOf(pr.status); // the steps after the current first: the usual next one leads
  const options = [...EDITABLE.slice(at + 1), ...EDITABLE.slice(0, Math.max(at, 0))]
    .map((s) => ({ value: s, label: t(`projects.status.${s}`) }));
  return actionForm('project-status', t('projects.statusForm.title'), [
    field(t('projects.statusForm.to'), select({ name: 'status', id: 'project-status-to' }, options,
      kept ? kept.body.status : '')),
    h('p', { class: 'muted small' }, t('projects.statusForm.hint')),
  ], t('projects.statusForm.submit'), (v) => { p.onStatus(v.status); return ''; }, kept ? kept.text : '', 'ghost');
}

function milestoneRow(m = {}) {
  const row = h('tr', { class: 'ms-row' },
    h('td', {}, h('input', { name: 'ms-name', maxlength: '100', value: m.name || '', 'aria-label': t('projects.milestones.name') })),
    h('td', {}, h('input', { type: 'date', name: 'ms-due', value: m.due || '', 'aria-label': t('projects.milestones.due') })),
    h('td', {}, h('input', { type: 'date', name: 'ms-done', value: m.done_on || '',
      'aria-label': t('projects.milestones.doneOn') })),
    h('td', {}, h('button', { type: 'button', class: 'btn small ghost ms-remove', onclick: () => row.remove() },
      t('projects.milestones.remove'))));
  return row;
}

function readRows(body) {
  const out = [];
  for (const [i, row] of [...body.querySelectorAll('.ms-row')].entries()) {
    const value = (name) => row.querySelector(`input[name=${name}]`).value.trim();
    if (!value('ms-name')) return t('projects.milestones.needName', { n: i + 1 });
    if (!value('ms-due')) return t('projects.milestones.needDue', { n: i + 1 });
    out.push({ name: value('ms-name'), due: value('ms-due'), done_on: value('ms-done') || null });
  }
  return out;
}

// 调整节点计划: the rows as saved (or as last sent), a proposal from the plan, save.
export function milestoneEditor(pr, p) {
  const kept = sentFor(p, 'milestones');
  const rows = (kept ? kept.body.milestones : null) || p.proposal || pr.milestones;
  const body = h('tbody', {}, rows.map((m) => milestoneRow(m)));
  const note = h('p', { class: 'muted small', id: 'ms-note', 'aria-live': 'polite' },
    p.proposal ? t('projects.milestones.planned') : t('projects.milestones.planHint'));
  const form = actionForm('project-milestones', null, [
    h('table', { class: 'data ms-edit' }, h('thead', {}, h('tr', {},
      ['name', 'due', 'doneOn'].map((k) => h('th', { scope: 'col' }, t(`projects.milestones.${k}`))), h('th', {}))), body),
    h('div', { class: 'row' },
      h('button', { type: 'button', class: 'btn small', id: 'ms-add', onclick: () => body.append(milestoneRow()) },
        t('projects.milestones.add')),
      h('button', { type: 'button', class: 'btn small', id: 'ms-plan', disabled: Boolean(p.busy),
        onclick: () => p.onPlan() }, t('projects.milestones.plan'))),
    note,
  ], t('projects.milestones.save'), () => {
    const read = readRows(body);
    if (typeof read === 'string') return read;
    p.onMilestones(read);
    return '';
  }, kept ? kept.text : '');
  return h('details', { class: 'ms-editor', id: 'ms-editor', open: Boolean(kept || p.proposal) },
    h('summary', {}, t('projects.milestones.edit')), form);
}

// 填报项目进展: blank figures stay as they are; the photos go up before the update.
export function progressForm(pr, p) {
  const kept = sentFor(p, 'progress');
  const sent = kept ? kept.body : {};
  const box = (name, props) => h('input', { name, id: `progress-${name}`, ...props });
  return actionForm('project-progress', t('projects.progress.post'), [
    field(t('projects.progress.text'), h('textarea', { name: 'text', id: 'progress-text', rows: 3, maxlength: '2000',
      placeholder: t('projects.progress.textHint') }, sent.text || '')),
    h('div', { class: 'filter-row' },
      field(t('projects.progress.percent'), box('percent', { type: 'number', min: '0', max: '100', step: '1',
        placeholder: String(pr.percent), value: sent.percent ?? '' })),
      field(t('projects.progress.done'), box('done', { type: 'number', min: '0', step: '0.01',
        placeholder: String(pr.investment_done_wan), value: sent.investment_done_wan ?? '' }))),
    h('p', { class: 'muted small' }, t('projects.progress.keep')),
    field(t('projects.progress.reason'), box('reason', { maxlength: '2000', value: sent.over_budget_reason || '' })),
    field(t('projects.progress.photos'), h('input', { type: 'file', name: 'photos', id: 'progress-photos',
      accept: 'image/jpeg,image/png,image/webp,image/heic', multiple: true })),
    p.uploading ? h('p', { class: 'muted', id: 'progress-uploading' }, p.uploading) : null,
  ], t('projects.progress.submit'), (v, form) => {
    if (!v.text) return t('projects.progress.needText');
    const photos = files(form, 'photos');
    if (photos.length > MAX_PHOTOS) return t('projects.progress.tooMany');
    p.onProgress({ text: v.text, percent: number(v.percent), investment_done_wan: number(v.done),
      over_budget_reason: v.reason || null }, photos);
    return '';
  }, kept ? kept.text : '');
}

// 现场验收销号, for a completed or in-use project: the position from the browser or typed.
export function verifyForm(pr, p) {
  const kept = sentFor(p, 'verify');
  const sent = kept ? kept.body : {};
  const at = p.located || sent;
  const choice = (name, codes, table, value) => select({ name, id: `verify-${name}` },
    codes.map((c) => ({ value: c, label: t(`${table}.${c}`) })), value);
  return actionForm('project-verify', t('projects.verify.title'), [
    h('p', { class: 'muted small' }, t('projects.verify.rule')),
    h('div', { class: 'filter-row' },
      field(t('projects.verify.decision'), choice('decision', DECISIONS, 'projects.verify.decisions', sent.decision)),
      field(t('projects.verify.satisfaction'), choice('satisfaction', SATISFACTIONS, 'satisfaction', sent.satisfaction))),
    h('div', { class: 'filter-row' },
      field(t('projects.verify.lat'), h('input', { name: 'lat', id: 'verify-lat', inputmode: 'decimal', value: at.lat ?? '' })),
      field(t('projects.verify.lon'), h('input', { name: 'lon', id: 'verify-lon', inputmode: 'decimal', value: at.lon ?? '' })),
      h('button', { type: 'button', class: 'btn small', id: 'verify-locate', onclick: p.onLocate },
        t('projects.verify.locate'))),
    p.locateNote ? h('p', { class: 'muted small', id: 'verify-located' }, p.locateNote) : null,
    field(t('projects.verify.photos'), h('input', { type: 'file', name: 'photos', id: 'verify-photos',
      accept: 'image/jpeg,image/png,image/webp,image/heic', multiple: true })),
    field(t('projects.verify.note'), h('textarea', { name: 'note', rows: 2, maxlength: '2000' }, sent.note || '')),
    field(t('projects.verify.resident'), h('input', { name: 'resident_name', maxlength: '60',
      value: sent.resident_name || '' })),
    p.canOverride ? field(t('projects.verify.override'), h('input', { name: 'override_reason', maxlength: '500',
      value: sent.override_reason || '' })) : null,
  ], t('projects.verify.submit'), (v, form) => {
    const lat = Number.parseFloat(v.lat);
    const lon = Number.parseFloat(v.lon);
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) return t('projects.verify.needPosition');
    const photos = files(form, 'photos');
    if (photos.length > MAX_PHOTOS) return t('projects.progress.tooMany');
    p.onVerify({ decision: v.decision, satisfaction: v.satisfaction, lat, lon,
      accuracy_m: p.located ? p.located.accuracy_m : null, note: v.note || null,
      resident_name: v.resident_name || null, override_reason: v.override_reason || null }, photos);
    return '';
  }, kept ? kept.text : '');
}
