// project.js — one 民生实事 project on a page: its figures (batch, aspect, unit, leader,
// dates, investment done of the total, 形象进度), the office's status step, its 节点 with
// the server's 节点滞后 marks and the editor (views/project-forms.js), 项目进展 newest first
// with photos and the form to post one, the on-site verifications and the supervisor's
// 现场验收销号, the 整改台账 item it was escalated from with its photos, and the 公示牌.

import { h } from './dom.js';
import { t, nameOf } from '../i18n/t.js';
import { statusChip, photoStrip, definitionList } from './parts.js';
import { projectStatus, projectBadges, progressBar, investment } from './project-parts.js';
import { statusForm, milestoneEditor, progressForm, verifyForm } from './project-forms.js';
import { batchName, dateTime, coord, metres, dayWithWeekday, wanNumber } from '../lib/format.js';
import { loadingView, errorView } from './shell.js';

const VERIFIABLE = ['completed', 'in_use'];
const strip = (shas, p, label) => photoStrip(shas, { loadPhoto: p.loadPhoto, onOpen: p.onPhoto, label });

function facts(pr, p) {
  const area = pr.area_id ? p.ref.areaNames.get(pr.area_id) : null;
  return definitionList([
    [t('projects.page.batch'), batchName(pr.batch)],
    [t('projects.page.category'), p.ref.categoryNames.get(pr.category) || pr.category],
    [t('projects.page.unit'), pr.unit_name],
    [t('projects.page.leader'), pr.leader_led ? pr.leader || t('app.yes') : null],
    [t('projects.page.start'), dayWithWeekday(pr.start)],
    [t('projects.page.due'), dayWithWeekday(pr.due)],
    [t('projects.page.total'), t('projects.wan', { n: wanNumber(pr.investment_total_wan) })],
    [t('projects.page.done'), investment(pr)],
    [t('projects.page.percent'), progressBar(pr.percent, 'project-percent')],
    [t('projects.page.overBudget'), pr.over_budget_reason],
    [t('projects.page.area'), area],
    [t('projects.page.position'), pr.lat === null || pr.lat === undefined ? null : coord(pr.lat, pr.lon)],
    [t('projects.page.public'), pr.public ? t('projects.page.yes') : t('projects.page.no')],
    [t('projects.page.item'), pr.item_id ? h('a', { href: `#/item/${pr.item_id}`, id: 'project-item-link' },
      `#${pr.item_id}`) : null],
    [t('projects.page.created'), dateTime(pr.created_at)],
    [t('projects.page.updated'), dateTime(pr.updated_at)],
  ]);
}

function milestoneState(m) {
  if (m.done_on) return h('span', { class: 'chip st-closed' }, t('projects.milestones.done'));
  if (m.late) return h('span', { class: 'chip danger', dataset: { late: '' } }, t('projects.milestones.late'));
  return h('span', { class: 'muted' }, t('projects.milestones.pending'));
}

function milestones(pr, p) {
  const rows = pr.milestones.map((m) => h('tr', { class: m.late ? 'late' : '', dataset: { milestone: m.name } },
    h('td', {}, m.name), h('td', {}, dayWithWeekday(m.due)), h('td', {}, dayWithWeekday(m.done_on)),
    h('td', {}, milestoneState(m))));
  return h('section', { class: 'panel', id: 'milestones' }, h('h3', {}, t('projects.milestones.title')),
    pr.milestones.length ? h('table', { class: 'data', id: 'milestone-table' }, h('thead', {}, h('tr', {},
      ['name', 'due', 'doneOn', 'state'].map((k) => h('th', { scope: 'col' }, t(`projects.milestones.${k}`))))),
    h('tbody', {}, rows)) : h('p', { class: 'muted' }, t('projects.milestones.none')),
    h('p', { class: 'muted small' }, t('projects.milestones.lateRule')),
    p.canEdit ? milestoneEditor(pr, p) : null);
}

function progress(pr, p) {
  const list = pr.progress.length ? h('ol', { class: 'updates', id: 'progress-list' }, pr.progress.map((u) => h('li',
    { class: 'card update', dataset: { id: String(u.id) } },
    h('div', { class: 'event-head' }, h('time', { datetime: u.at }, dateTime(u.at)), ' · ',
      t('projects.progress.by', { name: u.user_name || t('event.system') })),
    h('p', { class: 'update-line' }, t('projects.progress.line', { p: t('projects.percent', { n: u.percent }),
      d: t('projects.wan', { n: wanNumber(u.investment_done_wan) }) })),
    h('p', { class: 'desc-full' }, u.text),
    u.over_budget_reason ? h('p', { class: 'muted small' }, `${t('projects.page.overBudget')}：${u.over_budget_reason}`)
      : null,
    u.photos.length ? strip(u.photos, p, t('projects.progress.title')) : null)))
    : h('p', { class: 'muted' }, t('projects.progress.none'));
  return h('section', { class: 'panel', id: 'progress' }, h('h3', {}, t('projects.progress.title')),
    p.canProgress && pr.status !== 'closed' ? progressForm(pr, p) : null, list);
}

