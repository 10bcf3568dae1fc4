// project.js — one public 民生实事 project's page (what its 公示牌's QR code opens): name,
// status, the progress bar as of the latest update, the facts (batch, aspect, place, unit,
// the leader of a leader-led project, investment total and done, planned dates), the
// milestones with 滞后 marked, the latest progress photos, the progress history (texts as
// the server redacted them), the 群众评议 counts and the form. It never fetches.

import { h, replace } from '../dom.js';
import { t } from '../i18n/t.js';
import { fullDay, wan } from '../format.js';
import { itemHref } from '../route.js';
import { percentBar, projectChip } from './project-card.js';
import { gallery, thumbRow } from './photos.js';
import { countsBox, rateForm } from './rate.js';

const w = (key, params) => t(`project.${key}`, params);

function fact(label, value, extra) {
  if (!value) return null;
  return [h('dt', {}, label), h('dd', {}, value, extra || null)];
}

function facts(p) {
  const rate = p.investment_rate == null ? null
    : h('span', { class: 'inv-rate' }, w('rate', { p: Math.round(p.investment_rate * 1000) / 10 }));
  return h('dl', { class: 'facts' },
    fact(w('batch'), p.batch_name),
    fact(w('category'), p.category_name || p.category),
    fact(w('place'), p.place),
    fact(w('unit'), p.unit),
    fact(w('leader'), p.leader_led ? p.leader : null),
    fact(w('total'), w('money', { n: wan(p.investment_total_wan) })),
    fact(w('done'), w('money', { n: wan(p.investment_done_wan) }), rate),
    fact(w('start'), fullDay(p.start)),
    fact(w('due'), fullDay(p.due)));
}

// The milestones in order: name, planned day, done day or 滞后.
function milestones(list) {
  if (!list || !list.length) return null;
  return h('section', { class: 'milestones' }, h('h2', {}, w('milestones')),
    h('ol', { class: 'steps' }, list.map((m) => h('li', { dataset: { late: m.late ? 'true' : 'false', done: m.done_on ? 'true' : 'false' } },
      h('span', { class: 'm-name' }, m.name),
      h('span', { class: 'm-day' }, m.done_on ? w('mDone', { date: fullDay(m.done_on) }) : w('mDue', { date: fullDay(m.due) })),
      m.late ? h('span', { class: 'chip late' }, w('mLate')) : null))));
}

// The progress history, newest first: day, percent, investment, the redacted text, photos.
function history(p) {
  const updates = p.progress || [];
  const head = h('h2', {}, w('history'));
  if (!updates.length) return h('section', { class: 'history' }, head, h('p', { class: 'none' }, w('noHistory')));
  const note = p.progress_count > updates.length
    ? h('p', { class: 'count' }, w('historyCount', { n: p.progress_count, shown: updates.length })) : null;
  return h('section', { class: 'history' }, head, note,
    h('ol', { class: 'timeline' }, updates.map((u) => h('li', {},
      h('time', { datetime: u.on || '' }, fullDay(u.on)),
      h('p', { class: 'u-figures' }, w('updatePercent', { n: u.percent }), ' · ',
        w('updateInvest', { n: wan(u.investment_done_wan) })),
      h('p', { class: 'u-text' }, u.text),
      u.photos && u.photos.length ? thumbRow(u.photos, w('photoOf', { date: fullDay(u.on) })) : null))));
}

// The project's page; back(e) returns to the list; send({rating, text}) gives 群众评议.
export function projectView({ project: p, backHref, back, send }) {
  const counts = h('div', { class: 'votes-box' }, countsBox(p.feedback));
  const asOf = p.updated_on ? w('asOf', { date: fullDay(p.updated_on) }) : w('noUpdate');
  return h('article', { class: 'project-page', dataset: { id: String(p.id), status: p.status } },
    h('a', { class: 'back', href: backHref, onclick: back }, w('back')),
    h('header', { class: 'item-head' }, projectChip(p.status),
      p.late ? h('span', { class: 'chip late' }, t('projects.late')) : null,
      p.leader_led ? h('span', { class: 'chip led' }, t('projects.leaderLed')) : null,
      h('span', { class: 'number' }, w('number', { id: p.id }))),
    h('h2', { class: 'project-name' }, p.name),
    h('section', { class: 'percent' }, percentBar(p.percent, 'project-bar'), h('p', { class: 'as-of' }, asOf)),
    facts(p),
    p.item_id ? h('p', { class: 'from-item' }, w('fromItem'), ' ',
      h('a', { href: itemHref(p.item_id), dataset: { nav: 'page' } }, w('seeItem'))) : null,
    milestones(p.milestones),
    gallery('progress', p.photos, w('photos')),
    history(p),
    h('section', { class: 'feedback' }, h('h2', {}, w('votes')), counts,
      rateForm({ send, onCounts: (c) => replace(counts, countsBox(c)), target: 'project' })));
}

// The page for a project that is not public (or not there).
export function projectNotFoundView({ backHref, back }) {
  return h('section', { class: 'not-found' }, h('p', { role: 'alert' }, w('notFound')),
    h('a', { class: 'btn', href: backHref, onclick: back }, w('back')));
}
