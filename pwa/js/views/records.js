// records.js — 我的上报: every record saved on this phone with its sync state,
// merged with the user's own reports as the server lists them (made on another
// phone, or before a logout), one card per report (a server report whose
// client_id is a record here is that record), newest first; once pulled, the
// ledger item's status in Chinese, deadline and unit. A report applied before
// its photos arrived says how many are up. A refused record shows the server's
// reason and can only be removed by hand.
// (A handler's or supervisor's records show on their own screens.)

import { h, replace } from './dom.js';
import { t, reasonText } from '../i18n/t.js';
import { dateText, dateTime, distance, parseTime } from '../util/basics.js';
import { isOverdue, statusKey } from './itemparts.js';
import { verdictOf, verdictWarnings } from './duty.js';

const CADRE_TYPES = new Set(['visit.checkin', 'report.create']);
const TYPE_KEYS = { 'report.create': 'report', 'visit.checkin': 'checkin',
  'item.rectified': 'rectified', 'item.verify': 'verify', 'item.recheck': 'recheck',
  'project.progress': 'progress' };

// A record's kind in words (问题上报, 现场签到, …).
export const typeText = (type) => t(`records.${TYPE_KEYS[type] || 'report'}`);

// "已上报，照片 1/4 上传中" for a record applied while its photos go up; when the
// server refused one of them (unreadable, too large) it will never arrive, and the
// words say so instead of "上传中" for ever.
export function uploadText(record, refusedPhotos = new Set()) {
  const total = new Set(record.photos || []).size;
  const left = record.photosPending || [];
  const refused = left.filter((sha) => refusedPhotos.has(sha)).length;
  const done = Math.max(0, total - left.length);
  return refused ? t('records.photosRefused', { n: refused, done, total })
    : t('records.uploading', { done, total });
}

// The photos the server refused, from the outbox summary.
export const refusedPhotos = (summary) => new Set((summary?.photoErrors || []).map((p) => p.sha));

const syncChip = (record, ctx) => h('span', { class: `chip sync-${record.state}`,
  'data-sync': record.state },
record.state === 'photos_uploading' ? uploadText(record, ctx.refused)
  : t(`state.${record.state}`));

function itemLines(item, onOpen) {
  if (!item) return [];
  return [
    h('p', { class: 'item-status' },
      h('span', { class: `chip status-${statusKey(item)}`, 'data-status': item.status },
        t(`status.${statusKey(item)}`)),
      isOverdue(item) ? h('span', { class: 'chip danger' }, t('records.overdue')) : null,
      item.return_count ? h('span', { class: 'chip' }, t('records.returned', { n: item.return_count })) : null),
    item.deadline ? h('p', { class: 'muted' }, t('records.deadline', { date: dateText(item.deadline) })) : null,
    item.unit_name ? h('p', { class: 'muted' }, t('records.unit', { name: item.unit_name })) : null,
    item.status === 'rejected' && item.reject_reason
      ? h('p', { class: 'warn' }, t('records.rejectReason', { reason: item.reject_reason })) : null,
    h('a', { href: `#item/${item.id}`, class: 'btn ghost open-item',
      onclick: (e) => { e.preventDefault(); onOpen(item.id); } }, t('lists.open')),
  ];
}

function thumbs(shas, photoUrl) {
  if (!shas?.length) return null;
  const list = h('ul', { class: 'thumbs' });
  for (const sha of shas.slice(0, 4)) {
    const img = h('img', { alt: '', width: 64, height: 64 });
    list.append(h('li', {}, img));
    photoUrl(sha).then((url) => { if (url) img.src = url; else img.classList.add('missing'); });
  }
  return list;
}

// The item to show for a report: the one it went into when its item was merged.
function itemFor(id, items) {
  const item = id ? items.get(id) : null;
  return item?.status === 'merged' && item.merged_into_id ? items.get(item.merged_into_id) || item : item;
}

// A check-in that does not count as out says why (非分包区域 / 超出范围), as 今日丈量 does.
function checkinVerdict(record, ctx) {
  const area = ctx.areas.get(record.payload?.area_id);
  if (!area) return null;
  const why = verdictWarnings(verdictOf(record, area), distance);
  return why.length ? h('p', { class: 'warn verdict' }, why.join('；')) : null;
}

