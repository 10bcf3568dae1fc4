// projects.js — 我单位的项目, the handler's list of the unit's 民生实事 projects as the phone
// keeps them (sync/projects.js), each as the unit last reported it (this phone's unsynced
// updates included, and marked): status, 领导领办, 节点滞后 counted on the phone against
// today, 形象进度 as a bar, investment done of the total, and the next milestone. The
// projects with late milestones come first, then by completion date. Above the list, the
// user's own progress records not yet settled, refused ones with the reason, so none is
// out of sight. The pieces of a project card are shared with the project page.

import { h, replace } from './dom.js';
import { t, reasonText } from '../i18n/t.js';
import { dateText, dateTime } from '../util/basics.js';
import { lateCount, nextMilestone, progressReason, wan } from '../util/progress.js';
import { recordChip } from './itemparts.js';

const TYPE = 'project.progress';

// The chips of a project: status, 领导领办, 节点滞后 n 个.
export function projectChips(p, today) {
  const late = lateCount(p.milestones || [], today);
  return [
    h('span', { class: `chip status-${p.status}`, 'data-status': p.status },
      t(`projects.status.${p.status}`)),
    p.leader_led ? h('span', { class: 'chip', 'data-leader-led': '1' }, t('projects.leaderLed')) : null,
    late ? h('span', { class: 'chip danger', 'data-late': late }, t('projects.late', { n: late })) : null,
  ];
}

// 形象进度 as a bar with its words.
export function percentBar(p) {
  return h('div', { class: 'project-percent', 'data-percent': p.percent },
    h('progress', { class: 'bar', max: '100', value: String(p.percent), 'aria-hidden': 'true' }),
    h('span', { class: 'percent-text' }, t('projects.percent', { n: p.percent })));
}

// 完成投资 1,220 / 1,760 万元（69.3%）.
export function investmentText(p) {
  const total = Number(p.investment_total_wan || 0);
  const rate = total ? Math.round((Number(p.investment_done_wan || 0) / total) * 1000) / 10 : null;
  return t('projects.investment', { done: wan(p.investment_done_wan), total: wan(total) })
    + (rate == null ? '' : t('projects.investmentRate', { rate }));
}

// The next milestone in words, marked when it is already late.
export function nextLine(p, today) {
  const all = p.milestones || [];
  const next = nextMilestone(all);
  if (!next) {
    return h('p', { class: 'muted next-milestone' },
      all.length ? t('projects.allDone') : (p.detailOf ? t('projects.noMilestones') : ''));
  }
  const late = next.due < today;
  return h('p', { class: late ? 'next-milestone error' : 'next-milestone muted', 'data-late': late ? '1' : null },
    t(late ? 'projects.nextLate' : 'projects.next', { name: next.name, date: dateText(next.due) }));
}

// Why the server or the phone refused a progress record, in plain words.
export const progressWhy = (record) => progressReason(record.error) || reasonText(record.error);

function card(p, { today, record, onOpen }) {
  return h('li', { class: 'card project', 'data-project': p.id, 'data-due': p.due || '' },
    h('a', { href: `#project/${p.id}`, class: 'card-link',
      onclick: (e) => { e.preventDefault(); onOpen(p.id); } },
    h('div', { class: 'record-head' }, projectChips(p, today), record ? recordChip(record) : null),
    h('p', { class: 'project-name big-text' }, h('strong', {}, p.name)),
    percentBar(p),
    h('p', { class: 'investment muted' }, investmentText(p)),
    nextLine(p, today),
    p.unsynced ? h('p', { class: 'warn unsynced' }, t('projects.mineUnsynced')) : null,
    record?.state === 'rejected' ? h('p', { class: 'error reason' }, progressWhy(record)) : null));
}

// A progress record of this phone not settled yet (or refused), opening its project.
function pendingCard(r, project, onOpen) {
  const id = r.payload?.project_id;
  return h('li', { class: `card record state-${r.state}`, 'data-id': r.id, 'data-state': r.state },
    h('a', { href: `#project/${id}`, class: 'card-link',
      onclick: (e) => { e.preventDefault(); onOpen(id); } },
    h('div', { class: 'record-head' }, h('strong', {}, t('records.progress')), recordChip(r)),
    h('p', { class: 'muted' }, [project?.name, dateTime(r.createdAt)].filter(Boolean).join(' · ')),
    r.state === 'rejected' ? h('p', { class: 'error reason' }, progressWhy(r)) : null));
}

// The latest local progress record of each project: project id -> record.
export function latestProgress(records) {
  const out = new Map();
  for (const r of records) if (r.type === TYPE && r.payload?.project_id) out.set(r.payload.project_id, r);
  return out;
}

const order = (today) => (a, b) => (lateCount(b.milestones, today) > 0) - (lateCount(a.milestones, today) > 0)
  || String(a.due || '9999').localeCompare(String(b.due || '9999')) || a.id - b.id;

export function createProjectsView({ onOpen }) {
  const note = h('p', { class: 'notice', id: 'projects-notice', role: 'status' });
  const body = h('div', { class: 'worklist' });
  const el = h('section', { class: 'screen projects-screen' }, note, body);
  return {
    el,
    // projects: id -> the project as it stands (views get it from the controller)
    update({ me, projects = new Map(), records = [], today, online, keptAt }) {
      const unitId = me?.user?.unit_id;
      const list = [...projects.values()].sort(order(today));
      const latest = latestProgress(records);
      const open = records.filter((r) => r.type === TYPE && r.state !== 'synced').reverse();
      note.textContent = !online && keptAt ? t('projects.keptAt', { time: dateTime(keptAt) })
        : (!keptAt && unitId != null ? t('projects.notKept') : '');
      replace(body,
        open.length ? [h('h2', { class: 'section' }, t('projects.myRecords')),
          h('ul', { class: 'list my-records' },
            open.map((r) => pendingCard(r, projects.get(r.payload?.project_id), onOpen)))] : null,
        unitId == null ? h('p', { class: 'empty' }, t('projects.noUnit')) : null,
        unitId != null && keptAt && !list.length ? h('p', { class: 'empty' }, t('projects.empty')) : null,
        list.length ? h('ul', { class: 'list projects' },
          list.map((p) => card(p, { today, record: latest.get(p.id), onOpen }))) : null);
    },
  };
}