function verifications(pr, p) {
  const canVerify = p.canVerify && VERIFIABLE.includes(pr.status);
  if (!pr.verifications.length && !p.canVerify) return null;
  const list = pr.verifications.map((v) => h('li', { class: 'card verification', dataset: { closes: String(v.closes) } },
    h('div', { class: 'event-head' }, h('time', { datetime: v.at }, dateTime(v.at)), ' · ', v.user_name || '', ' ',
      h('strong', {}, t(`projects.verify.decisions.${v.decision}`)), ' · ',
      `${t('projects.verify.satisfaction')}：${nameOf('satisfaction', v.satisfaction)}`, ' ',
      h('span', { class: v.closes ? 'chip st-closed' : 'chip danger' },
        v.closes ? t('projects.verify.closes') : t('projects.verify.back'))),
    v.note ? h('p', { class: 'desc-full' }, v.note) : null,
    v.distance_m !== null && v.distance_m !== undefined
      ? h('p', { class: 'muted small' }, t('projects.verify.distance', { d: metres(v.distance_m) })) : null,
    v.photos.length ? strip(v.photos, p, t('projects.verify.photos')) : null));
  return h('section', { class: 'panel', id: 'verifications' }, h('h3', {}, t('projects.verify.history')),
    canVerify ? verifyForm(pr, p) : (p.canVerify && pr.status !== 'closed'
      ? h('p', { class: 'muted', id: 'verify-not-yet' }, t('projects.verify.onlyDone')) : null),
    list.length ? h('ol', { class: 'updates' }, list) : h('p', { class: 'muted' }, t('projects.verify.none')));
}

function linkedItem(pr, p) {
  const it = pr.item;
  if (!it) return null;
  return h('section', { class: 'panel', id: 'project-item' }, h('h3', {}, t('projects.item.title')),
    h('p', {}, h('a', { href: `#/item/${it.id}`, class: 'btn small' }, t('projects.item.open', { id: it.id })), ' ',
      statusChip(it.status), ' ', h('span', { class: 'muted' }, t('projects.item.reports', { n: it.report_count }))),
    h('p', { class: 'desc-full' }, it.description),
    strip(it.photos.map((ph) => ph.sha256), p, t('projects.item.photos')));
}

function placard(pr, p) {
  if (!p.canPlacard || !pr.public) return null;
  const frame = p.placard ? h('iframe', { class: 'print-frame', id: 'project-placard-frame',
    title: t('projects.placard.frame'), sandbox: 'allow-same-origin allow-modals' }) : null;
  if (frame) frame.srcdoc = p.placard;
  return h('div', { class: 'row no-print', id: 'project-placard' },
    h('button', { type: 'button', class: 'btn small', id: 'project-placard-show', disabled: Boolean(p.busy),
      onclick: p.onPlacard }, t('projects.placard.print')),
    h('button', { type: 'button', class: 'btn small', id: 'project-placard-pdf', onclick: p.onPlacardPdf },
      t('projects.placard.pdf')),
    frame ? h('button', { type: 'button', class: 'btn small primary', id: 'project-placard-print',
      onclick: () => frame.contentWindow && frame.contentWindow.print() }, t('reports.doPrint')) : null, frame);
}

export function projectView(p) {
  if (p.error) return errorView(p.error, p.onRetry);
  if (!p.project) return loadingView();
  const pr = p.project;
  return h('article', { class: 'project-page', dataset: { id: String(pr.id), status: pr.status } },
    h('div', { class: 'screen-head' },
      h('a', { href: p.backHref, class: 'btn ghost small no-print', id: 'project-back' }, t('projects.page.back')),
      h('h2', { id: 'project-name' }, pr.name), projectStatus(pr.status), projectBadges(pr)),
    p.busy ? h('p', { class: 'muted' }, t('app.busy')) : null,
    placard(pr, p),
    h('div', { class: 'item-grid' },
      h('section', { class: 'panel', id: 'project-facts' }, h('h3', {}, t('projects.page.facts')), facts(pr, p)),
      p.canEdit && pr.status !== 'closed' ? h('section', { class: 'panel actions', id: 'project-actions' },
        statusForm(pr, p)) : null),
    milestones(pr, p), progress(pr, p), verifications(pr, p), linkedItem(pr, p));
}
