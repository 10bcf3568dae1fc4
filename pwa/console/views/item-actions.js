// item-actions.js — the office's forms on an item page, only those its state allows:
// 交办 / 不予受理 / 合并 for a new item, 长期整改 for an assigned one, 调整时限 and
// 纳入民生实事台账 (views/escalate.js) for an assigned or long-term one. The server checks
// every action again; these forms are a convenience, not the rule.

import { h, select, field, formValues } from './dom.js';
import { t } from '../i18n/t.js';
import { deadlineField, deadlineBody } from './deadline.js';
import { dayWithWeekday } from '../lib/format.js';
import { canEscalate, escalateControls, escalateBody } from './escalate.js';

// `problem`: what the server answered to this form's last request (the form shows it again).
function form(id, title, controls, label, onSubmit, cls = 'primary', problem = '') {
  const message = h('p', { class: 'error', role: 'alert' }, problem);
  const el = h('form', { class: 'action-form', id }, h('h4', {}, title), controls,
    h('button', { type: 'submit', class: `btn ${cls}` }, label), message);
  el.addEventListener('submit', (e) => {
    e.preventDefault();
    message.textContent = onSubmit(formValues(el)) || '';
  });
  return el;
}

// 调整时限: the current deadline, the new one, the reason; a refused request comes back
// with what was sent (p.failed), so nothing typed is lost.
function rescheduleForm(it, p) {
  const kept = p.failed && p.failed.action === 'reschedule' ? p.failed : null;
  const sent = kept ? kept.body : {};
  return form('act-reschedule', t('reschedule.title'), [
    field(t('reschedule.current'), h('span', { id: 'reschedule-current' },
      it.deadline ? dayWithWeekday(it.deadline) : t('reschedule.none'))),
    field(t('reschedule.deadline'), deadlineField({ id: 'reschedule-deadline', today: p.today,
      days: sent.deadline_working_days, value: sent.deadline })),
    field(t('reschedule.note'), h('textarea', { name: 'note', rows: 2, maxlength: '1000', 'aria-required': 'true',
      placeholder: t('reschedule.noteHint') }, sent.note || '')),
  ], t('reschedule.submit'), (v) => {
    if (!v.deadline) return t('reschedule.needDeadline');
    if (!v.note) return t('reschedule.needNote');
    p.onAction('reschedule', { ...deadlineBody(v), note: v.note });
    return '';
  }, 'ghost', kept ? kept.text : '');
}

// 纳入民生实事台账: a refused request comes back with what was sent, like 调整时限.
function escalateForm(it, p) {
  const kept = p.failed && p.failed.action === 'escalate' ? p.failed : null;
  return form('act-escalate', t('projects.escalate.title'), escalateControls(it, p, kept ? kept.body : {}),
    t('projects.escalate.submit'), (v) => {
      const body = escalateBody(v);
      if (typeof body === 'string') return body;
      p.onAction('escalate', body);
      return '';
    }, 'ghost', kept ? kept.text : '');
}

export function actionForms(it, p) {
  const forms = [];
  if (it.status === 'new') {
    forms.push(form('act-assign', t('item.assign'), [
      field(t('queue.unit'), select({ name: 'unit_id', required: true },
        [{ value: '', label: '' }, ...p.ref.units.map((u) => ({ value: u.id, label: u.name }))], '')),
      field(t('queue.deadline'), deadlineField({ id: 'assign-deadline', today: p.today, required: true, days: 10 })),
      field(t('queue.plan'), h('textarea', { name: 'plan', rows: 2, maxlength: '2000', required: true,
        placeholder: t('queue.planHint') })),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'leader_led' }), t('queue.leaderLed')),
      field(t('queue.leaderName'), h('input', { name: 'leader_name', maxlength: '60' })),
    ], t('item.assign'), (v) => {
      if (!v.unit_id) return t('queue.needUnit');
      if (!v.deadline) return t('queue.needDeadline');
      if (!v.plan) return t('queue.needPlan');
      p.onAction('assign', { unit_id: Number(v.unit_id), ...deadlineBody(v), plan: v.plan,
        leader_led: v.leader_led, leader_name: v.leader_led && v.leader_name ? v.leader_name : null });
      return '';
    }));
    forms.push(form('act-reject', t('item.reject'), [
      field(t('queue.reason'), h('textarea', { name: 'reason', rows: 2, maxlength: '1000', required: true })),
    ], t('item.reject'), (v) => {
      if (!v.reason) return t('queue.needReason');
      p.onAction('reject', { reason: v.reason });
      return '';
    }, 'danger'));
    forms.push(form('act-merge', t('item.merge'), [
      field(t('item.mergeTarget'), h('input', { type: 'number', name: 'into_item_id', min: '1', required: true })),
      field(t('item.note'), h('input', { name: 'note', maxlength: '1000' })),
    ], t('item.merge'), (v) => {
      const into = Number(v.into_item_id);
      if (!Number.isInteger(into) || into < 1) return t('item.mergeTarget');
      p.onAction('merge', { into_item_id: into, note: v.note || null });
      return '';
    }, 'ghost'));
  }
  if (it.status === 'assigned') {
    forms.push(form('act-long-term', t('item.longTerm'), [
      field(t('item.longTermNote'), h('textarea', { name: 'note', rows: 2, maxlength: '2000', required: true })),
      field(t('item.newDeadline'), deadlineField({ id: 'long-term-deadline', today: p.today, sendDays: false })),
    ], t('item.longTerm'), (v) => {
      if (!v.note) return t('queue.needReason');
      p.onAction('long_term', { note: v.note, deadline: v.deadline || null });
      return '';
    }, 'ghost'));
  }
  if (it.status === 'assigned' || it.status === 'long_term') forms.push(rescheduleForm(it, p));
  if (canEscalate(it)) forms.push(escalateForm(it, p));
  if (!forms.length) return null;
  return h('section', { class: 'panel actions', id: 'actions' }, h('h3', {}, t('item.actions')),
    p.busy ? h('p', { class: 'muted' }, t('app.busy')) : null, forms);
}
