// verify.js — 现场验收, the supervisor's form on an item page: the distance to
// the item with a warning beyond the allowed distance, on-site photos, the
// resident's satisfaction, name and handwritten signature, a note, and the
// decision 通过销号 / 退回整改. 不满意 can only send the item back.

import { h, replace } from './dom.js';
import { t } from '../i18n/t.js';
import { distance } from '../util/basics.js';
import { createPhotoPicker } from './photopicker.js';
import { createSignaturePad } from './signature.js';
import { distanceTo } from './itemparts.js';

export const MAX_PHOTOS = 9;
const LEVELS = ['satisfied', 'basic', 'unsatisfied'];
let forms = 0;

export function createVerifyForm(actions) {
  forms += 1;
  const group = `satisfaction-${forms}`;
  const where = h('p', { class: 'gps-text', id: 'verify-distance' });
  const farWarn = h('p', { class: 'warn', id: 'verify-far', role: 'alert', hidden: true });
  const picker = createPhotoPicker({ prefix: 'verify', legend: t('verify.photos', { max: MAX_PHOTOS }),
    onFiles: actions.onFiles, onRemove: actions.onRemove });
  const levels = h('div', { class: 'chips', role: 'radiogroup', 'aria-label': t('verify.satisfaction') },
    LEVELS.map((level) => h('label', { class: 'chip-choice' },
      h('input', { type: 'radio', name: group, value: level, onchange: () => changed() }),
      h('span', {}, t(`satisfaction.${level}`)))));
  const resident = h('input', { id: 'verify-resident', name: 'resident', maxlength: 60,
    autocomplete: 'off', placeholder: t('verify.residentHint'), oninput: () => actions.onDraft() });
  const pad = createSignaturePad({ label: t('verify.signatureLabel'), onChange: () => changed() });
  const clearPad = h('button', { type: 'button', class: 'btn ghost', id: 'signature-clear',
    onclick: () => pad.clear() }, t('verify.clearSignature'));
  const note = h('textarea', { id: 'verify-note', name: 'note', rows: 3, maxlength: 2000,
    oninput: () => actions.onDraft() });
  const hint = h('p', { class: 'warn', id: 'verify-unsatisfied', hidden: true },
    t('verify.unsatisfiedHint'));
  const error = h('p', { class: 'error', id: 'verify-error', role: 'alert' });
  const accept = h('button', { type: 'button', class: 'btn primary', id: 'verify-accept',
    'data-decision': 'accept', onclick: () => submit('accept') }, t('decision.accept'));
  const back = h('button', { type: 'button', class: 'btn danger', id: 'verify-return',
    'data-decision': 'return', onclick: () => submit('return') }, t('decision.return'));
  let photos = [];
  let busy = false;

  const el = h('form', { class: 'card closing-form verify-form', novalidate: true,
    onsubmit: (e) => e.preventDefault() },
  h('h2', { class: 'form-title' }, t('verify.title')),
  h('fieldset', { class: 'field gps' }, where, farWarn),
  picker.el,
  h('fieldset', { class: 'field' }, h('legend', {}, t('verify.satisfaction')), levels),
  h('label', { for: 'verify-resident' }, t('verify.resident')), resident,
  h('fieldset', { class: 'field' }, h('legend', {}, t('verify.signature')), pad.el,
    h('div', { class: 'row' }, clearPad)),
  h('label', { for: 'verify-note' }, t('verify.note')), note,
  hint, error, h('div', { class: 'row decision' }, back, accept));

  function satisfaction() { return levels.querySelector('input:checked')?.value || ''; }

  function changed() {
    const unhappy = satisfaction() === 'unsatisfied';
    hint.hidden = !unhappy;
    accept.disabled = busy || unhappy;
    actions.onDraft();
  }

  function submit(decision) {
    error.textContent = '';
    actions.onSave(decision);
  }

  return {
    el,
    pad,
    update({ photos: list = [], processing = false, saving = false, fix, item, maxM }) {
      photos = list;
      picker.update(list, processing);
      busy = Boolean(saving || processing);
      back.disabled = busy;
      accept.disabled = busy || satisfaction() === 'unsatisfied';
      accept.textContent = saving ? t('verify.saving') : t('decision.accept');
      const d = distanceTo(item, fix);
      replace(where, !fix ? t('verify.noFix') : (d == null ? t('item.noVerifyPosition')
        : t('verify.distance', { d: distance(d), acc: Math.round(fix.accuracy) })));
      const far = d != null && d > maxM;
      farWarn.hidden = !far;
      farWarn.textContent = far ? t('verify.far', { max: maxM }) : '';
      where.className = far ? 'gps-text error' : 'gps-text';
    },
    values: () => ({ satisfaction: satisfaction(), resident: resident.value, note: note.value,
      photos: photos.map((p) => p.sha) }),
    setValues(v = {}) {
      for (const input of levels.querySelectorAll('input')) input.checked = input.value === v.satisfaction;
      resident.value = v.resident || '';
      note.value = v.note || '';
      hint.hidden = v.satisfaction !== 'unsatisfied';
    },
    isDirty() {
      return Boolean(satisfaction() || resident.value.trim() || note.value.trim() || photos.length
        || pad.hasInk);
    },
    reset() {
      this.setValues({});
      pad.clear();
      error.textContent = '';
    },
    showError(message) { error.textContent = message; },
  };
}
