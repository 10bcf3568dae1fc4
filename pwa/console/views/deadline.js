// deadline.js — the 整改时限 field wherever the office sets one (交办 on the item page and
// in bulk, 长期整改): a date, presets of +5/+10/+20 个工作日 counted on the official
// calendar, and the weekday of the chosen date (周五), marked when it is a day off. A
// preset also fills a hidden `deadline_working_days`, so 交办 can send the working days
// and the server resolves them on the same calendar; typing a date clears it.

import { h } from './dom.js';
import { t } from '../i18n/t.js';
import { addWorkingDays, covers, isWorkday } from '../lib/workdays.js';
import { weekdayName } from '../lib/format.js';

export const PRESETS = [5, 10, 20];

// props: {id, today, value, days (a preset to start from), required, sendDays}
export function deadlineField(props) {
  const { id, today, required = false, sendDays = true } = props;
  const input = h('input', { type: 'date', name: 'deadline', id, min: today, required, value: props.value || '' });
  const days = sendDays ? h('input', { type: 'hidden', name: 'deadline_working_days', id: `${id}-days`, value: '' }) : null;
  const shown = h('output', { class: 'weekday', id: `${id}-weekday`, for: id, 'aria-live': 'polite' });
  const note = h('small', { class: 'hint', id: `${id}-note` });
  const show = (n) => {
    const v = input.value;
    if (days) days.value = n ? String(n) : '';
    shown.textContent = !v ? '' : [weekdayName(v), isWorkday(v) ? '' : t('deadline.offDay'),
      n ? t('deadline.after', { n }) : ''].join('');
    note.textContent = v && !covers(v) ? t('deadline.uncovered', { year: v.slice(0, 4) }) : t('deadline.rule');
  };
  const pick = (n) => { input.value = addWorkingDays(today, n); show(n); };
  input.addEventListener('input', () => show(0));
  const buttons = PRESETS.map((n) => h('button', { type: 'button', class: 'btn small ghost preset',
    dataset: { days: String(n) }, onclick: () => pick(n) }, t('deadline.plus', { n })));
  if (props.days) pick(props.days);
  else show(0);
  return h('span', { class: 'deadline-field' }, h('span', { class: 'inline' }, input, buttons, shown), days, note);
}

// The deadline part of a request from the form's values: working days when a preset
// stands, else the date typed (or null when none is given).
export function deadlineBody(v) {
  if (v.deadline_working_days) return { deadline_working_days: Number(v.deadline_working_days) };
  return { deadline: v.deadline || null };
}
