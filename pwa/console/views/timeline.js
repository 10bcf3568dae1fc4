// timeline.js — an item's full history from its append-only events: who did what
// when, the state change, and what the event carries (unit, deadline, plan, reason,
// verification, 周抽查 week and re-check result, 原时限 → 新时限 of a reschedule, the project
// an item became, GPS, photos;
// a publication event named for what it changed: 修改公开文字, 恢复原文, 设为不公开, 恢复公开).

import { h } from './dom.js';
import { t, nameOf, nameIn } from '../i18n/t.js';
import { statusChip, photoStrip } from './parts.js';
import { dateTime, coord, metres, dayWithWeekday } from '../lib/format.js';
import { weekText } from './spot.js';
import { rescheduleLines } from './reschedule.js';
import { publicationEvents } from './publication.js';

// An event's or action's name: the shared table, then the blocks of features that add actions.
export const actionName = (code) => nameIn(['actions', 'spot.actions', 'reschedule.actions',
  'publication.actions'], code);

// 纳入民生实事台账: the project it became, its unit and completion date.
const escalateLines = (b, p) => [t('projects.escalate.event', { name: b.name || '', id: b.project_id }),
  t('projects.escalate.eventUnit', { u: p.ref.unitNames.get(b.unit_id) || `#${b.unit_id}` }),
  b.due ? t('projects.escalate.eventDue', { d: dayWithWeekday(b.due) }) : null].filter(Boolean);

function details(ev, p, pub) {
  const b = ev.payload || {};
  if (ev.action === 'reschedule') return rescheduleLines(b);
  if (pub.has(ev.seq)) return pub.get(ev.seq).lines;
  if (ev.action === 'escalate') return escalateLines(b, p);
  const lines = [];
  const add = (key, params) => lines.push(t(`event.${key}`, params));
  if (b.unit_id) add('unit', { u: p.ref.unitNames.get(b.unit_id) || `#${b.unit_id}` });
  if (b.deadline) add('deadline', { d: dayWithWeekday(b.deadline) });
  if (b.plan) add('plan', { p: b.plan });
  if (b.leader_led) add('leader', { n: b.leader_name || t('app.yes') });
  if (b.reason) add('reason', { r: b.reason });
  if (b.decision) add('decision', { d: t(`event.decisions.${b.decision}`) });
  if (b.satisfaction) add('satisfaction', { s: nameOf('satisfaction', b.satisfaction) });
  if (ev.action === 'sample' && b.week) lines.push(t('spot.event.week', { w: weekText(b.week) }));
  if (b.result) lines.push(t('spot.event.result', { r: nameOf('spot.results', b.result) }));
  if (b.distance_m !== undefined && b.distance_m !== null) add('distance', { d: metres(b.distance_m) });
  if (b.override_reason) add('override', { r: b.override_reason });
  if (b.into_item_id) add('into', { id: b.into_item_id });
  if (b.from_item_id) add('from', { id: b.from_item_id });
  if (b.new_item_id) add('newItem', { id: b.new_item_id });
  if (b.split_from) add('splitFrom', { id: b.split_from });
  if (b.note) add('note', { n: b.note });
  if (ev.lat !== null && ev.lat !== undefined) add('gps', { c: coord(ev.lat, ev.lon) });
  return lines;
}

export function timeline(it, p) {
  const pub = publicationEvents(it.events);
  return h('ol', { class: 'timeline' }, it.events.map((ev) => {
    const photos = (ev.payload && ev.payload.photos) || [];
    return h('li', { class: 'event', dataset: { action: ev.action, seq: String(ev.seq) } },
      h('div', { class: 'event-head' },
        h('time', { datetime: ev.at }, dateTime(ev.at)), ' ',
        h('strong', {}, pub.has(ev.seq) ? pub.get(ev.seq).label : actionName(ev.action)), ' · ',
        ev.actor_name || t('event.system'), ' ',
        ev.from_state && ev.from_state !== ev.to_state ? [statusChip(ev.from_state), ' → '] : null,
        ev.from_state !== ev.to_state ? statusChip(ev.to_state) : null),
      h('ul', { class: 'event-body' }, details(ev, p, pub).map((line) => h('li', {}, line))),
      photos.length ? photoStrip(photos, { loadPhoto: p.loadPhoto, onOpen: p.onPhoto }) : null);
  }));
}
