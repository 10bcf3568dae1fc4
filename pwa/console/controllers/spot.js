// controllers/spot.js — 周抽查: the week from the address (#/spot?week=, by default the
// last complete ISO week), its draws and the recent ones; the office draws a week (POST)
// and sees the draw, or, when that week was drawn already, the existing draw with why.

import { spotView, spotChooser } from '../views/spot.js';
import { build } from '../lib/route.js';
import { addDays, isoWeek } from '../lib/format.js';

const WEEK = /^\d{4}-W\d{2}$/;
// What a draw answered, kept for the screen shown after it: {week, notice, highlight}.
let outcome = null;

/** The week the address asks for, else the last complete one. */
function weekOf(params, today) {
  const week = params.get('week') || '';
  return WEEK.test(week) ? week : isoWeek(addDays(today, -7));
}

// A refused draw or week in words: the 周抽查 text for its code, else the shared one.
function refusal(ctx, err) {
  const own = ctx.t(`spot.errors.${err.code}`);
  return own === `spot.errors.${err.code}` ? ctx.errorText(err) : own;
}

/** Draw `week` with `size` items; the screen of that week then shows the outcome. */
async function draw(ctx, props, week, size) {
  props.chooser.busy(true);
  try {
    const { spot_check: sc } = await ctx.api.drawSpotCheck(week, size);
    outcome = { week: sc.week, highlight: sc.id,
      notice: { kind: 'ok', text: ctx.t('spot.drawn', { n: sc.entries.length }) } };
    ctx.go(build('spot', '', { week: sc.week }));
  } catch (err) {
    props.chooser.busy(false);
    const notice = { kind: 'warn', text: refusal(ctx, err) };
    if (err.code === 'already_drawn') {
      outcome = { week, notice, highlight: Number(err.details.spot_check_id) || null };
      ctx.go(build('spot', '', { week }));
      return;
    }
    props.notice = notice;
    props.redraw();
  }
}

export async function show(ctx, r) {
  const render = ctx.renderer();
  const today = ctx.today();
  const week = weekOf(r.params, today);
  const kept = outcome && outcome.week === week ? outcome : null;
  outcome = null;
  const props = {
    week, draws: null, recent: null, error: '', ref: ctx.ref, me: ctx.user && ctx.user.id,
    canDraw: ctx.has('office') || ctx.has('admin'), maxWeek: isoWeek(today),
    notice: kept && kept.notice, highlight: kept && kept.highlight,
    onWeek: (value) => ctx.go(build('spot', '', { week: value })),
    onDraw: (value, size) => draw(ctx, props, value, size),
    onOpen: (id) => ctx.go(`#/item/${id}`),
    onRetry: () => ctx.go(location.hash),
  };
  props.chooser = spotChooser(props);
  props.redraw = () => render(spotView(props));
  props.redraw();
  try {
    const [mine, latest] = await Promise.all([ctx.api.spotChecks(week), ctx.api.spotChecks()]);
    props.draws = mine.spot_checks;
    props.recent = latest.spot_checks;
  } catch (err) {
    props.error = refusal(ctx, err); // a week the server does not take: bad_period
  }
  props.redraw();
}
