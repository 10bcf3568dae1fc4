// compare.js — the queue's side panel: the chosen item (text, photos, flags, who
// reported it) and, beside each suggested duplicate, the same facts of the other
// item so the office can compare and merge with one click. Each card says first
// whether the pair is likely one problem; near items judged another problem are listed
// apart, with why, and offer no merge.

import { h } from './dom.js';
import { t, nameOf } from '../i18n/t.js';
import { statusChip, itemBadges, photoStrip, definitionList } from './parts.js';
import { dateTime, metres, percent, dayWithWeekday } from '../lib/format.js';
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
      [t('item.deadline'), dayWithWeekday(it.deadline)],
    ]),
    photoStrip(beforePhotos(it), { loadPhoto: p.loadPhoto, onOpen: p.onPhoto }),
    it.flags && it.flags.length ? h('ul', { class: 'flags' }, it.flags.map((f) => h('li', { class: 'flag' },
      nameOf('flags', f.kind)))) : null,
  ];
}

// v1 suggestions said why they were another problem only in their reasons.
const LEGACY_CONFLICTS = ['topic_conflict', 'number_conflict'];

// True when the office should see the suggestion as a possible duplicate: the server's
// `likely` (migration 0005 set it false on v1 rows whose reasons said the topics differ).
export function isLikely(s) {
  return s.likely !== false;
}

const named = (key) => t(key) !== key;

// A reason code in words; item_<status> codes are hidden, an unknown code is "其他依据".
function reasonNames(d) {
  const codes = (d.reasons || []).filter((r) => !(d.bridge && r === 'bridge'));
  const names = codes.filter((r) => named(`reasons.${r}`) || !r.startsWith('item_'))
    .map((r) => (named(`reasons.${r}`) ? t(`reasons.${r}`) : t('reasons.other')));
  return [...new Set(names)];
}

// Why a not-likely suggestion is another problem: its conflict, else its legacy reason.
function why(d) {
  const [kind, value] = String(d.conflict || '').split(':');
  if (kind === 'defect') return value ? t('conflicts.defect', { object: value }) : t('conflicts.defectAny');
  if (kind === 'identifier') {
    return named(`conflicts.identifier.${value}`) ? t(`conflicts.identifier.${value}`) : t('conflicts.identifier.other');
  }
  const legacy = (d.reasons || []).find((r) => LEGACY_CONFLICTS.includes(r));
  return legacy ? t(`reasons.${legacy}`) : t('conflicts.unknown');
}

// "都说：井盖缺失" for problems ("井盖·缺失"), "都提到：路灯" for objects alone.
function whatLine(d) {
  const what = (d.what || []).filter((w) => typeof w === 'string' && w);
  if (!what.length) return null;
  const text = what.map((w) => w.split('·').join('')).join('、');
  return h('p', { class: 'what' }, t(what.some((w) => w.includes('·')) ? 'suggest.sameWhat' : 'suggest.sameObject',
    { what: text }));
}

function suggestionCard(entry, item, p) {
  const { suggestion: s, other } = entry;
  const d = s.details || {};
  const likely = isLikely(s);
  const reasons = reasonNames(d);
  return h('article', { class: likely ? 'card suggestion' : 'card suggestion unlikely',
    dataset: { other: String(s.item_id), likely: String(likely) } },
    h('h4', {}, h('a', { href: `#/item/${s.item_id}` }, `#${s.item_id}`), ' ', statusChip(s.status)),
    h('p', { class: likely ? 'verdict likely' : 'verdict unlikely' },
      likely ? t('suggest.likely') : t('suggest.unlikely', { why: why(d) })),
    likely && d.bridge ? h('p', { class: 'bridge-note' }, t('suggest.bridge')) : null,
    whatLine(d),
    h('p', { class: 'muted' }, [
      d.text_similarity === undefined ? '' : t('queue.similarity', { p: percent(d.text_similarity, 0) }),
      d.distance_m === null || d.distance_m === undefined ? '' : ` · ${t('queue.distance', { d: metres(d.distance_m) })}`,
    ].join('')),
    reasons.length ? h('p', { class: 'muted small reasons' }, t('suggest.reasons', { list: reasons.join('；') })) : null,
    other ? summary(other, p) : null,
    likely && p.canAct && item.status === 'new' ? h('button', { type: 'button', class: 'btn primary merge',
      dataset: { into: String(s.item_id) }, disabled: p.busy,
      onclick: () => p.onMerge(item.id, s.item_id) }, t('queue.mergeInto', { id: s.item_id })) : null);
}

export function comparePanel(p) {
  if (!p.detailId) return h('p', { class: 'muted' }, t('queue.pick'));
  if (p.detailError) return errorView(p.detailError);
  if (!p.detail || p.detail.item.id !== p.detailId) return loadingView();
  const { item, others } = p.detail;
  const likely = others.filter((e) => isLikely(e.suggestion));
  const unlikely = others.filter((e) => !isLikely(e.suggestion));
  return h('div', { class: 'detail', dataset: { id: String(item.id) } },
    h('h3', {}, `#${item.id} `, h('a', { href: `#/item/${item.id}`, class: 'small' }, t('queue.openFull'))),
    summary(item, p),
    h('h3', {}, t('queue.suggestions')),
    likely.length ? likely.map((e) => suggestionCard(e, item, p)) : h('p', { class: 'muted' }, t('queue.noSuggestions')),
    unlikely.length ? h('section', { class: 'unlikely-list' }, h('h3', {}, t('suggest.others')),
      h('p', { class: 'muted small' }, t('suggest.othersHint')),
      unlikely.map((e) => suggestionCard(e, item, p))) : null);
}
