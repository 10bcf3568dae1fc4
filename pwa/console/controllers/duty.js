// controllers/duty.js — 丈量: the period from the address (#/duty?week= or ?month=,
// default this week), the 丈量 report, how many cadres were out on each duty day (from
// that day's check-ins) and, when the address names a cadre (&user=) or an area
// (&area=), their check-ins of the period.

import { dutyView, periodChooser } from '../views/duty.js';
import { build } from '../lib/route.js';
import { addDays, isoWeek, monthOf } from '../lib/format.js';

const WEEK = /^\d{4}-W\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;

/** The period the address asks for: {week} or {month}; this week by default. */
function periodOf(params, today) {
  const month = params.get('month') || '';
  if (MONTH.test(month)) return { month };
  const week = params.get('week') || '';
  return { week: WEEK.test(week) ? week : isoWeek(today) };
}

// The quick choices: 本周 / 上周 / 本月 (this week, last week, this month).
function choices(today) {
  return [['thisWeek', { week: isoWeek(today) }], ['lastWeek', { week: isoWeek(addDays(today, -7)) }],
    ['thisMonth', { month: monthOf(today) }]].map(([key, period]) => ({ key, period }));
}

/** What the drill-down shows: {kind: 'user'|'area', id} or null. */
function focusOf(params) {
  for (const kind of ['user', 'area']) {
    const id = Number.parseInt(params.get(kind) || '', 10);
    if (id > 0) return { kind, id };
  }
  return null;
}

/** Cadres out on each duty day, as the report counts them. */
const perDay = (report) => report.days || [];

export async function show(ctx, r) {
  const render = ctx.renderer();
  const today = ctx.today();
  const period = periodOf(r.params, today);
  const focus = focusOf(r.params);
  const props = {
    period, choices: choices(today), report: null, days: null, focus, visits: null, error: '',
    onPeriod: (value) => ctx.go(build('duty', '', value)),
    onFocus: (kind, id) => ctx.go(build('duty', '', { ...period, [kind]: id })),
    onClose: () => ctx.go(build('duty', '', period)),
    onRetry: () => ctx.go(location.hash),
  };
  props.chooser = periodChooser(props);
  const draw = () => render(dutyView(props));
  draw();
  try {
    props.report = await ctx.api.dutyReport(period);
  } catch (err) {
    props.error = ctx.errorText(err);
    draw();
    return;
  }
  draw();
  const rep = props.report;
  if (focus) {
    const key = focus.kind === 'user' ? 'user_id' : 'area_id';
    try {
      props.visits = await ctx.api.allVisits({ from: rep.start, to: rep.end, [key]: focus.id }, { limit: 1000 });
    } catch (err) {
      props.visits = { error: ctx.errorText(err) };
    }
    draw();
  }
  props.days = perDay(rep);
  draw();
}
