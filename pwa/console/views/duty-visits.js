// duty-visits.js — the 丈量 drill-down: one cadre's or one area's check-ins of the
// period (from /visits, newest first): local time, cadre and area, distance and fix,
// whether it counts as out (and why not: 超出范围 / 非分包区域), 迟报, and the items
// of the reports made there (#id → the item page).

import { h } from './dom.js';
import { t } from '../i18n/t.js';
import { dataTable } from './parts.js';
import { dateTime, metres } from '../lib/format.js';
import { loadingView } from './shell.js';

// 计入到岗, or 不计入到岗 with its reason.
function verdict(v) {
  if (v.counts) return h('span', { class: 'muted' }, t('duty.visit.counts'));
  const reason = v.assigned ? t('duty.visit.outside') : t('duty.visit.notOwn');
  return h('span', { class: 'chip danger' }, t('duty.visit.notCounted', { reason }));
}

function itemLinks(v) {
  const ids = [...new Set((v.reports || []).map((r) => r.item_id).filter(Boolean))];
  return ids.map((id, i) => [i ? ' ' : null, h('a', { href: `#/item/${id}`, class: 'item-link' }, `#${id}`)]);
}

function table(visits) {
  return dataTable([
    { key: 'at', label: t('duty.visit.at'), render: (v) => dateTime(v.at) },
    { key: 'user', label: t('duty.cols.cadre'), render: (v) => v.user_name || '' },
    { key: 'area', label: t('duty.cols.area'), render: (v) => [v.area_name || '',
      v.township_name ? h('small', { class: 'muted' }, ` ${v.township_name}`) : null] },
    { key: 'distance', label: t('duty.visit.distance'), class: 'num', render: (v) => metres(v.distance_m) },
    { key: 'accuracy', label: t('duty.visit.accuracy'), class: 'num',
      render: (v) => (v.accuracy_m === null || v.accuracy_m === undefined ? ''
        : t('duty.visit.plusMinus', { n: Math.round(v.accuracy_m) })) },
    { key: 'counts', label: t('duty.visit.verdict'), render: verdict },
    { key: 'late', label: t('duty.visit.late'), render: (v) => (v.late
      ? h('span', { class: 'chip warn' }, t('duty.visit.late')) : null) },
    { key: 'items', label: t('duty.visit.items'), render: itemLinks },
  ], visits, { rowId: (v) => v.id });
}

export function visitsPanel({ focus, name, visits, onClose }) {
  let content;
  if (!visits) content = loadingView();
  else if (visits.error) content = h('p', { class: 'error' }, visits.error);
  else if (!visits.visits.length) content = h('p', { class: 'muted' }, t('duty.visit.none'));
  else {
    content = [table(visits.visits), visits.total > visits.visits.length
      ? h('p', { class: 'muted' }, t('duty.visit.listed', { n: visits.visits.length, total: visits.total })) : null];
  }
  return h('section', { class: 'panel duty-visits', id: 'duty-visits', dataset: { kind: focus.kind, id: String(focus.id) } },
    h('div', { class: 'row' }, h('h3', {}, t(`duty.visit.title.${focus.kind}`, { name })),
      h('button', { type: 'button', class: 'btn small ghost', id: 'duty-visits-close', onclick: onClose }, t('app.close'))),
    content);
}
