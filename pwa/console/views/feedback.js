// feedback.js — 群众评议 in the console: the page listing what residents said about the
// items' progress (filters by rating, before or after 销号, item; paging), and the section
// on an item's page with its counts and its ratings. What a resident typed is shown as
// text and nothing else; the public page shows only the counts.

import { h, select, field, formValues } from './dom.js';
import { t, nameOf } from '../i18n/t.js';
import { statusChip, dataTable, pager } from './parts.js';
import { projectStatus } from './project-parts.js';
import { dateTime } from '../lib/format.js';
import { loadingView, errorView } from './shell.js';

export const RATINGS = ['satisfied', 'basic', 'unsatisfied'];
export const SPEC = { rating: 'text', after_close: 'text', item_id: 'int', page: 'int', per_page: 'int' };

export const ratingChip = (rating) => h('span', { class: `chip rating rating-${rating}`, dataset: { rating } },
  nameOf('feedback.ratings', rating));

const afterCloseChip = (row) => (row.after_close
  ? h('span', { class: 'chip warn after-close' }, t('feedback.afterCloseChip')) : null);

const residentText = (row) => (row.text
  ? h('p', { class: 'feedback-text' }, row.text) : h('span', { class: 'muted' }, t('feedback.noText')));

/** The rated item (#number) or project (its name), linked to its page. */
const targetLink = (r) => (r.target === 'project'
  ? h('a', { href: `#/project/${r.project_id}`, class: 'feedback-project' }, r.project_name || `#${r.project_id}`)
  : h('a', { href: `#/item/${r.item_id}`, class: 'feedback-item' }, `#${r.item_id}`));

/** A status chip of the rated item or project; nothing when not known. */
const statusOf = (r, status) => {
  if (!status) return '';
  return r.target === 'project' ? projectStatus(status) : statusChip(status);
};

function columns({ withItem }) {
  const col = (key, render, extra = {}) => ({ key, label: t(`feedback.cols.${key}`), render, ...extra });
  return [
    col('at', (r) => h('time', { datetime: r.created_at }, dateTime(r.created_at))),
    withItem ? col('item', targetLink, { class: 'num' }) : null,
    withItem ? col('township', (r) => r.township || '') : null,
    col('rating', (r) => [ratingChip(r.rating), ' ', afterCloseChip(r)]),
    col('text', residentText, { class: 'desc' }),
    col('then', (r) => statusOf(r, r.target === 'project' ? r.project_status_then : r.item_status_then)),
    col('now', (r) => statusOf(r, r.target === 'project' ? r.project_status : r.item_status)),
  ].filter(Boolean);
}

/** A table of ratings, one row each (data-id = the rating's id). */
export function feedbackTable(rows, { withItem = true } = {}) {
  return dataTable(columns({ withItem }), rows, { rowId: (r) => r.id });
}

function filterForm(p) {
  const any = { value: '', label: t('feedback.any') };
  const form = h('form', { class: 'filters', role: 'search', id: 'feedback-filters' },
    h('div', { class: 'filter-row' },
      field(t('feedback.rating'), select({ name: 'rating', id: 'feedback-rating' },
        [any, ...RATINGS.map((r) => ({ value: r, label: t(`feedback.ratings.${r}`) }))], p.filters.rating || '')),
      field(t('feedback.afterClose'), select({ name: 'after_close', id: 'feedback-after-close' },
        [any, ...['true', 'false'].map((v) => ({ value: v, label: t(`feedback.when.${v}`) }))],
        p.filters.after_close || '')),
      field(t('feedback.item'), h('input', { type: 'number', name: 'item_id', id: 'feedback-item', min: '1',
        value: p.filters.item_id ? String(p.filters.item_id) : '' })),
      h('button', { type: 'submit', class: 'btn primary', id: 'feedback-submit' }, t('feedback.submit')),
      h('button', { type: 'button', class: 'btn ghost', id: 'feedback-reset', onclick: p.onReset },
        t('feedback.reset'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = formValues(form);
    const id = Number.parseInt(v.item_id, 10);
    p.onSearch({ rating: v.rating, after_close: v.after_close, item_id: id > 0 ? id : null });
  });
  return form;
}

// The 群众评议 page.
export function feedbackView(p) {
  let body;
  if (p.error) body = errorView(p.error, p.onRetry);
  else if (!p.data) body = loadingView();
  else if (!p.data.feedback.length) body = h('p', { class: 'empty' }, t('feedback.empty'));
  else {
    body = [h('p', { class: 'total', id: 'feedback-total' }, t('feedback.total', { n: p.data.total })),
      feedbackTable(p.data.feedback),
      pager({ page: p.data.page, perPage: p.data.per_page, total: p.data.total, onPage: p.onPage })];
  }
  return h('section', { class: 'feedback-page' },
    h('div', { class: 'screen-head' }, h('h2', {}, t('feedback.title'))),
    h('p', { class: 'muted' }, t('feedback.hint')), filterForm(p), h('div', { class: 'results' }, body));
}

// The 群众评议 section of an item's page: counts, the latest ratings, a link to them all.
export function itemFeedback(it, p) {
  if (!p.canReadPub) return null;
  const fb = p.feedback;
  let body;
  if (p.feedbackError) body = h('p', { class: 'error' }, p.feedbackError);
  else if (!fb) body = h('p', { class: 'loading' }, t('app.loading'));
  else if (!fb.total) body = h('p', { class: 'muted', id: 'item-feedback-none' }, t('feedback.none'));
  else {
    const late = fb.rows.some((r) => r.after_close && r.rating === 'unsatisfied');
    body = [h('p', { class: 'feedback-counts', id: 'item-feedback-counts' }, RATINGS.map((r) =>
      h('span', { class: `chip rating rating-${r}`, dataset: { rating: r } },
        t(`feedback.counts.${r}`, { n: fb.counts[r] || 0 })))),
    late ? h('p', { class: 'warn', id: 'item-feedback-late' }, t('feedback.unsatisfiedAfterClose')) : null,
    feedbackTable(fb.rows, { withItem: false }),
    fb.total > fb.rows.length ? h('p', { class: 'muted small' }, t('feedback.listed', { n: fb.rows.length })) : null,
    h('p', {}, h('a', { href: `#/feedback?item_id=${it.id}`, id: 'item-feedback-all' }, t('feedback.all')))];
  }
  return h('section', { class: 'panel', id: 'item-feedback' },
    h('h3', {}, t('feedback.itemTitle', { n: fb ? fb.total : 0 })), body);
}
