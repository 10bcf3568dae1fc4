// phototile.js — one chosen photo as a tile on a form (上报问题, 提交整改, 现场验收),
// removable. The browser cannot decode HEIC/HEIF (iPhone photos), so such a photo
// is shown as a tile with its size that says it cannot be previewed, and the form
// says once why it goes up unreduced: the phone cannot convert it, the server
// makes the smaller copies.

import { h } from './dom.js';
import { t } from '../i18n/t.js';
import { bytes } from '../util/basics.js';

export const isHeic = (p) => p.mime === 'image/heic' || p.mime === 'image/heif';

// The tile; `unchanged` marks a photo sent as taken (原图上传) on its size line.
export function photoTile(p, onRemove, { unchanged = false } = {}) {
  const remove = h('button', { type: 'button', class: 'photo-remove', 'aria-label': t('report.remove'),
    onclick: onRemove }, '×');
  if (isHeic(p)) {
    return h('li', { class: 'photo heic', 'data-sha': p.sha, 'data-preview': 'none' },
      h('span', { class: 'photo-kind' }, t('report.heicKind')),
      h('span', { class: 'photo-hint' }, t('report.heicNoPreview')),
      h('span', { class: 'photo-size' }, bytes(p.size)), remove);
  }
  const size = unchanged && !p.resized ? `${bytes(p.size)} ${t('report.photoUnchanged')}` : bytes(p.size);
  return h('li', { class: 'photo', 'data-sha': p.sha },
    p.url ? h('img', { src: p.url, alt: '', loading: 'lazy' }) : null,
    h('span', { class: 'photo-size' }, size), remove);
}

// The form's one line about its HEIC photos (hidden when there are none).
export function heicNote(el, list) {
  const heic = list.filter(isHeic);
  el.hidden = !heic.length;
  el.textContent = heic.length ? t('report.heicNote', { n: heic.length,
    size: bytes(heic.reduce((sum, p) => sum + (p.size || 0), 0)) }) : '';
}
