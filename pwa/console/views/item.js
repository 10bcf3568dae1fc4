// item.js — one ledger item on a page: its facts and position, office actions for
// its state (views/item-actions.js), before and after photos side by side, the
// integrity flags, every report (with split), suggested duplicates, its 周抽查
// (views/spot-history.js), its 公开 and 群众评议 (views/publication.js, views/feedback.js)
// and the full event timeline (views/timeline.js). An item reopened by a failed re-check
// says so beside its deadline (views/reschedule.js); one made a 民生实事 project links to it
// (views/escalate.js).

import { h } from './dom.js';
import { t, nameOf, nameIn } from '../i18n/t.js';
import { statusChip, itemBadges, photoStrip, definitionList } from './parts.js';
import { dateTime, coord, metres, dayWithWeekday } from '../lib/format.js';
import { loadingView, errorView } from './shell.js';
import { actionForms } from './item-actions.js';
import { timeline } from './timeline.js';
import { isLikely } from './compare.js';
import { spotHistory } from './spot-history.js';
import { reboundNote } from './reschedule.js';
import { publicationSection } from './publication.js';
import { itemFeedback } from './feedback.js';
import { projectLink } from './escalate.js';

const OPEN = ['new', 'assigned', 'rectified', 'long_term'];
const shasOf = (it, ...kinds) => (it.photos || []).filter((ph) => kinds.includes(ph.kind)).map((ph) => ph.sha256);

function facts(it, p) {
  const link = (id) => (id ? h('a', { href: `#/item/${id}` }, `#${id}`) : null);
  const position = it.lat === null || it.lat === undefined ? null : h('span', {},
    coord(it.lat, it.lon), it.accuracy_m ? ` (${t('item.accuracy', { d: metres(it.accuracy_m) })})` : '', ' ',
    h('a', { href: `#/map?focus=${it.id}`, id: 'item-on-map', class: 'no-print' }, t('item.onMap')));
  return definitionList([
    [t('item.category'), p.ref.categoryNames.get(it.category) || it.category],
    [t('item.area'), it.area_name],
    [t('item.unit'), it.unit_name],
    [t('item.deadline'), it.deadline ? [h('span', { id: 'item-deadline' }, dayWithWeekday(it.deadline)),
      reboundNote(it, p.canAct)] : null],
    [t('item.plan'), it.plan],
    [t('item.leader'), it.leader_led ? it.leader_name || t('app.yes') : null],
    [t('item.reports'), String(it.report_count)],
    [t('item.returns'), it.return_count ? String(it.return_count) : null],
    [t('item.satisfaction'), it.satisfaction ? nameOf('satisfaction', it.satisfaction) : null],
    [t('item.rejectReason'), it.reject_reason],
    [t('item.mergedInto'), link(it.merged_into_id)],
    [t('item.recurrence'), link(it.recurrence_of_id)],
    [t('item.position'), position],
    [t('item.created'), dateTime(it.created_at)],
    [t('item.assigned'), dateTime(it.assigned_at)],
    [t('item.rectified'), dateTime(it.rectified_at)],
    [t('item.closed'), dateTime(it.closed_at)],
  ]);
}

function compare(it, p) {
  const col = (title, shas, cls) => h('div', { class: `compare-col ${cls}` }, h('h4', {}, title),
    photoStrip(shas, { loadPhoto: p.loadPhoto, onOpen: p.onPhoto, label: title }));
  return h('section', { class: 'panel', id: 'compare' }, h('h3', {}, t('item.compare')),
    h('div', { class: 'compare' },
      col(t('item.before'), shasOf(it, 'before'), 'before'),
      col(t('item.after'), shasOf(it, 'after'), 'after'),
      col(t('item.verify'), shasOf(it, 'verify', 'signature'), 'verify')));
}

