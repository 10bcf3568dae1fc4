// itemparts.js — the pieces every ledger-item screen shares: the status in
// Chinese (已退回 for an item sent back to its unit), 逾期 by the one rule (see
// isOverdue), the distance to the phone, the chips, a list card, and the words
// for a record the server refused (too far, someone was faster, no longer sampled).

import { h } from './dom.js';
import { t, reasonText } from '../i18n/t.js';
import { dateText, dateTime, distance, haversineM, parseTime, todayIn } from '../util/basics.js';

export const VERIFY_MAX_DISTANCE_M = 300; // the server's default VERIFY_MAX_DISTANCE_M
const OPEN = new Set(['new', 'assigned', 'rectified', 'long_term']);
const KIND = { 'item.rectified': 'records.rectified', 'item.verify': 'records.verify',
  'item.recheck': 'records.recheck' };

export const statusKey = (item) => (item.status === 'assigned' && item.return_count > 0
  ? 'returned' : item.status);
export const statusText = (item) => t(`status.${statusKey(item)}`);

// The day the deadline is judged against: today, or for an item waiting for
// verification the (local) day it was rectified, never after today.
export function judgedOn(item, today = todayIn()) {
  if (item.status !== 'rectified' || !item.rectified_at) return today;
  const on = todayIn('Asia/Shanghai', parseTime(item.rectified_at));
  return on < today ? on : today;
}

// A copy of sync.workflow.is_overdue, counted offline against the phone's today;
// tests/browser/test_overdue_js.py checks it against the source case by case.
export function isOverdue(item, today = todayIn()) {
  if (!OPEN.has(item.status) || !item.deadline) return false;
  return item.deadline < judgedOn(item, today);
}

// Metres from the phone's fix to the item, or null when either is unknown.
export function distanceTo(item, fix) {
  if (!item || !fix || item.lat == null || item.lon == null) return null;
  return haversineM(fix.lat, fix.lon, item.lat, item.lon);
}

export function statusChips(item, today) {
  return [
    h('span', { class: `chip status-${statusKey(item)}`, 'data-status': item.status },
      statusText(item)),
    isOverdue(item, today) ? h('span', { class: 'chip danger', 'data-overdue': '1' },
      t('lists.overdue')) : null,
    item.return_count ? h('span', { class: 'chip', 'data-returns': item.return_count },
      t('lists.returned', { n: item.return_count })) : null,
    item.status === 'closed' && item.spot_check ? h('span', { class: 'chip due',
      'data-spot': item.spot_check.id }, t('recheck.chip')) : null,
  ];
}

export const recordChip = (record) => h('span', { class: `chip sync-${record.state}`,
  'data-sync': record.state }, t(`state.${record.state}`));

// What a supervisor's record decided: 通过销号 / 退回整改, 合格 / 不合格（反弹）.
export function decisionChip(record) {
  const p = record.payload || {};
  if (record.type === 'item.recheck' && p.result) {
    return h('span', { class: p.result === 'fail' ? 'chip danger' : 'chip', 'data-result': p.result },
      t(`recheck.results.${p.result}`));
  }
  return p.decision ? h('span', { class: 'chip', 'data-decision': p.decision },
    t(`decision.${p.decision}`)) : null;
}

// Why the server refused a 周抽查复核, or null when the general words fit.
function recheckReason(e, item) {
  if (e.code === 'too_far') {
    const d = e.details?.distance_m;
    return d == null ? t('recheck.tooFarPlain')
      : t('recheck.tooFar', { d: distance(d), max: Math.round(e.details?.max_m ?? VERIFY_MAX_DISTANCE_M) });
  }
  if (e.code === 'not_sampled') return t('recheck.notSampled');
  if (e.code === 'invalid_transition') {
    return item ? t('recheck.conflict', { status: statusText(item) }) : t('closing.conflictPlain');
  }
  return null;
}

