// progress.js — 填报进展, the handler's form on a project page: what was done (a plain
// textarea, so the phone's voice keyboard works), 形象进度 in percent and 累计完成投资 in
// 万元 (each left empty when unchanged; the current figures are the hints), the reason
// for investment above the total (asked for only when the amount typed is above it),
// photos and the phone's position. Numbers are typed in text fields with a numeric
// keyboard, so full-width digits and thousands commas are read too (util/progress.js).
// The form keeps its DOM while the app runs, so nothing typed is lost when the handler
// looks at another screen; the controller keeps a draft as well.

import { h } from './dom.js';
import { t } from '../i18n/t.js';
import { parseWan, wan } from '../util/progress.js';
import { createPhotoPicker } from './photopicker.js';

export const MAX_PHOTOS = 9;

export function createProgressForm(actions) {
  const changed = () => { showReason(); actions.onDraft(); };
  const text = h('textarea', { id: 'progress-text', name: 'text', rows: 4, maxlength: 2000,
    placeholder: t('projects.form.textHint'), oninput: changed });
  const percent = h('input', { id: 'progress-percent', name: 'percent', inputmode: 'numeric',
    autocomplete: 'off', maxlength: 4, oninput: changed });
  const done = h('input', { id: 'progress-done', name: 'done', inputmode: 'decimal',
    autocomplete: 'off', maxlength: 20, oninput: changed });
  const reason = h('textarea', { id: 'progress-reason', name: 'reason', rows: 2, maxlength: 2000,
    placeholder: t('projects.form.reasonHint'), oninput: changed });
  const reasonField = h('div', { class: 'field', id: 'progress-reason-field', hidden: true },
    h('label', { for: 'progress-reason' }, t('projects.form.reason')), reason);
  const picker = createPhotoPicker({ prefix: 'progress',
    legend: t('projects.form.photos', { max: MAX_PHOTOS }), onFiles: actions.onFiles,
    onRemove: actions.onRemove });
  const gps = h('p', { class: 'gps-text', id: 'progress-gps' });
  const error = h('p', { class: 'error', id: 'progress-error', role: 'alert' });
  const save = h('button', { type: 'submit', class: 'btn primary big', id: 'progress-save' },
    t('projects.form.save'));
  let photos = [];
  let total = Infinity;

  const el = h('form', { class: 'card closing-form progress-form', novalidate: true,
    onsubmit: (e) => { e.preventDefault(); error.textContent = ''; actions.onSave(); } },
  h('h2', { class: 'form-title' }, t('projects.form.title')),
  h('label', { for: 'progress-text' }, t('projects.form.text')), text,
  h('label', { for: 'progress-percent' }, t('projects.form.percent')), percent,
  h('label', { for: 'progress-done' }, t('projects.form.done')), done,
  reasonField, picker.el,
  h('fieldset', { class: 'field gps' }, h('legend', {}, t('projects.form.gps')), gps),
  error, save);

  // The reason is asked for once the amount typed is above the total.
  function showReason() {
    const typed = parseWan(done.value);
    reasonField.hidden = !(typed != null && typed > total);
  }

  return {
    el,
    // project: the project as it stands (its figures are the hints); fix: the phone's
    update({ photos: list = [], processing = false, saving = false, project, fix }) {
      photos = list;
      picker.update(list, processing);
      save.disabled = Boolean(saving || processing);
      save.textContent = saving ? t('projects.form.saving') : t('projects.form.save');
      if (project) {
        total = Number(project.investment_total_wan || 0);
        percent.placeholder = t('projects.form.percentHint', { n: project.percent });
        done.placeholder = t('projects.form.doneHint', { done: wan(project.investment_done_wan),
          total: wan(total) });
      }
      showReason();
      gps.textContent = fix ? t('projects.form.gpsFix', { m: Math.round(fix.accuracy) })
        : t('projects.form.gpsWaiting');
    },
    values: () => ({ text: text.value, percent: percent.value, done: done.value,
      reason: reason.value, photos: photos.map((p) => p.sha) }),
    setValues(v = {}) {
      text.value = v.text || '';
      percent.value = v.percent || '';
      done.value = v.done || '';
      reason.value = v.reason || '';
      showReason();
    },
    isDirty: () => Boolean(text.value.trim() || percent.value.trim() || done.value.trim() || photos.length),
    showError(message) { error.textContent = message; },
  };
}
