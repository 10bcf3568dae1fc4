// item.js — one public item's page (what a 公示牌's QR code opens): its public text,
// place, category, unit, deadline, the progress as a timeline of local days, the
// before/after photos, the 群众评议 counts and the form. It never fetches.

import { h, replace } from '../dom.js';
import { t, nameOf } from '../i18n/t.js';
import { fullDay } from '../format.js';
import { statusChip } from './card.js';
import { gallery } from './photos.js';
import { countsBox, rateForm } from './rate.js';

function fact(label, value, extra) {
  if (!value) return null;
  return [h('dt', {}, label), h('dd', {}, value, extra || null)];
}

function facts(it) {
  const late = it.overdue ? h('span', { class: 'chip late' }, t('list.overdue')) : null;
  return h('dl', { class: 'facts' },
    fact(t('item.place'), it.place),
    fact(t('item.category'), it.category_name || it.category),
    fact(t('item.unit'), it.unit),
    fact(t('item.deadline'), fullDay(it.deadline), late),
    fact(t('item.reported'), fullDay(it.reported_on)));
}

// The progress, oldest first: a day and what happened, for each step.
function timeline(steps) {
  return h('ol', { class: 'timeline' }, (steps || []).map((s) => h('li', { dataset: { step: s.step } },
    h('time', { datetime: s.on || '' }, fullDay(s.on)), h('span', {}, nameOf('steps', s.step)))));
}

// The item's page; back(e) returns to the list; send({rating, text}) gives 群众评议.
export function itemView({ item, backHref, back, send }) {
  const counts = h('div', { class: 'votes-box' }, countsBox(item.feedback));
  const photos = [gallery('before', item.photos && item.photos.before),
    gallery('after', item.photos && item.photos.after)].filter(Boolean);
  return h('article', { class: 'item-page', dataset: { id: String(item.id), status: item.status } },
    h('a', { class: 'back', href: backHref, onclick: back }, t('item.back')),
    h('header', { class: 'item-head' },
      statusChip(item.status),
      item.overdue ? h('span', { class: 'chip late' }, t('list.overdue')) : null,
      h('span', { class: 'number' }, t('item.number', { id: item.id }))),
    h('p', { class: 'item-text' }, item.text),
    facts(item),
    h('section', { class: 'progress' }, h('h2', {}, t('item.progress')), timeline(item.steps)),
    photos.length ? h('section', { class: 'photos' }, photos) : null,
    h('section', { class: 'feedback' }, h('h2', {}, t('item.votes')), counts,
      rateForm({ send, onCounts: (c) => replace(counts, countsBox(c)) })));
}

// The page for an item that is not public (or not there).
export function notFoundView({ backHref, back }) {
  return h('section', { class: 'not-found' }, h('p', { role: 'alert' }, t('item.notFound')),
    h('a', { class: 'btn', href: backHref, onclick: back }, t('item.back')));
}
