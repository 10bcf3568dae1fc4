// rectify.js — 提交整改, the handler's form on an item page: what was done (a
// plain textarea, so the phone's voice keyboard works) and the after-photos.
// The form keeps its DOM while the app runs, so nothing typed is lost when the
// handler looks at another screen; the controller keeps a draft as well.

import { h } from './dom.js';
import { t } from '../i18n/t.js';
import { createPhotoPicker } from './photopicker.js';

export const MAX_PHOTOS = 9;

export function createRectifyForm(actions) {
  const note = h('textarea', { id: 'rectify-note', name: 'note', rows: 4, maxlength: 2000,
    placeholder: t('rectify.noteHint'), oninput: () => actions.onDraft() });
  const picker = createPhotoPicker({ prefix: 'rectify', legend: t('rectify.photos', { max: MAX_PHOTOS }),
    onFiles: actions.onFiles, onRemove: actions.onRemove });
  const error = h('p', { class: 'error', role: 'alert' });
  const save = h('button', { type: 'submit', class: 'btn primary big', id: 'rectify-save' },
    t('rectify.save'));
  let photos = [];
  const el = h('form', { class: 'card closing-form rectify-form', novalidate: true,
    onsubmit: (e) => { e.preventDefault(); error.textContent = ''; actions.onSave(); } },
  h('h2', { class: 'form-title' }, t('rectify.title')),
  h('label', { for: 'rectify-note' }, t('rectify.note')), note,
  picker.el, error, save);

  return {
    el,
    update({ photos: list = [], processing = false, saving = false }) {
      photos = list;
      picker.update(list, processing);
      save.disabled = Boolean(saving || processing);
      save.textContent = saving ? t('rectify.saving') : t('rectify.save');
    },
    values: () => ({ note: note.value, photos: photos.map((p) => p.sha) }),
    setValues(v = {}) { note.value = v.note || ''; },
    isDirty: () => Boolean(note.value.trim() || photos.length),
    reset() { note.value = ''; error.textContent = ''; },
    showError(message) { error.textContent = message; },
  };
}
