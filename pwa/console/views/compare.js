// compare.js — the queue's side panel: the chosen item (text, photos, flags, who
// reported it) and, beside each suggested duplicate, the same facts of the other
// item so the office can compare and merge with one click.

import { h } from './dom.js';
import { t, nameOf } from '../i18n/t.js';
import { statusChip, itemBadges, photoStrip, definitionList } from './parts.js';
import { dateTime, metres, percent } from '../lib/format.js';
import { loadingView, errorView } from './shell.js';

const beforePhotos = (it) => (it.photos || []).filter((ph) => ph.kind === 'before').map((ph) => ph.sha256);

function summary(it, p) {
  const reporters = [...new Set((it.reports || []).map((r) => r.reporter_name).filter(Boolean))].join('、');
  return [
    h('p', { class: 'desc-full' }, it.description),
    h('p', {}, statusChip(it.status), ' ', itemBadges(it)),
    definitionList([
      [t('item.category'), p.ref.categoryNames.get(it.category) || it.category],
      [t('item.area'), it.area_name],
      [t('item.reporter'), reporters],
      [t('item.created'), dateTime(it.created_at)],
      [t('item.unit'), it.unit_name],
      [t('item.deadline'), it.deadline],
    ]),
    photoStrip(beforePhotos(it), { loadPhoto: p.loadPhoto, onOpen: p.onPhoto }),
    it.flags && it.flags.length ? h('ul', { class: 'flags' }, it.flags.map((f) => h('li', { class: 'flag' },
      nameOf('flags', f.kind)))) : null,
  ];
}

function suggestionCard(entry, item, p) {
  const { suggestion: s, other } = entry;
  const d = s.details || {};
  const reasons = (d.reasons || []).filter((r) => !r.startsWith('item_')).map((r) => nameOf('reasons', r)).join('、');
  return h('article', { class: 'card suggestion', dataset: { other: String(s.item_id) } },
    h('h4', {}, h('a', { href: `#/item/${s.item_id}` }, `#${s.item_id}`), ' ', statusChip(s.status)),
    h('p', { class: 'muted' }, [
      d.text_similarity === undefined ? '' : t('queue.similarity', { p: percent(d.text_similarity, 0) }),
      d.distance_m === null || d.distance_m === undefined ? '' : ` · ${t('queue.distance', { d: metres(d.distance_m) })}`,
    ].join('')),
    reasons ? h('p', { class: 'muted small' }, reasons) : null,
    other ? summary(other, p) : null,
    p.canAct && item.status === 'new' ? h('button', { type: 'button', class: 'btn primary merge',
      dataset: { into: String(s.item_id) }, disabled: p.busy,
      onclick: () => p.onMerge(item.id, s.item_id) }, t('queue.mergeInto', { id: s.item_id })) : null);
}

export function comparePanel(p) {
  if (!p.detailId) return h('p', { class: 'muted' }, t('queue.pick'));
  if (p.detailError) return errorView(p.detailError);
  if (!p.detail || p.detail.item.id !== p.detailId) return loadingView();
  const { item, others } = p.detail;
  return h('div', { class: 'detail', dataset: { id: String(item.id) } },
    h('h3', {}, `#${item.id} `, h('a', { href: `#/item/${item.id}`, class: 'small' }, t('queue.openFull'))),
    summary(item, p),
    h('h3', {}, t('queue.suggestions')),
    others.length ? others.map((e) => suggestionCard(e, item, p)) : h('p', { class: 'muted' }, t('queue.noSuggestions')));
}
