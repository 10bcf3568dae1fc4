// photos.js — photos on an item's or a project's page (before/after, progress): thumbnails
// in a row, and a tap opens the display size over the page (a modal <dialog>, closed by
// 关闭, Esc or a tap outside the photo). Only derivatives the server re-encoded are shown.

import { h, replace } from '../dom.js';
import { t } from '../i18n/t.js';
import { photoUrl } from '../route.js';

let viewer = null;

// The one photo viewer of the page, made on first use.
function theViewer() {
  if (viewer) return viewer;
  const img = h('img', { class: 'viewer-img', alt: '' });
  const caption = h('p', { class: 'viewer-caption' });
  const dialog = h('dialog', { class: 'viewer', 'aria-label': t('viewer.title') },
    h('div', { class: 'viewer-bar' }, caption,
      h('button', { type: 'button', class: 'btn', id: 'viewer-close', onclick: () => dialog.close() },
        t('viewer.close'))),
    img);
  dialog.addEventListener('click', (e) => { if (e.target === dialog || e.target === img) dialog.close(); });
  dialog.addEventListener('close', () => img.removeAttribute('src'));
  document.body.append(dialog);
  viewer = { dialog, img, caption };
  return viewer;
}

function open(sha, label) {
  const v = theViewer();
  v.img.src = photoUrl(sha, 'display');
  v.img.alt = label;
  replace(v.caption, label);
  v.dialog.showModal();
}

// A row of thumbnails, each opening its photo; `name` labels them (整改前照片 …).
export function thumbRow(shas, name) {
  return h('ul', { class: 'thumbs' }, shas.map((sha, i) => {
    const label = t('item.photoNo', { kind: name, n: i + 1, total: shas.length });
    return h('li', {}, h('button', { type: 'button', class: 'thumb-btn', 'aria-label': label,
      onclick: () => open(sha, label) },
    h('img', { src: photoUrl(sha, 'thumb'), alt: label, width: 96, height: 96, loading: 'lazy' })));
  }));
}

// One gallery (kind 'before', 'after' or 'progress') with its heading (the item's words
// unless `name` is given), or null when it has no photos.
export function gallery(kind, shas, name = t(`item.${kind}`)) {
  if (!shas || !shas.length) return null;
  return h('section', { class: 'gallery', dataset: { kind } }, h('h3', {}, name), thumbRow(shas, name));
}
