// records.js — 我的上报: every record saved on this phone with its sync state,
// and, once pulled, the ledger item's status in Chinese, deadline and unit.
// A refused record shows the server's reason and can only be removed by hand.
// (A handler's or supervisor's records show on their own screens.)

import { h, replace } from './dom.js';
import { t, reasonText } from '../i18n/t.js';
import { dateText, dateTime } from '../util/basics.js';
import { statusKey } from './itemparts.js';

const CADRE_TYPES = new Set(['visit.checkin', 'report.create']);

function itemLines(item, onOpen) {
  if (!item) return [];
  return [
    h('p', { class: 'item-status' },
      h('span', { class: `chip status-${statusKey(item)}`, 'data-status': item.status },
        t(`status.${statusKey(item)}`)),
      item.overdue ? h('span', { class: 'chip danger' }, t('records.overdue')) : null,
      item.return_count ? h('span', { class: 'chip' }, t('records.returned', { n: item.return_count })) : null),
    item.deadline ? h('p', { class: 'muted' }, t('records.deadline', { date: dateText(item.deadline) })) : null,
    item.unit_name ? h('p', { class: 'muted' }, t('records.unit', { name: item.unit_name })) : null,
    item.status === 'rejected' && item.reject_reason
      ? h('p', { class: 'warn' }, t('records.rejectReason', { reason: item.reject_reason })) : null,
    h('a', { href: `#item/${item.id}`, class: 'btn ghost open-item',
      onclick: (e) => { e.preventDefault(); onOpen(item.id); } }, t('lists.open')),
  ];
}

function thumbs(record, photoUrl) {
  if (!record.photos?.length) return null;
  const list = h('ul', { class: 'thumbs' });
  for (const sha of record.photos.slice(0, 4)) {
    const img = h('img', { alt: '', width: 64, height: 64 });
    list.append(h('li', {}, img));
    photoUrl(sha).then((url) => { if (url) img.src = url; else img.classList.add('missing'); });
  }
  return list;
}

function card(record, ctx, actions) {
  const p = record.payload || {};
  const isReport = record.type === 'report.create';
  const areaName = ctx.areas.get(p.area_id)?.name || '';
  const item = record.itemId ? ctx.items.get(record.itemId) : null;
  const shown = item?.status === 'merged' && item.merged_into_id
    ? ctx.items.get(item.merged_into_id) || item : item;
  const reason = reasonText(record.error);
  return h('li', { class: `card record state-${record.state}`, 'data-id': record.id,
    'data-state': record.state },
  h('div', { class: 'record-head' },
    h('strong', {}, isReport ? t('records.report') : t('records.checkin')),
    h('span', { class: `chip sync-${record.state}`, 'data-sync': record.state },
      t(`state.${record.state}`)),
    p.severity === 'urgent' ? h('span', { class: 'chip danger' }, t('records.urgent')) : null),
  h('p', { class: 'muted' }, [areaName, isReport ? ctx.categories.get(p.category) : '',
    dateTime(record.createdAt)].filter(Boolean).join(' · ')),
  isReport ? h('p', { class: 'description' }, p.description) : null,
  thumbs(record, actions.photoUrl),
  record.state === 'synced' ? itemLines(shown, actions.onOpen) : null,
  record.state === 'rejected' ? [
    h('p', { class: 'error reason' }, t('records.rejectReason', { reason })),
    h('button', { type: 'button', class: 'btn danger', onclick: () => actions.onDiscard(record.id) },
      t('records.discard'))] : null,
  record.state === 'needs_photos' ? h('p', { class: 'warn' }, reason) : null);
}

export function createRecordsView(actions) {
  const list = h('ul', { class: 'list records' });
  const el = h('section', { class: 'screen records-screen' }, list);
  return {
    el,
    update({ records = [], items = new Map(), me }) {
      const ctx = {
        items,
        areas: new Map((me?.areas || []).map((a) => [a.id, a])),
        categories: new Map((me?.categories || []).map((c) => [c.code, c.name])),
      };
      const newest = records.filter((r) => CADRE_TYPES.has(r.type)).reverse();
      replace(list, newest.length ? newest.map((r) => card(r, ctx, actions))
        : h('li', { class: 'empty' }, t('records.empty')));
    },
  };
}
