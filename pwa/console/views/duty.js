// duty.js — 丈量 on screen: choose the period, the totals (each with its 统计口径 as
// its title and listed below), cadres out on each duty day, cadres by attendance (the
// absent first), areas past the rotation, and the drill-down of one cadre's or one
// area's check-ins (views/duty-visits.js). Rates over nothing are —.

import { h, field } from './dom.js';
import { t } from '../i18n/t.js';
import { dataTable, definitionList } from './parts.js';
import { percent, dayWithWeekday } from '../lib/format.js';
import { loadingView, errorView } from './shell.js';
import { visitsPanel } from './duty-visits.js';

const TOTALS = [['attendance_rate', 'rate'], ['coverage_rate', 'rate'], ['cadres_expected'], ['cadres_out'],
  ['areas_total'], ['areas_covered'], ['outside_checkins'], ['overdue_rotation']];

/** The value of one total: rates as percentages (— over nothing), the rest as counts. */
function totalValue(r, key) {
  if (key === 'overdue_rotation') return String(r.overdue_total);
  const v = r.totals[key];
  return key.endsWith('_rate') ? percent(v) : String(v ?? '');
}

function totals(r, defs) {
  return h('dl', { class: 'duty-totals', id: 'duty-totals' }, TOTALS.map(([key]) => {
    const d = defs.get(key) || { term: key, text: '' };
    const title = [d.text, d.formula].filter(Boolean).join('\n');
    return h('div', { class: 'duty-total', title, dataset: { key } },
      h('dt', {}, d.term), h('dd', { class: 'value' }, totalValue(r, key)));
  }));
}

// Built once per visit of the screen, so redraws keep what is typed in it.
export function periodChooser(p) {
  const current = JSON.stringify(p.period);
  const quick = h('div', { class: 'tabs', role: 'tablist' }, p.choices.map((c) => h('button', {
    type: 'button', role: 'tab', dataset: { choice: c.key },
    class: JSON.stringify(c.period) === current ? 'tab current' : 'tab',
    'aria-selected': String(JSON.stringify(c.period) === current), onclick: () => p.onPeriod(c.period) },
  t(`duty.choices.${c.key}`))));
  const input = h('input', { type: 'month', name: 'month', id: 'duty-month', value: p.period.month || '', required: true });
  const form = h('form', { class: 'filter-row period-form' }, quick, field(t('duty.month'), input),
    h('button', { type: 'submit', class: 'btn', id: 'duty-show' }, t('duty.show')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (input.value) p.onPeriod({ month: input.value });
  });
  return form;
}

function daysTable(days) {
  if (!days) return loadingView(t('duty.daysLoading'));
  if (days.error) return h('p', { class: 'error' }, days.error);
  if (!days.length) return h('p', { class: 'muted', id: 'duty-days' }, t('duty.noDays'));
  return h('div', { id: 'duty-days' }, dataTable([
    { key: 'day', label: t('duty.cols.day'), render: (d) => dayWithWeekday(d.day) },
    { key: 'out', label: t('duty.cols.out'), class: 'num',
      render: (d) => t('duty.outOf', d) },
    { key: 'rate', label: t('duty.cols.rate'), class: 'num',
      render: (d) => percent(d.expected ? d.out / d.expected : null) }], days, { caption: t('duty.days') }));
}

const ratio = (c) => (c.days_expected ? c.days_out / c.days_expected : 1);

