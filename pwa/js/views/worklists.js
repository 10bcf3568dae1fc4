// worklists.js — the two work lists of the closing loop, both built from the
// items the phone pulled (the server decides the scope):
//   我单位的任务 (handler): the unit's open items by deadline, overdue marked, then
//     the ones already rectified and waiting for the check;
//   待验收 (supervisor): rectified items, nearest first once the phone has a fix,
//     after 待抽查, the closed items drawn for the weekly spot check (spotlist.js).
// Above each list, the user's own records not yet settled, refused ones included,
// so a record about an item that left the list is never out of sight.

import { h, replace } from './dom.js';
import { t } from '../i18n/t.js';
import { distanceTo, itemCard, latestRecords, pendingCard } from './itemparts.js';
import { sampled, spotSection } from './spotlist.js';

const byDeadline = (a, b) => (a.deadline || '9999').localeCompare(b.deadline || '9999')
  || a.id - b.id;

function section(title, rows, cls) {
  return rows.length ? [h('h2', { class: 'section' }, title), h('ul', { class: `list ${cls}` }, rows)] : [];
}

function mine(records, types, items, onOpen) {
  const open = records.filter((r) => types.includes(r.type) && r.state !== 'synced').reverse();
  return section(t('lists.myRecords'),
    open.map((r) => pendingCard(r, items.get(r.payload?.item_id), onOpen)), 'my-records');
}

function categoryNames(me) {
  return new Map((me?.categories || []).map((c) => [c.code, c.name]));
}

export function createTasksView({ onOpen }) {
  const body = h('div', { class: 'worklist' });
  const el = h('section', { class: 'screen tasks-screen' }, body);
  return {
    el,
    update({ me, items = new Map(), records = [], today }) {
      const unitId = me?.user?.unit_id;
      const ours = unitId == null ? [] : [...items.values()].filter((i) => i.unit_id === unitId);
      const todo = ours.filter((i) => i.status === 'assigned' || i.status === 'long_term')
        .sort(byDeadline);
      const waiting = ours.filter((i) => i.status === 'rectified')
        .sort((a, b) => String(b.rectified_at).localeCompare(String(a.rectified_at)));
      const latest = latestRecords(records, ['item.rectified']);
      const opts = { today, categories: categoryNames(me), onOpen, showUnit: false };
      const card = (i) => itemCard(i, { ...opts, record: latest.get(i.id) });
      replace(body,
        mine(records, ['item.rectified'], items, onOpen),
        unitId == null ? h('p', { class: 'empty' }, t('lists.noUnit')) : null,
        unitId != null && !todo.length && !waiting.length
          ? h('p', { class: 'empty' }, t('lists.tasksEmpty')) : null,
        section(t('lists.tasksTodo'), todo.map(card), 'tasks-todo'),
        section(t('lists.tasksWaiting'), waiting.map(card), 'tasks-waiting'));
    },
  };
}

export function createVerifyListView({ onOpen }) {
  const hint = h('p', { class: 'muted', id: 'verify-order' });
  const body = h('div', { class: 'worklist' });
  const el = h('section', { class: 'screen verify-screen' }, hint, body);
  return {
    el,
    update({ me, items = new Map(), records = [], fix, maxM, today }) {
      const due = [...items.values()].filter((i) => i.status === 'rectified');
      const far = (i) => distanceTo(i, fix) ?? Infinity;
      due.sort(fix ? (a, b) => far(a) - far(b) || a.id - b.id
        : (a, b) => String(a.rectified_at).localeCompare(String(b.rectified_at)) || a.id - b.id);
      const any = due.length || sampled(items).length;
      hint.textContent = any ? (fix ? t('lists.verifyNearest') : t('lists.verifyNoFix')) : '';
      const latest = latestRecords(records, ['item.verify', 'item.recheck']);
      const categories = categoryNames(me);
      const opts = { today, fix, maxM, categories, onOpen, showDistance: true };
      const open = Boolean(body.querySelector('details.spot-others')?.open); // kept across renders
      replace(body,
        mine(records, ['item.verify', 'item.recheck'], items, onOpen),
        spotSection({ me, items, fix, maxM, today, categories, latest, onOpen, open }),
        due.length ? null : h('p', { class: 'empty' }, t('lists.verifyEmpty')),
        section(t('tabs.verify'), due.map((i) => itemCard(i, { ...opts, record: latest.get(i.id) })),
          'verify-due'));
    },
  };
}
