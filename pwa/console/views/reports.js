// reports.js — 周通报 / 月督导 / 季排名 / 干部评价 (views/cadres.js) / 月度进展 of the 民生实事
// projects (views/project-report.js) on screen: choose the period, read the numbers from
// the JSON report, preview the printable A4 page in a sandboxed frame and print it, or
// download the workbook. The printable page comes from the server as HTML
// (Jinja-escaped) and is shown with no scripts allowed in its frame.

import { h, select, field } from './dom.js';
import { t } from '../i18n/t.js';
import { dataTable, definitionList } from './parts.js';
import { percent, shorten } from '../lib/format.js';
import { loadingView, errorView } from './shell.js';
import { cadresPicker, cadresPeriod, cadresBody } from './cadres.js';
import { projectsBody } from './project-report.js';

export const KINDS = ['weekly', 'monthly', 'ranking', 'cadres', 'projects'];
const RATES = new Set(['on_time_rate', 'satisfaction_rate', 'closure_rate', 'return_rate', 'kept_rate']);

const col = (key, extra = {}) => ({ key, label: t(`reports.cols.${key}`), class: 'num',
  render: (r) => (RATES.has(key) ? percent(r[key]) : String(r[key] ?? '')), ...extra });
const nameCol = { key: 'name', label: t('reports.cols.name'), render: (r) => r.name };
const itemCol = { key: 'id', label: t('reports.cols.id'), render: (r) => h('a', { href: `#/item/${r.id}` }, `#${r.id}`) };
const descCol = { key: 'description', label: t('reports.cols.description'), class: 'desc',
  render: (r) => shorten(r.description, 60) };
const textCol = (key, field) => ({ key, label: t(`reports.cols.${key}`), render: (r) => r[field] ?? '' });

function periodPicker(p) {
  if (p.kind === 'cadres') return cadresPicker(p.period, p.today);
  if (p.kind === 'ranking') {
    const [year, q] = (p.period || '').split('-Q');
    const years = Array.from({ length: 6 }, (_, i) => Number(p.today.slice(0, 4)) - i);
    return [field(t('reports.year'), select({ name: 'year', id: 'period-year' },
      years.map((y) => ({ value: y, label: String(y) })), year)),
    field(t('reports.period.ranking'), select({ name: 'quarter', id: 'period-quarter' },
      [1, 2, 3, 4].map((n) => ({ value: n, label: t('reports.quarter', { q: n }) })), q))];
  }
  return field(t(`reports.period.${p.kind}`), h('input', { type: p.kind === 'weekly' ? 'week' : 'month',
    name: 'period', id: 'period', value: p.period || '', required: true }));
}

function weekly(r) {
  const flow = ['new', 'assigned', 'rectified', 'closed', 'closed_on_time', 'on_time_rate', 'open', 'overdue',
    'verified', 'returned', 'satisfaction_rate'].map((k) => col(k));
  return [h('p', { class: 'summary', id: 'report-summary' }, r.summary),
    dataTable([nameCol, ...flow], [...r.units, r.totals], { caption: t('reports.units') }),
    dataTable([nameCol, ...flow], [...r.townships, r.totals], { caption: t('reports.townships') }),
    h('h4', {}, t('reports.overdue', { n: r.overdue_total })),
    r.overdue_total > r.overdue_items.length ? h('p', { class: 'muted' }, t('reports.listed', { n: r.overdue_items.length })) : null,
    dataTable([itemCol, descCol, textCol('unit', 'unit_name'), textCol('township', 'township_name'),
      textCol('deadline', 'deadline'), col('overdue_days')], r.overdue_items)];
}

function monthly(r) {
  const counts = ['overdue', 'returned', 'leader_led', 'flagged', 'any'].map((k) => col(k));
  return [dataTable([nameCol, ...counts], [...r.units, r.totals], { caption: t('reports.units') }),
    h('h4', {}, t('reports.items', { n: r.item_total })),
    dataTable([itemCol, descCol, textCol('unit', 'unit_name'), textCol('status', 'status_name'),
      textCol('deadline', 'deadline'), { key: 'reasons', label: t('reports.cols.reasons'),
        render: (x) => (x.reason_names || []).join('、') }], r.items)];
}

