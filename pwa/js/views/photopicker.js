// photopicker.js — camera and gallery buttons with the chosen photos as a grid,
// each removable: the after-photos of 提交整改 and the photos of 现场验收 (the
// report form keeps its own, older copy of the same markup).

import { h, replace } from './dom.js';
import { t } from '../i18n/t.js';
import { bytes } from '../util/basics.js';

export function createPhotoPicker({ prefix, legend, onFiles, onRemove }) {
  const input = (id, camera) => h('input', { id, type: 'file', accept: 'image/*',
    capture: camera ? 'environment' : null, multiple: !camera, class: 'file-input',
    onchange: (e) => { const files = [...e.target.files]; e.target.value = ''; onFiles(files); } });
  const grid = h('ul', { class: 'photos', 'aria-live': 'polite' });
  const note = h('p', { class: 'muted' });
  const el = h('fieldset', { class: 'field' }, h('legend', {}, legend),
    h('div', { class: 'row' },
      h('label', { class: 'btn file', for: `${prefix}-camera` }, t('report.camera'),
        input(`${prefix}-camera`, true)),
      h('label', { class: 'btn file', for: `${prefix}-gallery` }, t('report.gallery'),
        input(`${prefix}-gallery`, false))),
    note, grid);
  let shown = null;
  return {
    el,
    update(list, processing) {
      note.textContent = processing ? t('report.processing')
        : (list.length ? t('report.photoCount', { n: list.length }) : '');
      const key = list.map((p) => p.sha).join();
      if (key === shown) return; // the same photos: keep the grid (a GPS fix re-renders often)
      shown = key;
      replace(grid, list.map((p) => h('li', { class: 'photo', 'data-sha': p.sha },
        p.url ? h('img', { src: p.url, alt: '', loading: 'lazy' }) : null,
        h('span', { class: 'photo-size' }, bytes(p.size)),
        h('button', { type: 'button', class: 'photo-remove', 'aria-label': t('report.remove'),
          onclick: () => onRemove(p.sha) }, '×'))));
    },
  };
}
