// viewer.js — the photo viewer: one photo at display size over the page, with
// previous/next (buttons and ← →), Esc to close and the original for download.
// The controller hands it image URLs; it never fetches.

import { h, replace } from './dom.js';
import { t } from '../i18n/t.js';

export function createViewer({ loadPhoto, onOriginal, canOriginal }) {
  let list = [];
  let index = 0;
  let lastFocus = null;
  const img = h('img', { class: 'viewer-img', alt: '' });
  const count = h('span', { class: 'viewer-count' });
  const prev = h('button', { type: 'button', class: 'btn', onclick: () => show(index - 1) }, t('viewer.prev'));
  const next = h('button', { type: 'button', class: 'btn', onclick: () => show(index + 1) }, t('viewer.next'));
  const original = h('button', { type: 'button', class: 'btn ghost', onclick: () => onOriginal(list[index]) },
    t('viewer.original'));
  const closeBtn = h('button', { type: 'button', class: 'btn', id: 'viewer-close', onclick: () => close() },
    t('app.close'));
  const el = h('div', { class: 'viewer', role: 'dialog', 'aria-modal': 'true', 'aria-label': t('viewer.title'),
    hidden: true, tabindex: '-1' },
  h('div', { class: 'viewer-bar' }, count, prev, next, canOriginal ? original : null, closeBtn),
  h('div', { class: 'viewer-stage' }, img));
  el.addEventListener('click', (e) => { if (e.target === el) close(); });
  el.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') close();
    else if (e.key === 'ArrowLeft') show(index - 1);
    else if (e.key === 'ArrowRight') show(index + 1);
  });

  function show(i) {
    if (!list.length) return;
    index = (i + list.length) % list.length;
    replace(count, t('viewer.count', { i: index + 1, n: list.length }));
    img.removeAttribute('src');
    img.dataset.sha = list[index];
    img.alt = `${t('viewer.title')} ${index + 1}`;
    loadPhoto(img, list[index], 'display');
    prev.disabled = next.disabled = list.length < 2;
  }

  function open(shas, i = 0) {
    list = shas.slice();
    lastFocus = document.activeElement;
    el.hidden = false;
    show(i);
    el.focus();
  }

  function close() {
    el.hidden = true;
    img.removeAttribute('src');
    if (lastFocus && lastFocus.focus) lastFocus.focus();
  }

  return { el, open, close };
}