// Why the server refused a handler's or supervisor's record, in plain words.
export function recordReason(record, item) {
  const e = record.error || {};
  if (record.type === 'item.recheck') {
    const said = recheckReason(e, item);
    if (said) return said;
  }
  if (e.code === 'too_far') {
    const d = e.details?.distance_m;
    return d == null ? t('closing.tooFarPlain')
      : t('closing.tooFar', { d: distance(d), max: Math.round(e.details?.max_m ?? VERIFY_MAX_DISTANCE_M) });
  }
  if (e.code === 'invalid_transition') {
    return item ? t('closing.conflict', { status: statusText(item) }) : t('closing.conflictPlain');
  }
  return reasonText(e);
}

const descriptionOf = (item) => h('p', { class: 'description clamp' }, item.description);

// One item in a list; the whole card opens the item page.
// `extra`: more lines under the description (the 周抽查 of a sampled item); `farKey`: the
// words for a card beyond the allowed distance (超出验收距离, 超出复核距离).
export function itemCard(item, { today, fix, maxM, record, categories, onOpen, showUnit = true,
  showDistance = false, extra = null, farKey = 'lists.far' }) {
  const d = distanceTo(item, fix);
  const far = d != null && d > maxM;
  return h('li', { class: 'card item', 'data-item': item.id, 'data-deadline': item.deadline || '' },
    h('a', { href: `#item/${item.id}`, class: 'card-link',
      onclick: (e) => { e.preventDefault(); onOpen(item.id); } },
    h('div', { class: 'record-head' }, statusChips(item, today),
      item.severity === 'urgent' ? h('span', { class: 'chip danger' }, t('records.urgent')) : null,
      record ? recordChip(record) : null),
    descriptionOf(item),
    extra,
    h('p', { class: 'muted' }, [item.area_name, categories?.get(item.category),
      showUnit && item.unit_name ? t('lists.unit', { name: item.unit_name }) : '']
      .filter(Boolean).join(' · ')),
    item.status === 'rectified' && item.rectified_at
      ? h('p', { class: 'muted' }, t('lists.rectifiedAt', { time: dateTime(item.rectified_at) })) : null,
    item.status === 'closed' ? null : h('p', { class: isOverdue(item, today) ? 'deadline error'
      : 'deadline muted' },
    item.deadline ? t('lists.deadline', { date: dateText(item.deadline) }) : t('lists.noDeadline')),
    showDistance ? h('p', { class: far ? 'distance warn' : 'distance muted' },
      item.lat == null ? t('lists.noPosition') : (d == null ? t('today.distanceUnknown')
        : t('lists.distance', { d: distance(d) })), far ? ` · ${t(farKey)}` : '') : null,
    record?.state === 'rejected' ? h('p', { class: 'error reason' }, recordReason(record, item)) : null));
}

// A handler's or supervisor's own record that is not settled yet (or was refused).
export function pendingCard(record, item, onOpen) {
  const id = record.payload?.item_id;
  return h('li', { class: `card record state-${record.state}`, 'data-id': record.id,
    'data-state': record.state },
  h('a', { href: `#item/${id}`, class: 'card-link',
    onclick: (e) => { e.preventDefault(); onOpen(id); } },
  h('div', { class: 'record-head' }, h('strong', {}, t(KIND[record.type] || 'records.report')),
    recordChip(record), decisionChip(record), item ? statusChips(item) : null),
  h('p', { class: 'muted' }, dateTime(record.createdAt)),
  item ? descriptionOf(item) : null,
  record.state === 'rejected' ? h('p', { class: 'error reason' }, recordReason(record, item)) : null));
}

// The latest local record of one of `types` about each item: item id -> record.
export function latestRecords(records, types) {
  const out = new Map();
  for (const r of records) {
    if (types.includes(r.type) && r.payload?.item_id) out.set(r.payload.item_id, r);
  }
  return out;
}

// A spot check's week (2026-W48) in words: 2026年第48周抽查.
export function spotWeek(week) {
  const m = /^(\d{4})-W(\d{2})$/.exec(week || '');
  return m ? t('recheck.week', { y: m[1], n: Number(m[2]) }) : (week || '');
}
