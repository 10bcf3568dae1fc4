// project-report.js — 月度进展 of the 民生实事 projects on the reports page: the county's
// totals, the projects per status, per unit and per batch (investment planned and done at
// the as-of day and its rate, the month's updates and the investment they added, late
// milestones), the leader-led projects apart, and the milestones late on the as-of day
// with their working days late. Every number is the JSON report's, and the columns take
// their names from its own definitions (统计口径), so the tables and the definitions below
// them say the same; the page and workbook buttons are the reports page's.

import { h } from './dom.js';
import { t } from '../i18n/t.js';
import { dataTable } from './parts.js';
import { percent, wanNumber, dayWithWeekday } from '../lib/format.js';

// Column makers naming each field as the report's definitions do (`terms`: field -> term).
function columns(terms) {
  const label = (key, field) => terms.get(field) || t(`projects.report.cols.${key}`);
  const num = (key, field, show = (v) => String(v ?? '')) => ({ key, label: label(key, field), class: 'num',
    render: (r) => show(r[field]) });
  const wan = (key, field) => ({ ...num(key, field, wanNumber),
    label: terms.has(field) ? t('projects.report.inWan', { term: terms.get(field) }) : label(key, field) });
  return { label, num, wan };
}

// The figures' columns: counts per status (named by the report) and the money and updates.
function figureColumns({ label, num, wan }, statuses) {
  return [{ key: 'name', label: label('name'), render: (r) => r.name }, num('projects', 'projects'),
    ...statuses.map((s) => ({ key: s.code, label: s.name, class: 'num', render: (r) => String(r[s.code] ?? '') })),
    wan('total', 'investment_total_wan'), wan('done', 'investment_done_wan'),
    num('rate', 'investment_rate', (v) => percent(v)), num('updates', 'updates'),
    wan('added', 'investment_added_wan'), num('lateMilestones', 'late_milestones'),
    num('lateProjects', 'late_projects')];
}

const link = (id, name) => h('a', { href: `#/project/${id}` }, name);

function summary({ num, wan }, r) {
  const x = r.totals;
  return h('div', { class: 'duty-totals', id: 'project-report-totals' }, [
    num('projects', 'projects'), num('rate', 'investment_rate', (v) => percent(v)),
    wan('done', 'investment_done_wan'), wan('total', 'investment_total_wan'), num('updates', 'updates'),
    wan('added', 'investment_added_wan'), num('lateMilestones', 'late_milestones'),
    num('lateProjects', 'late_projects'),
  ].map((c) => h('dl', { class: 'duty-total', dataset: { key: c.key } }, h('dt', {}, c.label), h('dd', {}, c.render(x)))));
}

function leaderList({ label, num, wan }, r) {
  return dataTable([
    { key: 'project', label: label('project'), render: (x) => link(x.id, x.name) },
    { key: 'unit', label: label('unit'), render: (x) => x.unit_name },
    { key: 'leader', label: label('leader'), render: (x) => x.leader || '' },
    { key: 'status', label: label('status'), render: (x) => x.status_name },
    num('percent', 'percent', (v) => t('projects.percent', { n: v })),
    wan('total', 'investment_total_wan'), wan('done', 'investment_done_wan'),
    num('rate', 'investment_rate', (v) => percent(v)), num('updates', 'updates'),
    num('lateMilestones', 'late_milestones')], r.leader_projects,
  { caption: t('projects.report.leaderList', { n: r.leader_projects.length }) });
}

function lateList({ label, num }, r) {
  if (!r.late_total) return h('p', { class: 'muted', id: 'project-report-no-late' }, t('projects.report.noLate'));
  return [h('h4', {}, t('projects.report.late', { n: r.late_total })),
    r.late_total > r.late.length ? h('p', { class: 'muted' }, t('projects.report.listed', { n: r.late.length })) : null,
    dataTable([
      { key: 'project', label: label('project'), render: (x) => link(x.project_id, x.project_name) },
      { key: 'batch', label: label('batch'), render: (x) => x.batch_name },
      { key: 'unit', label: label('unit'), render: (x) => x.unit_name },
      { key: 'leader', label: label('leader'), render: (x) => x.leader || '' },
      { key: 'milestone', label: label('milestone'), render: (x) => x.milestone },
      { key: 'due', label: label('due'), render: (x) => dayWithWeekday(x.due) },
      num('lateDays', 'late_days')], r.late)];
}

export function projectsBody(r) {
  const make = columns(new Map((r.definitions || []).map((d) => [d.key, d.term])));
  const cols = figureColumns(make, r.statuses || []);
  return [summary(make, r),
    h('div', { id: 'project-report-units' }, dataTable(cols, [...r.units, r.totals],
      { caption: t('projects.report.units') })),
    h('div', { id: 'project-report-batches' }, dataTable(cols, [...r.batches, r.totals],
      { caption: t('projects.report.batches') })),
    h('div', { id: 'project-report-leader' }, dataTable(cols, [r.leader_totals], { caption: t('projects.report.leader') }),
      leaderList(make, r)),
    h('div', { id: 'project-report-late' }, lateList(make, r))];
}
