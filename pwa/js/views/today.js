// today.js — 今日丈量: the cadre's areas with the distance to each, today's
// check-ins, and the two things to do there: check in, or report a problem.

import { h, replace } from './dom.js';
import { t } from '../i18n/t.js';
import { distance, haversineM, time } from '../util/basics.js';

function areaCard(area, { fix, visits, busy }, { onCheckIn, onReport }) {
  let where;
  if (area.lat == null || area.lon == null) where = t('today.noCentre');
  else if (!fix) where = t('today.distanceUnknown');
  else where = t('today.distance', { d: distance(haversineM(fix.lat, fix.lon, area.lat, area.lon)) });
  const visit = visits.get(area.id);
  return h('li', { class: 'card area', 'data-area': area.id },
    h('div', { class: 'area-head' },
      h('span', { class: 'chip kind' }, t(`kinds.${area.kind}`)),
      h('strong', { class: 'area-name' }, area.name)),
    h('p', { class: 'muted' }, [area.township_name, where].filter(Boolean).join(' · ')),
    visit ? h('p', { class: 'ok' }, t('today.checkedIn', { time: time(visit) })) : null,
    h('div', { class: 'row' },
      h('button', { type: 'button', class: 'btn primary', 'data-action': 'checkin',
        disabled: busy === area.id, onclick: () => onCheckIn(area.id) }, t('today.checkin')),
      h('button', { type: 'button', class: 'btn', 'data-action': 'report',
        onclick: () => onReport(area.id) }, t('today.report'))));
}

export function createTodayView(actions) {
  const greeting = h('p', { class: 'greeting' });
  const list = h('div', { class: 'areas' });
  const el = h('section', { class: 'screen today' }, greeting, list);

  return {
    el,
    update({ me, fix, visits, busy }) {
      if (!me) return;
      greeting.textContent = t('today.hello', { name: me.user?.name || me.user?.username || '' });
      const areas = (me.areas || []).filter((a) => a.kind !== 'township');
      const mine = areas.filter((a) => a.assigned);
      const others = areas.filter((a) => !a.assigned);
      const ctx = { fix, visits: visits || new Map(), busy };
      const section = (title, rows) => (rows.length ? [h('h2', { class: 'section' }, title),
        h('ul', { class: 'list' }, rows.map((a) => areaCard(a, ctx, actions)))] : []);
      replace(list,
        areas.length ? null : h('p', { class: 'empty' }, t('today.none')),
        section(t('today.myAreas'), mine),
        section(t('today.otherAreas'), others));
    },
  };
}