function card(record, ctx, actions) {
  const p = record.payload || {};
  const isReport = record.type === 'report.create';
  const areaName = ctx.areas.get(p.area_id)?.name || '';
  const shown = itemFor(record.itemId, ctx.items);
  const applied = record.state === 'synced' || record.state === 'photos_uploading';
  const reason = reasonText(record.error);
  return h('li', { class: `card record state-${record.state}`, 'data-id': record.id,
    'data-state': record.state },
  h('div', { class: 'record-head' },
    h('strong', {}, isReport ? t('records.report') : t('records.checkin')),
    syncChip(record, ctx),
    p.severity === 'urgent' ? h('span', { class: 'chip danger' }, t('records.urgent')) : null),
  h('p', { class: 'muted' }, [areaName, isReport ? ctx.categories.get(p.category) : '',
    dateTime(record.createdAt)].filter(Boolean).join(' · ')),
  isReport ? h('p', { class: 'description' }, p.description) : checkinVerdict(record, ctx),
  thumbs(record.photos, actions.photoUrl),
  applied ? itemLines(shown, actions.onOpen) : null,
  record.state === 'rejected' ? [
    h('p', { class: 'error reason' }, t('records.rejectReason', { reason })),
    h('button', { type: 'button', class: 'btn danger', onclick: () => actions.onDiscard(record.id) },
      t('records.discard'))] : null,
  record.state === 'needs_photos' ? h('p', { class: 'warn' }, reason) : null);
}

// A report the server holds and this phone has no record of (another phone, or
// made before this login).
function remoteCard(report, ctx, actions) {
  const waiting = report.photos_pending || [];
  const total = new Set([...(report.photos || []), ...waiting]).size;
  const left = waiting.length;
  return h('li', { class: 'card record-remote', 'data-report': report.id,
    'data-client-id': report.client_id || '', 'data-state': left ? 'photos_remote' : 'synced' },
  h('div', { class: 'record-head' },
    h('strong', {}, t('records.report')),
    h('span', { class: `chip sync-${left ? 'pending' : 'synced'}`, 'data-sync': 'remote' },
      left ? t('records.remotePhotos', { done: total - left, total }) : t('state.synced')),
    report.severity === 'urgent' ? h('span', { class: 'chip danger' }, t('records.urgent')) : null),
  h('p', { class: 'muted' }, [ctx.areas.get(report.area_id)?.name || '',
    ctx.categories.get(report.category) || '', dateTime(report.captured_at || report.received_at)]
    .filter(Boolean).join(' · ')),
  h('p', { class: 'description' }, report.description),
  thumbs((report.photos || []).filter((sha) => !waiting.includes(sha)), actions.photoUrl),
  itemLines(itemFor(report.item_id, ctx.items), actions.onOpen));
}

const ms = (iso) => parseTime(iso).getTime() || 0;

// This phone's records and the server's reports as one list, newest first.
function merged(records, reports) {
  const local = records.filter((r) => CADRE_TYPES.has(r.type));
  const ids = new Set(local.map((r) => r.id));
  return [
    ...local.reverse().map((r) => ({ at: ms(r.createdAt), record: r })),
    ...reports.filter((r) => !r.client_id || !ids.has(r.client_id))
      .map((r) => ({ at: ms(r.captured_at || r.received_at), report: r })),
  ].sort((a, b) => b.at - a.at);
}

export function createRecordsView(actions) {
  const list = h('ul', { class: 'list records' });
  const el = h('section', { class: 'screen records-screen' }, list);
  return {
    el,
    update({ records = [], reports = [], items = new Map(), me, summary }) {
      const ctx = {
        items, refused: refusedPhotos(summary),
        areas: new Map((me?.areas || []).map((a) => [a.id, a])),
        categories: new Map((me?.categories || []).map((c) => [c.code, c.name])),
      };
      const rows = merged(records, reports);
      replace(list, rows.length
        ? rows.map((r) => (r.record ? card(r.record, ctx, actions) : remoteCard(r.report, ctx, actions)))
        : h('li', { class: 'empty' }, t('records.empty')));
    },
  };
}