function flags(it, p) {
  return h('section', { class: 'panel', id: 'flags' }, h('h3', {}, t('item.flags')),
    it.flags.length ? h('ul', { class: 'flags' }, it.flags.map((f) => {
      const d = f.details || {};
      const extra = ['distance_m', 'max_m', 'radius_m', 'hours', 'max_h'].filter((k) => d[k] !== undefined && d[k] !== null)
        .map((k) => t(`flagDetails.${k}`, { v: d[k] }));
      if (d.used_as) extra.push(t('flagDetails.used_as', { v: nameIn(['photoKinds', 'spot.photoKinds'], d.used_as) }));
      return h('li', { class: 'flag', dataset: { kind: f.kind } }, h('strong', {}, nameOf('flags', f.kind)),
        ` · ${dateTime(f.created_at)}`, extra.length ? h('span', { class: 'muted small' }, ` (${extra.join('；')})`) : null,
        d.other_item_id ? [' ', h('a', { href: `#/item/${Number(d.other_item_id)}` },
          t('flagDetails.other_item_id', { v: d.other_item_id }))] : null,
        f.photo_sha ? photoStrip([f.photo_sha], { loadPhoto: p.loadPhoto, onOpen: p.onPhoto }) : null);
    })) : h('p', { class: 'muted' }, t('item.noFlags')));
}

function reports(it, p) {
  const canSplit = p.canAct && it.report_count > 1 && ['new', 'assigned', 'rectified', 'long_term'].includes(it.status);
  return h('section', { class: 'panel', id: 'reports' }, h('h3', {}, t('item.reportList', { n: it.reports.length })),
    h('ol', { class: 'reports' }, it.reports.map((r) => h('li', { class: 'card report', dataset: { report: String(r.id) } },
      h('p', { class: 'desc-full' }, r.description),
      definitionList([
        [t('item.reporter'), r.reporter_name],
        [t('item.captured'), dateTime(r.captured_at)],
        [t('item.received'), dateTime(r.received_at)],
        [t('item.category'), p.ref.categoryNames.get(r.category) || r.category],
        [t('item.position'), r.lat === null ? null : `${coord(r.lat, r.lon)}${r.accuracy_m ? ` ±${metres(r.accuracy_m)}` : ''}`],
      ]),
      photoStrip(r.photos, { loadPhoto: p.loadPhoto, onOpen: p.onPhoto }),
      canSplit ? h('button', { type: 'button', class: 'btn small split-report', disabled: p.busy,
        onclick: () => p.onAction('split', { report_id: r.id }) }, t('item.split')) : null))));
}

// Likely duplicates with a merge button; near items judged another problem marked as such.
function suggestions(it, p) {
  if (!OPEN.includes(it.status) || !it.suggestions || !it.suggestions.length) return null;
  const canMerge = p.canAct && it.status === 'new';
  return h('section', { class: 'panel', id: 'suggestions' }, h('h3', {}, t('item.suggestions')),
    h('ul', {}, it.suggestions.map((s) => h('li', { class: isLikely(s) ? 'likely' : 'unlikely' },
      h('a', { href: `#/item/${s.item_id}` }, `#${s.item_id}`), ' ', statusChip(s.status), ' ',
      isLikely(s) ? null : h('span', { class: 'muted small' }, t('suggest.notDuplicate')), ' ',
      canMerge && isLikely(s) ? h('button', { type: 'button', class: 'btn small', disabled: p.busy,
        onclick: () => p.onAction('merge', { into_item_id: s.item_id }) }, t('queue.mergeInto', { id: s.item_id }))
        : null))));
}

export function itemView(p) {
  if (p.error) return errorView(p.error, p.onRetry);
  if (!p.item) return loadingView();
  const it = p.item;
  return h('article', { class: 'item-page', dataset: { id: String(it.id), status: it.status } },
    h('header', { class: 'print-only print-head', id: 'item-print-head' },
      h('p', { class: 'print-title' }, t('item.printTitle')),
      h('p', { class: 'muted small' }, t('item.printLine', { id: it.id, at: dateTime(p.printedAt) }))),
    h('div', { class: 'screen-head' }, h('a', { href: p.backHref, class: 'btn ghost small no-print', id: 'item-back' },
      t('item.back')),
      h('h2', {}, t('item.title', { id: it.id })), statusChip(it.status), itemBadges(it)),
    h('p', { class: 'desc-lead' }, it.description), projectLink(it),
    h('div', { class: 'item-grid' },
      h('section', { class: 'panel' }, h('h3', {}, t('item.facts')), facts(it, p)),
      p.canAct ? actionForms(it, p) : null),
    publicationSection(it, p), compare(it, p), spotHistory(it, p), itemFeedback(it, p), flags(it, p),
    suggestions(it, p), reports(it, p),
    h('section', { class: 'panel', id: 'timeline' }, h('h3', {}, t('item.timeline')), timeline(it, p)));
}
