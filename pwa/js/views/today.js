// today.js — 今日丈量: the duty (丈量日, 我的丈量), the location state (with what to do
// when it is refused), the cadre's own areas nearest first with their last visit and
// 待丈量 mark, today's check-ins with what does not count as out and why, and other
// areas folded away in a list of their own.

import { h, replace } from './dom.js';
import { t } from '../i18n/t.js';
import { distance, haversineM, time, todayIn, dateText } from '../util/basics.js';
import { areaDuty, dutyLine, minePanel, verdictOf, verdictWarnings } from './duty.js';

const metres = (area, fix) => (fix && area.lat != null && area.lon != null
  ? haversineM(fix.lat, fix.lon, area.lat, area.lon) : null);

// Nearest first (no centre last); by name when there is no fix.
export function byDistance(areas, fix) {
  const byName = (a, b) => a.name.localeCompare(b.name, 'zh-CN');
  if (!fix) return [...areas].sort(byName);
  const d = new Map(areas.map((a) => [a.id, metres(a, fix) ?? Infinity]));
  return [...areas].sort((a, b) => d.get(a.id) - d.get(b.id) || byName(a, b));
}

function where(area, fix, geoError) {
  if (area.lat == null || area.lon == null) return t('today.noCentre');
  if (!fix) return t(geoError ? 'duty.distanceNoFix' : 'today.distanceUnknown');
  return t('today.distance', { d: distance(metres(area, fix)) });
}

function visitLines(area, record) {
  if (!record) return [];
  const warnings = verdictWarnings(verdictOf(record, area), distance);
  const at = t('duty.checkedInAt', { time: time(record.createdAt) });
  if (!warnings.length) return [h('p', { class: 'ok' }, at)];
  return [h('p', { class: 'muted visit-at' }, at),
    ...warnings.map((w) => h('p', { class: 'warn verdict' }, w))];
}

function lastVisitLine(info) {
  if (!info) return null;
  return h('p', { class: 'muted last-visit' }, info.lastVisit
    ? t('duty.lastVisit', { date: dateText(info.lastVisit) }) : t('duty.neverVisited'));
}

function areaCard(area, ctx, { onCheckIn, onReport }) {
  const info = ctx.duty?.get(area.id);
  return h('li', { class: 'card area', 'data-area': area.id },
    h('div', { class: 'area-head' },
      h('span', { class: 'chip kind' }, t(`kinds.${area.kind}`)),
      h('strong', { class: 'area-name' }, area.name),
      info?.due ? h('span', { class: 'chip due' }, t('duty.due')) : null),
    h('p', { class: 'muted' }, [area.township_name, where(area, ctx.fix, ctx.geoError)].filter(Boolean).join(' · ')),
    lastVisitLine(info),
    visitLines(area, ctx.visits.get(area.id)),
    h('div', { class: 'row' },
      h('button', { type: 'button', class: 'btn primary', 'data-action': 'checkin',
        disabled: ctx.busy === area.id, onclick: () => onCheckIn(area.id) }, t('today.checkin')),
      h('button', { type: 'button', class: 'btn', 'data-action': 'report',
        onclick: () => onReport(area.id) }, t('today.report'))));
}

function geoState(fix, geoError, onRetryFix) {
  if (fix && geoError !== 'denied') return null; // a fix in hand: a lapse is not news
  if (!geoError) return h('p', { class: 'muted geo-state' }, t('duty.geoWaiting'));
  const denied = geoError === 'denied';
  return h('div', { class: 'card geo-state geo-problem', 'data-geo': geoError },
    h('p', { class: 'warn' }, t(denied ? 'duty.geoDenied' : 'duty.geoUnavailable')),
    denied ? h('p', { class: 'geo-how' }, t('duty.geoDeniedHow')) : null,
    h('button', { type: 'button', class: 'btn', 'data-action': 'retry-fix', onclick: onRetryFix },
      t('duty.geoRetry')));
}

export function createTodayView(actions) {
  const greeting = h('p', { class: 'greeting' });
  const top = h('div', { class: 'duty' });
  const list = h('div', { class: 'areas' });
  const el = h('section', { class: 'screen today' }, greeting, top, list);

  return {
    el,
    update({ me, fix, geoError, visits, busy, records = [] }) {
      if (!me) return;
      greeting.textContent = t('today.hello', { name: me.user?.name || me.user?.username || '' });
      const areas = (me.areas || []).filter((a) => a.kind !== 'township');
      const byId = new Map(areas.map((a) => [a.id, a]));
      const today = todayIn();
      const duty = me.duty || null;
      replace(top, duty ? dutyLine(duty, today) : null,
        duty ? minePanel(duty, records, byId, today) : null,
        geoState(fix, geoError, actions.onRetryFix));
      const mine = byDistance(areas.filter((a) => a.assigned), fix);
      const others = byDistance(areas.filter((a) => !a.assigned), fix);
      const ctx = { fix, geoError, visits: visits || new Map(), busy,
        duty: duty ? areaDuty(duty, records, byId, today) : null };
      const cards = (rows) => h('ul', { class: 'list' }, rows.map((a) => areaCard(a, ctx, actions)));
      const open = Boolean(list.querySelector('details.others')?.open); // kept across renders
      replace(list,
        mine.length ? null : h('p', { class: 'empty' }, t('today.none')),
        mine.length ? [h('h2', { class: 'section' }, t('today.myAreas')), cards(mine)] : null,
        others.length ? h('details', { class: 'others', open },
          h('summary', { class: 'section' }, t('duty.others', { n: others.length })), cards(others)) : null);
    },
  };
}
