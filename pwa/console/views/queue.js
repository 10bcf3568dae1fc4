// queue.js — 待办分拣: what synced in and needs the office — new items, suggested
// duplicates and items with integrity flags — as a checkable list with bulk 交办
// (unit, deadline, plan, leader-led) and bulk 不予受理 (with a reason), and the
// selected item's detail beside it (views/compare.js) for merging.

import { h, select, field, formValues } from './dom.js';
import { t } from '../i18n/t.js';
import { statusChip, itemBadges, pager } from './parts.js';
import { dateTime, shorten } from '../lib/format.js';
import { deadlineField, deadlineBody } from './deadline.js';
import { loadingView, errorView } from './shell.js';
import { comparePanel } from './compare.js';

export const TABS = ['new', 'suggested', 'flagged'];

function tabs(p) {
  return h('div', { class: 'tabs', role: 'tablist' }, TABS.map((tab) => h('a', {
    href: `#/queue/${tab}`, role: 'tab', 'aria-selected': String(tab === p.tab), dataset: { tab },
    class: tab === p.tab ? 'tab current' : 'tab' },
  t(`queue.tabs.${tab}`), p.counts[tab] === undefined ? '' : h('span', { class: 'count' }, String(p.counts[tab])))));
}

function assignForm(p, selected, say) {
  const d = p.draft || {}; // the last batch's unit, deadline and plan, to go on with the next
  const deadline = deadlineField({ id: 'bulk-deadline', today: p.today, required: true,
    days: d.deadline_working_days, value: d.deadline && d.deadline >= p.today ? d.deadline : '' });
  const submit = h('button', { type: 'submit', class: 'btn primary', id: 'bulk-assign', disabled: Boolean(p.busy) });
  const form = h('form', { class: 'bulk-form' }, h('h3', {}, t('queue.assignTitle')),
    h('div', { class: 'filter-row' },
      field(t('queue.unit'), select({ name: 'unit_id', id: 'bulk-unit', required: true },
        [{ value: '', label: '' }, ...p.ref.units.map((u) => ({ value: u.id, label: u.name }))], d.unit_id || '')),
      field(t('queue.deadline'), deadline),
      field(t('queue.plan'), h('input', { name: 'plan', id: 'bulk-plan', maxlength: '2000',
        placeholder: t('queue.planHint'), required: true, value: d.plan || '' })),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'leader_led', id: 'bulk-leader-led',
        checked: Boolean(d.leader_led) }), t('queue.leaderLed')),
      field(t('queue.leaderName'), h('input', { name: 'leader_name', id: 'bulk-leader-name', maxlength: '60',
        value: d.leader_name || '' })),
      submit));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = formValues(form);
    if (!selected.size) return say(t('queue.noneSelected'));
    if (!v.unit_id) return say(t('queue.needUnit'));
    if (!v.deadline) return say(t('queue.needDeadline'));
    if (!v.plan) return say(t('queue.needPlan'));
    p.onBulkAssign([...selected], { unit_id: Number(v.unit_id), ...deadlineBody(v), plan: v.plan,
      leader_led: v.leader_led, leader_name: v.leader_led && v.leader_name ? v.leader_name : null });
  });
  return { form, label: (n) => { submit.textContent = t('queue.assign', { n }); } };
}

function rejectForm(p, selected, say) {
  let armed = false;
  const reason = h('input', { name: 'reason', id: 'bulk-reason', maxlength: '1000', required: true });
  const submit = h('button', { type: 'submit', class: 'btn danger', id: 'bulk-reject', disabled: Boolean(p.busy) });
  const label = (n) => { armed = false; submit.textContent = t('queue.reject', { n }); };
  const form = h('form', { class: 'bulk-form' }, h('h3', {}, t('queue.rejectTitle')),
    h('div', { class: 'filter-row' }, field(t('queue.reason'), reason), submit));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!selected.size) return say(t('queue.noneSelected'));
    if (!reason.value.trim()) return say(t('queue.needReason'));
    if (!armed) { // a second click confirms: rejecting cannot be undone
      armed = true;
      submit.textContent = t('queue.confirmReject', { n: selected.size });
      return undefined;
    }
    armed = false;
    return p.onBulkReject([...selected], reason.value.trim());
  });
  return { form, label };
}

