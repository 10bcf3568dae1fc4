// recheck.js — 周抽查复核, the supervisor's form on the page of a closed item drawn for
// the week's spot check: the distance to the item with the same warning as 现场验收
// (the server refuses a re-check from farther than the allowed distance), on-site photos,
// the result 合格 / 不合格（反弹） and a note, required for 不合格, which reopens the item.
// The photo picker is handed in by the closing controller, which owns the photos (so this
// module imports core modules only).

import { h, replace } from './dom.js';
import { t } from '../i18n/t.js';
import { distance } from '../util/basics.js';
import { distanceTo } from './itemparts.js';

export const RESULTS = ['pass', 'fail'];
let forms = 0;

// picker: { el, update(photos, processing) }, as views/photopicker.js makes it.
export function createRecheckForm(actions, picker) {
  forms += 1;
  const group = `recheck-result-${forms}`;
  const intro = h('p', { class: 'muted', id: 'recheck-intro' }, t('recheck.intro'));
  const givenTo = h('p', { class: 'warn', id: 'recheck-given', hidden: true });
  const where = h('p', { class: 'gps-text', id: 'recheck-distance' });
  const farWarn = h('p', { class: 'warn', id: 'recheck-far', role: 'alert', hidden: true });
  const results = h('div', { class: 'chips', role: 'radiogroup', 'aria-label': t('recheck.result') },
    RESULTS.map((r) => h('label', { class: 'chip-choice' },
      h('input', { type: 'radio', name: group, value: r, onchange: () => changed() }),
      h('span', {}, t(`recheck.results.${r}`)))));
  const failHint = h('p', { class: 'warn', id: 'recheck-fail-hint', hidden: true },
    t('recheck.failHint'));
  const note = h('textarea', { id: 'recheck-note', name: 'note', rows: 3, maxlength: 2000,
    placeholder: t('recheck.noteHint'), oninput: () => actions.onDraft() });
  const error = h('p', { class: 'error', id: 'recheck-error', role: 'alert' });
  const save = h('button', { type: 'submit', class: 'btn primary big', id: 'recheck-save' },
    t('recheck.save'));
  let photos = [];

  const el = h('form', { class: 'card closing-form recheck-form', novalidate: true,
    onsubmit: (e) => { e.preventDefault(); error.textContent = ''; actions.onSave(); } },
  h('h2', { class: 'form-title' }, t('recheck.title')), intro, givenTo,
  h('fieldset', { class: 'field gps' }, where, farWarn),
  picker.el,
  h('fieldset', { class: 'field' }, h('legend', {}, t('recheck.result')), results, failHint),
  h('label', { for: 'recheck-note' }, t('recheck.note')), note,
  error, save);

  const result = () => results.querySelector('input:checked')?.value || '';

  function changed() {
    failHint.hidden = result() !== 'fail';
    actions.onDraft();
  }

  // Whom the spot check was given to, when it is another supervisor.
  function showGivenTo(item, meId) {
    const sc = item?.spot_check;
    const other = sc && sc.supervisor_id != null && sc.supervisor_id !== meId;
    givenTo.hidden = !other;
    givenTo.textContent = other ? t('recheck.givenToOther', { name: sc.supervisor_name || '' }) : '';
  }

  return {
    el,
    update({ photos: list = [], processing = false, saving = false, fix, item, maxM, meId }) {
      photos = list;
      picker.update(list, processing);
      save.disabled = Boolean(saving || processing);
      save.textContent = saving ? t('recheck.saving') : t('recheck.save');
      showGivenTo(item, meId);
      const d = distanceTo(item, fix);
      replace(where, !fix ? t('recheck.noFix') : (d == null ? t('item.noVerifyPosition')
        : t('recheck.distance', { d: distance(d), acc: Math.round(fix.accuracy) })));
      const far = d != null && d > maxM;
      farWarn.hidden = !far;
      farWarn.textContent = far ? t('recheck.far', { max: maxM }) : '';
      where.className = far ? 'gps-text error' : 'gps-text';
    },
    values: () => ({ result: result(), note: note.value, photos: photos.map((p) => p.sha) }),
    setValues(v = {}) {
      for (const input of results.querySelectorAll('input')) input.checked = input.value === v.result;
      note.value = v.note || '';
      failHint.hidden = v.result !== 'fail';
    },
    isDirty: () => Boolean(result() || note.value.trim() || photos.length),
    reset() {
      this.setValues({});
      error.textContent = '';
    },
    showError(message) { error.textContent = message; },
  };
}
