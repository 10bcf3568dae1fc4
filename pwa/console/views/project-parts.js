// project-parts.js — pieces the 民生实事 screens share: a project's status chip, its badges
// (领导领办, 节点滞后 n 个), the progress bar of its 形象进度, and investment done of the
// total in 万元 with its rate. All figures are the server's (late, rate); none is derived here.

import { h } from './dom.js';
import { t, nameOf } from '../i18n/t.js';
import { wanNumber, percent } from '../lib/format.js';

export const projectStatus = (status) => h('span', { class: `chip pst-${status}`, dataset: { status } },
  nameOf('projects.status', status));

export function projectBadges(p) {
  return [
    p.leader_led ? h('span', { class: 'chip lead', dataset: { leaderLed: '' } }, t('projects.chips.leader')) : null,
    p.late ? h('span', { class: 'chip danger', dataset: { late: String(p.late_milestones) } },
      t('projects.chips.late', { n: p.late_milestones })) : null,
    p.over_budget_reason ? h('span', { class: 'chip warn' }, t('projects.chips.overBudget')) : null,
  ];
}

// 形象进度 as a bar and its number.
export function progressBar(value, id) {
  const n = Math.max(0, Math.min(100, Number(value) || 0));
  return h('span', { class: 'progress', id },
    h('progress', { max: '100', value: String(n), 'aria-label': t('projects.cols.percent') }),
    h('span', { class: 'progress-text' }, t('projects.percent', { n })));
}

// 已完成 / 总投资 万元（rate）.
export function investment(p) {
  return h('span', { class: 'investment' },
    t('projects.of', { done: wanNumber(p.investment_done_wan), total: wanNumber(p.investment_total_wan) }),
    p.investment_rate === null || p.investment_rate === undefined ? ''
      : t('projects.rate', { r: percent(p.investment_rate) }));
}
