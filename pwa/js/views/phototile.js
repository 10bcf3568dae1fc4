// phototile.js — one chosen photo as a tile on a form (上报问题, 提交整改, 现场验收),
// removable. A HEIC/HEIF photo (iPhone) goes up as taken (capture/photo.js does
// not convert it), and most browsers cannot even show it: its tile says so with
// the size, and turns into a preview only where the browser can decode it (Safari).
// The form says once why such photos are not reduced: the phone cannot convert
// them, the server makes the smaller copies.

import { h } from './dom.js';
import { t } from '../i18n/t.js';
import { bytes } from '../util/basics.js';

export const isHeic = (p) => p.mime === 'image/heic' || p.mime === 'image/heif';

// The tile; `unchanged` marks a photo sent as taken (原图上传) on its size line.
export function photoTile(p, onRemove, { unchanged = false } = {}) {
  const remove = h('button', { type: 'button', class: 'photo-remove', 'aria-label': t('report.remove'),
    onclick: onRemove }, '×');
  if (isHeic(p)) return heicTile(p, remove);
  const size = unchanged && !p.resized ? `${bytes(p.size)} ${t('report.photoUnchanged')}` : bytes(p.size);
  return h('li', { class: 'photo', 'data-sha': p.sha },
    p.url ? h('img', { src: p.url, alt: '', loading: 'lazy' }) : null,
    h('span', { class: 'photo-size' }, size), remove);
}

// A HEIC tile: the words and the size, replaced by the picture once it decodes.
function heicTile(p, remove) {
  const words = [h('span', { class: 'photo-kind' }, t('report.heicKind')),
    h('span', { class: 'photo-hint' }, t('report.heicNoPreview'))];
  const tile = h('li', { class: 'photo heic', 'data-sha': p.sha, 'data-preview': 'none' },
    words, h('span', { class: 'photo-size' }, bytes(p.size)), remove);
  if (!p.url) return tile;
  tile.dataset.preview = 'checking';
  const img = h('img', { alt: '' });
  img.addEventListener('load', () => {
    for (const w of words) w.remove();
    tile.classList.remove('heic');
    tile.prepend(img);
    tile.dataset.preview = 'image';
  });
  img.addEventListener('error', () => { tile.dataset.preview = 'none'; });
  img.src = p.url;
  return tile;
}

// The form's one line about its HEIC photos (hidden when there are none).
export function heicNote(el, list) {
  const heic = list.filter(isHeic);
  el.hidden = !heic.length;
  el.textContent = heic.length ? t('report.heicNote', { n: heic.length,
    size: bytes(heic.reduce((sum, p) => sum + (p.size || 0), 0)) }) : '';
}
