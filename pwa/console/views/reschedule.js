// reschedule.js — 调整整改时限 on the item page: whether an item reopened by a failed
// 周抽查 re-check still runs on its provisional deadline (the note beside the deadline),
// the reschedule event's lines in the timeline (原时限 → 新时限, the reason), and a
// refused reschedule in words. The form itself sits with the other actions (item-actions.js).

import { h } from './dom.js';
import { t } from '../i18n/t.js';
import { dayWithWeekday } from '../lib/format.js';

/** The failed re-check whose provisional deadline still stands, or null. */
export function pendingRebound(it) {
  if (!it || it.status !== 'assigned') return null;
  const events = it.events || [];
  const last = events.findLastIndex((ev) => ev.action === 'recheck');
  if (last < 0 || (events[last].payload || {}).result !== 'fail') return null;
  return events.slice(last + 1).some((ev) => ev.action === 'reschedule') ? null : events[last];
}

/** The rebound note beside the deadline, with a way to the form for the office; or null. */
export function reboundNote(it, canAct) {
  if (!pendingRebound(it)) return null;
  const date = it.deadline ? dayWithWeekday(it.deadline) : t('reschedule.none');
  const toForm = () => {
    const input = document.getElementById('reschedule-deadline');
    if (!input) return;
    input.scrollIntoView({ block: 'center' });
    input.focus();
  };
  return h('p', { class: 'rebound-note', id: 'item-rebound', role: 'note' },
    t(canAct ? 'reschedule.rebound.office' : 'reschedule.rebound.other', { date }),
    canAct ? [' ', h('button', { type: 'button', class: 'btn small ghost no-print', id: 'item-rebound-go',
      onclick: toForm }, t('reschedule.rebound.go'))] : null);
}

const dayOrNone = (d) => (d ? dayWithWeekday(d) : t('reschedule.none'));

/** The timeline lines of a reschedule event: the change of deadline and its reason. */
export function rescheduleLines(b) {
  const days = b.deadline_working_days ? t('reschedule.event.days', { n: b.deadline_working_days }) : '';
  return [t('reschedule.event.change', { from: dayOrNone(b.previous), to: dayOrNone(b.deadline) }) + days,
    b.note ? t('reschedule.event.note', { n: b.note }) : null].filter(Boolean);
}

/** A refused reschedule in words from its own texts, or '' to use the shared ones. */
export function refusal(err) {
  const d = err.details || {};
  if (err.code === 'validation_failed' && d.earliest && d.latest) {
    return t('reschedule.errors.range', { from: dayWithWeekday(d.earliest), to: dayWithWeekday(d.latest) });
  }
  const own = t(`reschedule.errors.${err.code}`);
  return own === `reschedule.errors.${err.code}` ? '' : own;
}