// The ranking's columns take their names from the report's own definitions (统计口径),
// so the table and the definitions below it always say the same; rates over nothing are —.
function ranking(r) {
  const named = new Map((r.definitions || []).map((d) => [d.key, d.term]));
  const rcol = (key, extra = {}) => col(key, { ...(named.has(key) ? { label: named.get(key) } : {}),
    ...(RATES.has(key) ? { render: (x) => percent(x[key], 2) } : {}), ...extra });
  const cols = [col('rank', { render: (x) => (x.rank === null ? '—' : String(x.rank)) }), nameCol,
    rcol('score', { render: (x) => (x.score === null ? '—' : Number(x.score).toFixed(2)) }),
    ...['closure_rate', 'on_time_rate', 'satisfaction_rate', 'return_rate', 'kept_rate', 'carried', 'closed',
      'closed_on_time', 'verified', 'returned', 'overdue'].map((k) => rcol(k)),
    { key: 'tie', label: t('reports.cols.tie'), render: (x) => x.tie_note || '' }];
  return [h('h4', {}, t('reports.formula')), h('p', { class: 'formula' }, r.formula),
    h('ul', {}, (r.rules || []).map((rule) => h('li', {}, rule))),
    dataTable([{ key: 'name', label: t('reports.cols.rate'), render: (w) => w.name },
      col('weight')], r.weights || [], { caption: t('reports.weights') }),
    dataTable(cols, r.ranked, { caption: t('reports.ranked') }),
    r.insufficient.length ? dataTable(cols, r.insufficient, { caption: t('reports.insufficient') }) : null];
}

export function reportsView(p) {
  const form = h('form', { class: 'filter-row period-form' }, periodPicker(p),
    h('button', { type: 'submit', class: 'btn primary', id: 'report-show' }, t('reports.show')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = Object.fromEntries(new FormData(form));
    if (p.kind === 'cadres') p.onPeriod(cadresPeriod(v));
    else p.onPeriod(p.kind === 'ranking' ? `${v.year}-Q${v.quarter}` : v.period);
  });
  const r = p.report;
  let body;
  if (p.error) body = errorView(p.error, p.onRetry);
  else if (!r) body = loadingView();
  else {
    const frame = h('iframe', { class: 'print-frame', id: 'print-frame', title: t('reports.frame'),
      sandbox: 'allow-same-origin allow-modals', hidden: !p.page });
    if (p.page) frame.srcdoc = p.page;
    body = [h('div', { class: 'row' },
      h('button', { type: 'button', class: 'btn', id: 'report-print', disabled: p.busy, onclick: p.onPreview },
        t('reports.print')),
      p.page ? h('button', { type: 'button', class: 'btn', id: 'report-do-print',
        onclick: () => frame.contentWindow && frame.contentWindow.print() }, t('reports.doPrint')) : null,
      h('button', { type: 'button', class: 'btn', id: 'report-xlsx', disabled: p.busy, onclick: p.onWorkbook },
        t('reports.xlsx'))),
    frame,
    h('h3', { id: 'report-heading' }, r.heading), h('p', { class: 'muted' }, r.span),
    r.complete ? null : h('p', { class: 'warn' }, t('reports.running', { d: r.asof })),
    { weekly, monthly, ranking, cadres: cadresBody, projects: projectsBody }[p.kind](r),
    h('h4', {}, t('reports.definitions')),
    definitionList((r.definitions || []).map((d) => [d.term, [d.text,
      d.formula ? h('div', { class: 'def-formula' }, d.formula) : null]]))];
  }
  return h('section', { class: 'reports' },
    h('div', { class: 'screen-head' }, h('h2', {}, t('reports.title')),
      h('div', { class: 'tabs', role: 'tablist' }, KINDS.map((k) => h('a', { href: `#/reports/${k}`, role: 'tab',
        'aria-selected': String(k === p.kind), class: k === p.kind ? 'tab current' : 'tab', dataset: { kind: k } },
      t(`reports.kinds.${k}`))))),
    form, h('div', { class: 'report-body' }, body));
}