function cadresTable(r, p) {
  const rows = [...r.cadres].sort((a, b) => ratio(a) - ratio(b) || a.days_out - b.days_out
    || (a.township || '').localeCompare(b.township || '') || a.name.localeCompare(b.name));
  const absent = (c) => c.days_expected > 0 && c.days_out === 0;
  return h('div', { id: 'duty-cadres' }, dataTable([
    { key: 'name', label: t('duty.cols.cadre'), render: (c) => h('button', { type: 'button', class: 'link',
      onclick: () => p.onFocus('user', c.user_id) }, c.name) },
    { key: 'township', label: t('duty.cols.township'), render: (c) => c.township || '' },
    { key: 'days', label: t('duty.cols.daysOut'), class: 'num', render: (c) => `${c.days_out} / ${c.days_expected}` },
    { key: 'state', label: t('duty.cols.state'), render: (c) => (absent(c)
      ? h('span', { class: 'chip danger' }, t('duty.absent')) : null) },
    { key: 'areas', label: t('duty.cols.areas'), class: 'num', render: (c) => `${c.areas_covered} / ${c.areas_assigned}` },
    { key: 'checkins', label: t('duty.cols.checkins'), class: 'num', render: (c) => String(c.checkins) },
    { key: 'outside', label: t('duty.cols.outside'), class: 'num', render: (c) => String(c.outside_checkins) },
  ], rows, { caption: t('duty.cadres', { n: r.absent_total }), rowId: (c) => c.user_id,
    onRow: (c) => p.onFocus('user', c.user_id) }));
}

function areasTable(r, p) {
  const rows = r.areas.filter((a) => a.overdue_rotation).sort((a, b) => (b.weeks_since_visit ?? 1e9)
    - (a.weeks_since_visit ?? 1e9) || (a.township || '').localeCompare(b.township || ''));
  if (!rows.length) return h('p', { class: 'muted', id: 'duty-areas' }, t('duty.noOverdue'));
  return h('div', { id: 'duty-areas' }, h('a', { href: '#/map', id: 'duty-on-map' }, t('duty.onMap')), dataTable([
    { key: 'name', label: t('duty.cols.area'), render: (a) => h('button', { type: 'button', class: 'link',
      onclick: () => p.onFocus('area', a.area_id) }, a.name) },
    { key: 'township', label: t('duty.cols.township'), render: (a) => a.township || '' },
    { key: 'last', label: t('duty.cols.lastVisit'),
      render: (a) => (a.last_visit ? dayWithWeekday(a.last_visit) : t('duty.never')) },
    { key: 'weeks', label: t('duty.cols.weeks'), class: 'num',
      render: (a) => (a.weeks_since_visit === null ? '—' : String(a.weeks_since_visit)) },
  ], rows, { caption: t('duty.overdue', { n: r.overdue_total, w: r.rotation_weeks }), rowId: (a) => a.area_id,
    onRow: (a) => p.onFocus('area', a.area_id) }));
}

/** Who the drill-down is about, from the report's rows. */
function focusName(r, focus) {
  const rows = focus.kind === 'user' ? r.cadres : r.areas;
  const key = focus.kind === 'user' ? 'user_id' : 'area_id';
  const row = rows.find((x) => x[key] === focus.id);
  return row ? row.name : `#${focus.id}`;
}

function body(p) {
  const r = p.report;
  const defs = new Map((r.definitions || []).map((d) => [d.key, d]));
  return [h('h3', { id: 'duty-heading' }, r.heading), h('p', { class: 'muted' }, r.span),
    r.complete ? null : h('p', { class: 'warn' }, t('duty.running', { d: r.asof })),
    totals(r, defs),
    p.focus ? visitsPanel({ focus: p.focus, name: focusName(r, p.focus), visits: p.visits, onClose: p.onClose }) : null,
    daysTable(p.days), cadresTable(r, p), areasTable(r, p),
    h('h4', {}, t('duty.definitions')),
    definitionList((r.definitions || []).map((d) => [d.term, [d.text,
      d.formula ? h('div', { class: 'def-formula' }, d.formula) : null]]))];
}

export function dutyView(p) {
  let content;
  if (p.error) content = errorView(p.error, p.onRetry);
  else if (!p.report) content = loadingView();
  else content = body(p);
  return h('section', { class: 'duty' },
    h('div', { class: 'screen-head' }, h('h2', {}, t('duty.title'))),
    p.chooser, h('div', { class: 'report-body' }, content));
}
