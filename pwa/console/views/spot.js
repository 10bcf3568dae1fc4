// spot.js — 周抽查 on screen: choose a week (and, for the office, a sample size and
// draw it), then each draw of that week: when and by whom, its seed (so anyone can draw
// again and check), how many items were closed and drawn, the counts by result and the
// table of sampled items with their supervisor and re-check. A supervisor reads only.
// Also the result chip and week in words the item page and timeline share.

import { h, field } from './dom.js';
import { t } from '../i18n/t.js';
import { dataTable, definitionList } from './parts.js';
import { dateTime, localDate, metres, weekRange } from '../lib/format.js';
import { loadingView, errorView } from './shell.js';

const RESULT_CLASS = { pending: 'chip warn', pass: 'chip st-closed', fail: 'chip danger' };

// The chip of a re-check's result: 待复核 / 合格 / 不合格（反弹）.
export function resultChip(result) {
  const key = result || 'pending';
  return h('span', { class: RESULT_CLASS[key] || 'chip', dataset: { result: key } }, t(`spot.results.${key}`));
}

/** 2026-W48 in words with its Monday and Sunday. */
export function weekText(week) {
  const r = weekRange(week);
  return r ? t('spot.span', { y: r.year, n: r.week, from: r.from, to: r.to }) : String(week || '');
}

// Built once per visit of the screen, so redraws keep what is typed in it.
export function spotChooser(p) {
  const week = h('input', { type: 'week', name: 'week', id: 'spot-week', value: p.week, max: p.maxWeek, required: true });
  const size = p.canDraw ? h('input', { type: 'number', name: 'size', id: 'spot-size', min: '1', max: '50',
    step: '1', value: '5', required: true }) : null;
  const draw = p.canDraw ? h('button', { type: 'button', class: 'btn primary', id: 'spot-draw',
    onclick: () => { if (form.reportValidity()) p.onDraw(week.value, Number(size.value)); } }, t('spot.draw')) : null;
  const form = h('form', { class: 'filter-row spot-form' }, field(t('spot.week'), week),
    h('button', { type: 'submit', class: 'btn', id: 'spot-show' }, t('spot.show')),
    size ? field(t('spot.size'), size) : null, draw);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (week.value) p.onWeek(week.value);
  });
  return {
    form,
    busy(on) {
      if (!draw) return;
      draw.disabled = on;
      draw.textContent = on ? t('spot.drawing') : t('spot.draw');
    },
  };
}

function entriesTable(sc, p) {
  return dataTable([
    { key: 'item', label: t('spot.cols.item'), render: (e) => h('a', { href: `#/item/${e.item_id}` }, `#${e.item_id}`) },
    { key: 'category', label: t('spot.cols.category'), render: (e) => p.ref.categoryNames.get(e.category) || e.category },
    { key: 'place', label: t('spot.cols.place'),
      render: (e) => [e.township_name, e.area_name].filter(Boolean).join(' · ') },
    { key: 'unit', label: t('spot.cols.unit'), render: (e) => e.unit_name || '' },
    { key: 'closed', label: t('spot.cols.closedOn'), render: (e) => localDate(e.closed_at) },
    { key: 'closer', label: t('spot.cols.closedBy'), render: (e) => e.closed_by_name || '' },
    { key: 'supervisor', label: t('spot.cols.supervisor'), render: (e) => [e.supervisor_name || t('spot.item.unassigned'),
      !e.result && p.me && e.supervisor_id === p.me ? [' ', h('span', { class: 'chip lead' }, t('spot.mine'))] : null] },
    { key: 'result', label: t('spot.cols.result'), render: (e) => [resultChip(e.result),
      e.note ? h('div', { class: 'muted small' }, e.note) : null] },
    { key: 'at', label: t('spot.cols.at'), render: (e) => [dateTime(e.rechecked_at),
      e.rechecked_by_name ? h('div', { class: 'muted small' }, e.rechecked_by_name) : null] },
    { key: 'distance', label: t('spot.cols.distance'), class: 'num', render: (e) => metres(e.distance_m) },
  ], sc.entries, { rowId: (e) => e.item_id, onRow: (e) => p.onOpen(e.item_id) });
}

function counts(sc) {
  return h('p', { class: 'spot-counts' }, ['pending', 'pass', 'fail'].map((k) => h('span',
    { class: `${RESULT_CLASS[k]} spot-count`, dataset: { count: k } }, t(`spot.counts.${k}`, { n: sc.counts[k] }))));
}

// The ids drawn from, in id order: with the seed, what anyone needs to draw again.
function populationIds(sc) {
  if (!sc.population_ids) return null;
  return h('details', { class: 'spot-ids' }, h('summary', {}, t('spot.populationIds', { n: sc.population_ids.length })),
    h('p', { class: 'small' }, sc.population_ids.map((id, i) => [i ? ' ' : '', h('a', { href: `#/item/${id}` }, `#${id}`)])));
}

function drawPanel(sc, p) {
  const seed = h('span', { class: 'spot-seed', title: t('spot.seedHint') }, String(sc.seed));
  return h('section', { class: `panel spot-draw${sc.id === p.highlight ? ' current' : ''}`,
    dataset: { id: String(sc.id), week: sc.week } },
  h('h3', {}, weekText(sc.week)),
  h('p', { class: 'spot-population' }, t('spot.population', { n: sc.population, m: sc.entries.length })),
  definitionList([
    [t('spot.scope'), sc.township_name || t('spot.county')],
    [t('spot.drawnAt'), dateTime(sc.drawn_at)],
    [t('spot.drawnBy'), sc.drawn_by_name],
    [t('spot.seed'), [seed, h('div', { class: 'muted small' }, t('spot.seedHint'))]],
  ]),
  populationIds(sc), counts(sc), entriesTable(sc, p));
}

function recent(p) {
  const others = (p.recent || []).filter((sc) => sc.week !== p.week);
  if (!others.length) return null;
  const weeks = [...new Set(others.map((sc) => sc.week))];
  return h('nav', { class: 'spot-recent', id: 'spot-recent' }, h('h4', {}, t('spot.recent')),
    h('ul', {}, weeks.map((w) => h('li', {}, h('button', { type: 'button', class: 'link', dataset: { week: w },
      onclick: () => p.onWeek(w) }, weekText(w))))));
}

function body(p) {
  if (p.error) return errorView(p.error, p.onRetry);
  if (!p.draws) return loadingView();
  if (!p.draws.length) return h('p', { class: 'muted empty', id: 'spot-none' }, t('spot.none'));
  return p.draws.map((sc) => drawPanel(sc, p));
}

export function spotView(p) {
  const notice = p.notice ? h('p', { class: p.notice.kind === 'ok' ? 'ok-box' : 'warn-box', id: 'spot-notice',
    role: p.notice.kind === 'ok' ? 'status' : 'alert' }, p.notice.text) : null;
  return h('section', { class: 'spot' },
    h('div', { class: 'screen-head' }, h('h2', {}, t('spot.title')),
      p.canDraw ? null : h('span', { class: 'chip' }, t('app.readOnly'))),
    p.chooser.form, h('p', { class: 'muted small' }, p.canDraw ? t('spot.hint') : t('spot.readOnly')),
    notice, h('div', { class: 'spot-body', id: 'spot-body' }, body(p)), recent(p));
}
