// card.js — one public item as a compact card of the list: its text clamped to two
// lines, place (township · area) and category, status, unit and deadline (逾期 marked),
// the 群众评议 counts, and a thumbnail only when the item has a photo. The whole card
// links to the item's page.

import { h } from '../dom.js';
import { t, nameOf } from '../i18n/t.js';
import { shortDay } from '../format.js';
import { itemHref, photoUrl } from '../route.js';

const RATINGS = ['satisfied', 'basic', 'unsatisfied'];

// The photo a card shows: the first after photo, else the first before photo, else none.
function thumbOf(it) {
  const photos = it.photos || {};
  return (photos.after || [])[0] || (photos.before || [])[0] || null;
}

// 满意 3 · 基本满意 1 · 不满意 0, or 暂无群众评议 when nobody has rated yet.
export function votesLine(counts) {
  const c = counts || {};
  if (!RATINGS.some((r) => c[r] > 0)) return t('list.noVotes');
  return RATINGS.map((r) => t('votes.count', { name: nameOf('votes', r), n: c[r] || 0 })).join(' · ');
}

// The status chip (整改中, 待验收 ...), coloured by status.
export function statusChip(status) {
  return h('span', { class: `chip st-${status}`, dataset: { status } }, nameOf('status', status));
}

export function card(it) {
  const sha = thumbOf(it);
  const where = [it.place, it.category_name].filter(Boolean).join(' · ');
  return h('li', { class: 'item', dataset: { id: String(it.id), status: it.status } },
    h('a', { class: 'card', href: itemHref(it.id), dataset: { nav: 'item' } },
      sha ? h('img', { class: 'thumb', src: photoUrl(sha, 'thumb'), alt: t('list.photo'),
        width: 64, height: 64, loading: 'lazy', decoding: 'async' }) : null,
      h('div', { class: 'card-body' },
        h('p', { class: 'text' }, it.text),
        where ? h('p', { class: 'where' }, where) : null,
        h('p', { class: 'state' }, statusChip(it.status),
          it.unit ? h('span', { class: 'unit' }, it.unit) : null,
          it.deadline ? h('span', { class: 'deadline' }, t('list.deadline', { date: shortDay(it.deadline) })) : null,
          it.overdue ? h('span', { class: 'chip late' }, t('list.overdue')) : null),
        h('p', { class: 'votes-line' }, votesLine(it.feedback)))));
}
