// duty.js — 丈量 duty on 今日丈量, from the `duty` of /me kept offline: whether today
// is a 丈量日 (recomputed when the kept answer is from an earlier day), each own area's
// last visit and 待丈量 mark under the rotation rule, and 我的丈量 (this month's days
// out and areas covered) with this phone's check-ins the server's figures do not hold
// yet, judged by the same rule (capture/geo.js judgeCheckIn).

import { h } from './dom.js';
import { t } from '../i18n/t.js';
import { dateText, todayIn } from '../util/basics.js';
import { judgeCheckIn } from '../capture/geo.js';

const DAY_MS = 86400000;
const dayNumber = (ymd) => Date.parse(`${ymd}T00:00:00Z`) / DAY_MS;
const later = (a, b) => (a && (!b || a > b) ? a : b);

// The day (YYYY-MM-DD, deployment zone) a record was made on, by the phone's time.
export const recordDay = (r) => todayIn(undefined, new Date(r.at || r.createdAt));

// 12月4日（周五）.
export function dayWithWeekday(ymd) {
  const w = t('duty.weekdays').split(',')[new Date(`${ymd}T00:00:00Z`).getUTCDay()];
  return t('duty.dayWithWeekday', { date: dateText(ymd), w });
}

// Today's duty as far as the kept answer tells it: {isDutyDay, inDutyWeek, next} (null: unknown).
export function dutyToday(duty, today) {
  if (duty.today === today) {
    return { isDutyDay: duty.is_duty_day, inDutyWeek: duty.in_duty_week, next: duty.next_duty_day };
  }
  const next = duty.next_duty_day;
  // days between the kept day and its next duty day are not duty days
  if (today > duty.today && next && next >= today) {
    return { isDutyDay: next === today, inDutyWeek: null, next };
  }
  return { isDutyDay: null, inDutyWeek: null, next: null };
}

// The duty line at the top of 今日丈量.
export function dutyLine(duty, today) {
  const s = dutyToday(duty, today);
  if (s.isDutyDay === null) return h('div', { class: 'duty-line' }, h('p', { class: 'muted' }, t('duty.stale')));
  return h('div', { class: 'duty-line', 'data-duty-day': String(s.isDutyDay) },
    h('strong', { class: s.isDutyDay ? 'duty-yes' : 'duty-no' },
      t(s.isDutyDay ? 'duty.isDutyDay' : 'duty.notDutyDay')),
    s.inDutyWeek ? h('span', { class: 'chip duty-week' }, t('duty.inDutyWeek')) : null,
    s.next && s.next !== today ? h('p', { class: 'duty-next' }, t('duty.next', { date: dayWithWeekday(s.next) })) : null);
}

// The verdict of a check-in record: the server's once it answered, else this phone's.
export function verdictOf(record, area) {
  const mine = judgeCheckIn(area, record.payload);
  const r = record.result;
  if (!r || typeof r.counts !== 'boolean') return mine;
  return { ...mine, counts: r.counts, assigned: r.assigned ?? mine.assigned,
    distanceM: r.distance_m ?? mine.distanceM };
}

// The warnings of a verdict, in words (empty: counts, with a good fix).
export function verdictWarnings(v, distanceText) {
  const out = [];
  if (!v.assigned) out.push(t('duty.notOwn'));
  else if (v.distanceM == null && !v.counts) out.push(t('duty.noCentreOut'));
  else if (!v.counts) out.push(t('duty.farOut', { d: distanceText(v.distanceM) }));
  if (v.poorFix) out.push(t('duty.poorFix', { m: Math.round(v.accuracyM) }));
  return out;
}

// The counting check-ins on this phone, per area: the latest day of each.
function localLastVisits(records, areas) {
  const last = new Map();
  for (const r of records) {
    if (r.type !== 'visit.checkin' || r.state === 'rejected') continue;
    if (!verdictOf(r, areas.get(r.payload.area_id)).counts) continue;
    last.set(r.payload.area_id, later(recordDay(r), last.get(r.payload.area_id)));
  }
  return last;
}

// Per own area: {lastVisit, due}, the kept answer with this phone's check-ins since.
export function areaDuty(duty, records, areas, today) {
  const local = localLastVisits(records, areas);
  const out = new Map();
  for (const a of duty.areas || []) {
    const lastVisit = later(local.get(a.area_id), a.last_visit);
    const weeks = lastVisit ? Math.floor(Math.max(0, dayNumber(today) - dayNumber(lastVisit)) / 7) : null;
    out.set(a.area_id, { lastVisit, due: weeks === null || weeks >= duty.rotation_weeks });
  }
  return out;
}

// Whether the server's figures already hold a record: sent, made by the day they
// were counted, and that area's own last visit since.
function known(r, duty, mine) {
  return r.state === 'synced' && recordDay(r) <= duty.today && (mine.get(r.payload.area_id) || '') >= recordDay(r);
}

// 我的丈量: the month's figures with the phone's check-ins the server has not counted.
export function monthFigures(duty, records, areas, today) {
  const m = duty.month;
  const mine = new Map((duty.areas || []).map((a) => [a.area_id, a.my_last_visit]));
  const s = dutyToday(duty, today);
  const dutyDays = new Set(m.duty_days);
  if (s.isDutyDay && today.startsWith(m.month)) dutyDays.add(today);
  const outDays = new Set([...mine.values()].filter(Boolean));
  const days = new Set(); const covered = new Set(); let pending = 0;
  for (const r of records) {
    if (r.type !== 'visit.checkin' || r.state === 'rejected' || known(r, duty, mine)) continue;
    if (r.state !== 'synced') pending += 1;
    const day = recordDay(r);
    if (!day.startsWith(m.month) || !verdictOf(r, areas.get(r.payload.area_id)).counts) continue;
    if (dutyDays.has(day) && !outDays.has(day)) days.add(day);
    const id = r.payload.area_id;
    if (mine.has(id) && (mine.get(id) || '') < `${m.month}-01`) covered.add(id);
  }
  const expected = m.days_expected + (dutyDays.size > m.duty_days.length ? 1 : 0);
  return { month: m.month, daysExpected: expected, pending,
    daysOut: Math.min(expected, m.days_out + days.size),
    areasAssigned: m.areas_assigned, areasCovered: Math.min(m.areas_assigned, m.areas_covered + covered.size) };
}

// The 我的丈量 panel.
export function minePanel(duty, records, areas, today) {
  const f = monthFigures(duty, records, areas, today);
  return h('section', { class: 'card mine', 'data-days-out': f.daysOut, 'data-days-expected': f.daysExpected,
    'data-areas-covered': f.areasCovered, 'data-areas-assigned': f.areasAssigned },
  h('h2', { class: 'mine-title' }, t('duty.mine', { m: Number(f.month.slice(5)) })),
  h('p', { class: 'mine-days' }, t('duty.daysOut', { n: f.daysOut, of: f.daysExpected })),
  h('p', { class: 'mine-areas' }, t('duty.areasCovered', { n: f.areasCovered, of: f.areasAssigned })),
  f.pending ? h('p', { class: 'muted mine-pending' }, t('duty.pendingCheckins', { n: f.pending })) : null);
}
