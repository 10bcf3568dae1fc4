// photopicker.js — camera and gallery buttons with the chosen photos as a grid,
// each removable: the after-photos of 提交整改 and the photos of 现场验收 (the
// report form keeps its own, older copy of the same markup).

import { h, replace } from './dom.js';
import { t } from '../i18n/t.js';
import { heicNote, photoTile } from './phototile.js';

export function createPhotoPicker({ prefix, legend, onFiles, onRemove }) {
  const input = (id, camera) => h('input', { id, type: 'file', accept: 'image/*',
    capture: camera ? 'environment' : null, multiple: !camera, class: 'file-input',
    onchange: (e) => { const files = [...e.target.files]; e.target.value = ''; onFiles(files); } });
  const grid = h('ul', { class: 'photos', 'aria-live': 'polite' });
  const note = h('p', { class: 'muted' });
  const heic = h('p', { class: 'muted heic-note', hidden: true });
  const el = h('fieldset', { class: 'field' }, h('legend', {}, legend),
    h('div', { class: 'row' },
      h('label', { class: 'btn file', for: `${prefix}-camera` }, t('report.camera'),
        input(`${prefix}-camera`, true)),
      h('label', { class: 'btn file', for: `${prefix}-gallery` }, t('report.gallery'),
        input(`${prefix}-gallery`, false))),
    note, grid, heic);
  let shown = null;
  return {
    el,
    update(list, processing) {
      note.textContent = processing ? t('report.processing')
        : (list.length ? t('report.photoCount', { n: list.length }) : '');
      const key = list.map((p) => p.sha).join();
      if (key === shown) return; // the same photos: keep the grid (a GPS fix re-renders often)
      shown = key;
      replace(grid, list.map((p) => photoTile(p, () => onRemove(p.sha))));
      heicNote(heic, list);
    },
  };
}