function resultBox(result) {
  if (!result) return null;
  const bad = result.results.filter((r) => r.status !== 'applied');
  return h('div', { class: bad.length ? 'result warn-box' : 'result ok-box', role: 'status', id: 'bulk-result' },
    h('p', {}, t('queue.done', { ok: result.results.length - bad.length, bad: bad.length })),
    bad.length ? h('ul', {}, bad.map((r) => h('li', {}, t('queue.failed', { id: r.item_id, reason: r.reason })))) : null);
}

function row(it, p, selected, onToggle) {
  const box = h('input', { type: 'checkbox', checked: selected.has(it.id), 'aria-label': t('queue.selectOne', { id: it.id }),
    dataset: { id: String(it.id) }, disabled: !p.canAct || it.status !== 'new',
    onchange: (e) => onToggle(it.id, e.target.checked) });
  const tr = h('tr', { class: `clickable${p.detailId === it.id ? ' current' : ''}`, dataset: { id: String(it.id) } },
    h('td', { class: 'pick' }, box),
    h('td', { class: 'num' }, h('button', { type: 'button', class: 'link', onclick: () => p.onPick(it.id),
      'aria-label': t('queue.show', { id: it.id }) }, `#${it.id}`)),
    h('td', { class: 'desc' }, h('span', { class: 'desc-text' }, shorten(it.description, 70)), ' ', itemBadges(it),
      it.report_count > 1 ? h('span', { class: 'chip' }, t('chips.reports', { n: it.report_count })) : null),
    h('td', {}, p.ref.categoryNames.get(it.category) || it.category),
    h('td', {}, it.area_name || ''),
    h('td', {}, dateTime(it.created_at)),
    h('td', {}, statusChip(it.status)));
  tr.addEventListener('click', (e) => { if (!e.target.closest('input, a, button, label')) p.onPick(it.id); });
  return tr;
}

export function queueView(p) {
  const selected = new Set(p.selected);
  const message = h('p', { class: 'error', role: 'alert', id: 'bulk-message' });
  const say = (text) => { message.textContent = text; };
  const assign = assignForm(p, selected, say);
  const reject = rejectForm(p, selected, say);
  const count = h('span', { class: 'selected-count', id: 'selected-count' });
  const relabel = () => {
    count.textContent = t('queue.selected', { n: selected.size });
    assign.label(selected.size);
    reject.label(selected.size);
  };
  const onToggle = (id, on) => {
    if (on) selected.add(id); else selected.delete(id);
    say('');
    relabel();
    p.onSelect([...selected]);
  };
  relabel();
  let list;
  if (p.error) list = errorView(p.error, p.onRetry);
  else if (!p.data) list = loadingView();
  else if (!p.data.items.length) list = h('p', { class: 'empty' }, t('queue.empty'));
  else {
    const selectable = p.data.items.filter((it) => it.status === 'new').map((it) => it.id);
    const all = h('input', { type: 'checkbox', id: 'select-all', 'aria-label': t('queue.selectAll'),
      disabled: !p.canAct, checked: selectable.length > 0 && selectable.every((id) => selected.has(id)),
      onchange: (e) => {
        for (const id of selectable) { if (e.target.checked) selected.add(id); else selected.delete(id); }
        for (const b of list.querySelectorAll('tbody input[type=checkbox]:not(:disabled)')) b.checked = e.target.checked;
        relabel();
        p.onSelect([...selected]);
      } });
    list = h('div', {}, h('table', { class: 'data queue-table' },
      h('thead', {}, h('tr', {}, h('th', { class: 'pick' }, all),
        ['id', 'description', 'category', 'area', 'created', 'status'].map((c) => h('th', { scope: 'col' },
          t(`ledger.cols.${c}`))))),
      h('tbody', {}, p.data.items.map((it) => row(it, p, selected, onToggle)))),
    pager({ page: p.data.page, perPage: p.data.per_page, total: p.data.total, onPage: p.onPage }));
  }
  const bulk = p.canAct ? h('section', { class: 'bulk panel', 'aria-label': t('queue.assignTitle') },
    h('p', {}, count), assign.form, reject.form, message) : null;
  return h('section', { class: 'queue' },
    h('div', { class: 'screen-head' }, h('h2', {}, t('queue.title')), tabs(p)),
    h('p', { class: 'muted' }, t(`queue.hint.${p.tab}`)),
    bulk, resultBox(p.result),
    h('div', { class: 'split' }, h('div', { class: 'split-list' }, list),
      h('aside', { class: 'split-detail panel', 'aria-live': 'polite' }, comparePanel(p))));
}
