// filters.js — the ledger's filter form (status, category, unit, area, overdue,
// leader-led, flagged, full-text search, sort, page size). It only reports the
// chosen values; the controller puts them in the address and loads the list.

import { h, select, field, formValues } from './dom.js';
import { t } from '../i18n/t.js';

export const STATUSES = ['new', 'assigned', 'rectified', 'long_term', 'closed', 'rejected', 'merged'];
export const SORTS = ['-created_at', 'created_at', 'deadline', '-deadline', '-updated', 'id', '-id'];
export const SPEC = { status: 'list', category: 'text', unit_id: 'int', area_id: 'int', overdue: 'bool',
  leader_led: 'bool', flagged: 'bool', q: 'text', sort: 'text', page: 'int', per_page: 'int' };

// Areas for a select: townships as groups holding their areas (a township can be chosen too).
export function areaOptions(areas) {
  const towns = areas.filter((a) => a.kind === 'township');
  const groups = towns.map((tw) => ({ label: tw.name, options: [
    { value: tw.id, label: `${tw.name}（${t('areaKinds.township')}）` },
    ...areas.filter((a) => a.township_id === tw.id).map((a) => ({ value: a.id, label: a.name }))] }));
  const loose = areas.filter((a) => a.kind !== 'township' && !towns.some((tw) => tw.id === a.township_id));
  return [{ value: '', label: t('ledger.any') }, ...groups, ...loose.map((a) => ({ value: a.id, label: a.name }))];
}

export function filterForm({ filters, ref, onSearch, onReset, compact = false }) {
  const chosen = new Set(filters.status || []);
  const statusBoxes = h('fieldset', { class: 'statuses' }, h('legend', {}, t('ledger.status')),
    STATUSES.map((s) => h('label', { class: `check chip-check st-${s}` },
      h('input', { type: 'checkbox', name: 'status', value: s, checked: chosen.has(s) }), t(`status.${s}`))));
  const any = { value: '', label: t('ledger.any') };
  const form = h('form', { class: 'filters', role: 'search' },
    h('div', { class: 'filter-row' },
      field(t('ledger.search'), h('input', { type: 'search', name: 'q', id: 'filter-q', value: filters.q || '',
        maxlength: '100' })),
      field(t('ledger.category'), select({ name: 'category', id: 'filter-category' },
        [any, ...ref.categories.map((c) => ({ value: c.code, label: c.name }))], filters.category || '')),
      field(t('ledger.unit'), select({ name: 'unit_id', id: 'filter-unit' },
        [any, ...ref.units.map((u) => ({ value: u.id, label: u.name }))], filters.unit_id || '')),
      field(t('ledger.area'), select({ name: 'area_id', id: 'filter-area' }, areaOptions(ref.areas),
        filters.area_id || ''))),
    statusBoxes,
    h('div', { class: 'filter-row' },
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'overdue', id: 'filter-overdue',
        checked: Boolean(filters.overdue) }), t('ledger.overdue')),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'leader_led', id: 'filter-leader',
        checked: Boolean(filters.leader_led) }), t('ledger.leaderLed')),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'flagged', id: 'filter-flagged',
        checked: Boolean(filters.flagged) }), t('ledger.flagged')),
      compact ? null : field(t('ledger.sort'), select({ name: 'sort', id: 'filter-sort' },
        SORTS.map((s) => ({ value: s, label: t(`ledger.sorts.${s}`) })), filters.sort || '-created_at')),
      compact ? null : field(t('ledger.perPage'), select({ name: 'per_page', id: 'filter-per-page' },
        [20, 50, 100, 200].map((n) => ({ value: n, label: String(n) })), filters.per_page || 50)),
      h('button', { type: 'submit', class: 'btn primary', id: 'filter-submit' }, t('ledger.submit')),
      h('button', { type: 'button', class: 'btn ghost', onclick: onReset }, t('ledger.reset'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = formValues(form);
    onSearch({ q: v.q, category: v.category, unit_id: v.unit_id, area_id: v.area_id, status: v.status,
      overdue: v.overdue || undefined, leader_led: v.leader_led || undefined, flagged: v.flagged || undefined,
      sort: compact ? filters.sort : v.sort, per_page: compact ? filters.per_page : v.per_page });
  });
  return form;
}
