// project-card.js — one public 民生实事 project as a compact card of the list: its name
// clamped to two lines, place · aspect · batch, status (节点滞后 and 领导领办 marked), a
// progress bar with the percent and the investment done of the total, the planned
// completion, the 群众评议 counts, and a thumbnail only when there is a progress photo.
// The whole card links to the project's page.

import { h } from '../dom.js';
import { t, nameOf } from '../i18n/t.js';
import { shortDay, wan } from '../format.js';
import { photoUrl, projectHref } from '../route.js';
import { votesLine } from './card.js';

// The status chip (未开工, 在建 ...), coloured by status.
export function projectChip(status) {
  return h('span', { class: `chip pst-${status}`, dataset: { status } }, nameOf('pstatus', status));
}

// The percent complete as a bar (a <progress>, no inline style) and its number.
export function percentBar(percent, id) {
  const n = Math.max(0, Math.min(100, Number(percent) || 0));
  return h('div', { class: 'bar-line' },
    h('progress', { class: 'bar', max: 100, value: n, id: id || null,
      'aria-label': t('project.progressLabel') }, `${n}%`),
    h('strong', { class: 'pct' }, t('projects.percent', { n })));
}

export function projectCard(p) {
  const sha = (p.photos || [])[0] || null;
  const where = [p.place, p.category_name, p.batch_name].filter(Boolean).join(' · ');
  return h('li', { class: 'project', dataset: { id: String(p.id), status: p.status } },
    h('a', { class: 'card', href: projectHref(p.id), dataset: { nav: 'project' } },
      sha ? h('img', { class: 'thumb', src: photoUrl(sha, 'thumb'), alt: t('projects.photo'),
        width: 64, height: 64, loading: 'lazy', decoding: 'async' }) : null,
      h('div', { class: 'card-body' },
        h('p', { class: 'text name' }, p.name),
        where ? h('p', { class: 'where' }, where) : null,
        h('p', { class: 'state' }, projectChip(p.status),
          p.late ? h('span', { class: 'chip late' }, t('projects.late')) : null,
          p.leader_led ? h('span', { class: 'chip led' }, t('projects.leaderLed')) : null,
          p.unit ? h('span', { class: 'unit' }, p.unit) : null),
        percentBar(p.percent),
        h('p', { class: 'money' }, t('projects.invest', { done: wan(p.investment_done_wan),
          total: wan(p.investment_total_wan) }),
        p.due ? h('span', { class: 'due' }, t('projects.due', { date: shortDay(p.due) })) : null),
        h('p', { class: 'votes-line' }, votesLine(p.feedback)))));
}
