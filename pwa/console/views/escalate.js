// escalate.js — 纳入民生实事台账 on an item page: the office's form for an item in
// rectification or long-term rectification (the project's name, batch, investment, dates,
// unit, aspect and leader; unit, aspect and leader start as the item's), and, once the
// item has become a project, the link to it. The server decides whether it may.

import { h, select, field } from './dom.js';
import { t } from '../i18n/t.js';
import { batchName } from '../lib/format.js';

const ESCALABLE = ['assigned', 'long_term'];
const BATCHES = 6;

export const canEscalate = (it) => ESCALABLE.includes(it.status) && !it.project_id;

// The note under the description of an item that became a project.
export function projectLink(it) {
  if (!it.project_id) return null;
  return h('p', { class: 'ok-box', id: 'item-project' }, t('projects.escalate.linked'),
    h('a', { href: `#/project/${it.project_id}`, id: 'item-project-link' },
      `${t('projects.escalate.open')} #${it.project_id}`));
}

// The form's controls; `sent` is what a refused request carried.
export function escalateControls(it, p, sent = {}) {
  const aspects = p.ref.categories;
  const category = sent.category || (aspects.some((c) => c.code === it.category) ? it.category : '');
  const leaderLed = sent.leader_led ?? Boolean(it.leader_led);
  return [
    h('p', { class: 'muted small' }, t('projects.escalate.hint')),
    field(t('projects.escalate.name'), h('input', { name: 'name', id: 'escalate-name', maxlength: '200',
      value: sent.name || '' })),
    h('div', { class: 'filter-row' },
      field(t('projects.escalate.batch'), select({ name: 'batch', id: 'escalate-batch' },
        Array.from({ length: BATCHES }, (_, i) => ({ value: i + 1, label: batchName(i + 1) })), sent.batch || 1)),
      field(t('projects.escalate.total'), h('input', { type: 'number', name: 'total', id: 'escalate-total',
        min: '0', step: '0.01', value: sent.investment_total_wan ?? '' }))),
    h('div', { class: 'filter-row' },
      field(t('projects.escalate.start'), h('input', { type: 'date', name: 'start', id: 'escalate-start',
        value: sent.start || '' })),
      field(t('projects.escalate.due'), h('input', { type: 'date', name: 'due', id: 'escalate-due', min: p.today,
        value: sent.due || '' }))),
    field(t('projects.escalate.unit'), select({ name: 'unit_id', id: 'escalate-unit' },
      p.ref.units.map((u) => ({ value: u.id, label: u.name })), sent.unit_id || it.unit_id || '')),
    field(t('projects.escalate.category'), select({ name: 'category', id: 'escalate-category' },
      aspects.map((c) => ({ value: c.code, label: c.name })), category)),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'leader_led', id: 'escalate-leader-led',
      checked: leaderLed }), t('projects.escalate.leaderLed')),
    field(t('projects.escalate.leader'), h('input', { name: 'leader', id: 'escalate-leader', maxlength: '60',
      value: sent.leader ?? (it.leader_led ? it.leader_name || '' : '') })),
  ];
}

// The request body from the form's values, or a problem to show.
export function escalateBody(v) {
  if (!v.name) return t('projects.escalate.needName');
  const total = Number.parseFloat(v.total);
  if (!Number.isFinite(total)) return t('projects.escalate.needTotal');
  if (!v.due) return t('projects.escalate.needDue');
  return { name: v.name, batch: Number(v.batch), investment_total_wan: total, start: v.start || null, due: v.due,
    unit_id: Number(v.unit_id), category: v.category, leader_led: Boolean(v.leader_led),
    leader: v.leader_led && v.leader ? v.leader : null };
}
