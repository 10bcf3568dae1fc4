// cadres.js — 干部评价 (评价考核) on the reports page: the period picker for its five forms
// (a month, two months, a quarter, a half, a year), the formula and its rules, the table
// of cadres (rank, name, township, unit, 到岗 x/y, 覆盖 x/y, 上报/采纳, 销号, score) and
// the townships and units pooled, those with too few cadres marked 样本不足 by the
// report's own note. The page and workbook buttons are the reports page's.

import { h, select, field } from './dom.js';
import { t } from '../i18n/t.js';
import { dataTable } from './parts.js';
import { percent } from '../lib/format.js';
import { FORMS, PARTS, splitPeriod, joinPeriod, monthsOf, partOfMonth } from '../lib/periods.js';

function partLabel(form, part) {
  if (form === 'month') return t('cadres.month', { m: part });
  if (form === 'bimonth') {
    const [a, b] = monthsOf(form, part);
    return t('cadres.bimonth', { a, b });
  }
  if (form === 'quarter') return t('cadres.quarter', { q: part });
  return t(`cadres.half.${part}`);
}

function partOptions(form) {
  return Array.from({ length: PARTS[form] }, (_, i) => ({ value: i + 1, label: partLabel(form, i + 1) }));
}

function fillParts(partSelect, form, part) {
  partSelect.replaceChildren(...partOptions(form).map((o) => h('option',
    { value: String(o.value), selected: o.value === part }, o.label)));
  partSelect.disabled = form === 'year';
  partSelect.closest('.field').hidden = form === 'year';
}

/** The picker's controls: form, year and part; changing the form keeps the months near. */
export function cadresPicker(period, today) {
  const chosen = splitPeriod(period) || splitPeriod(today.slice(0, 7));
  const years = Array.from({ length: 6 }, (_, i) => Number(today.slice(0, 4)) - i);
  let month = monthsOf(chosen.form, chosen.part || 1)[0];
  const partSelect = h('select', { name: 'part', id: 'period-part' });
  const partField = field(t('cadres.part'), partSelect);
  const formSelect = select({ name: 'form', id: 'period-form', onchange: () => {
    fillParts(partSelect, formSelect.value, partOfMonth(formSelect.value, month));
  } }, FORMS.map((f) => ({ value: f, label: t(`cadres.forms.${f}`) })), chosen.form);
  partSelect.addEventListener('change', () => {
    month = monthsOf(formSelect.value, Number(partSelect.value))[0];
  });
  const controls = [field(t('cadres.form'), formSelect),
    field(t('cadres.year'), select({ name: 'year', id: 'period-year' },
      years.map((y) => ({ value: y, label: String(y) })), chosen.year)), partField];
  fillParts(partSelect, chosen.form, chosen.part);
  return controls;
}

/** The period the picker's values name. */
export const cadresPeriod = (v) => joinPeriod(v.form, v.year, Number(v.part) || 1);

// x/y and the rate beside it, e.g. 6/8 75.00%.
function outOf(a, b, rate) {
  return [t('cadres.outOf', { a, b }), ' ', h('span', { class: 'muted small' }, percent(rate, 2))];
}

const score = (x) => (x.score === null || x.score === undefined ? '—' : Number(x.score).toFixed(2));
const rank = (x) => (x.rank === null || x.rank === undefined ? '—' : String(x.rank));

function figureColumns() {
  const col = (key, render, cls = 'num') => ({ key, label: t(`cadres.cols.${key}`), class: cls, render });
  return [
    col('attendance', (x) => outOf(x.days_out, x.days_expected, x.attendance_rate)),
    col('coverage', (x) => outOf(x.areas_covered, x.areas_assigned, x.coverage_rate)),
    col('reports', (x) => outOf(x.reports, x.reports_accepted, x.acceptance_rate)),
    col('closed', (x) => String(x.items_closed)),
    col('score', score),
  ];
}

function cadreTable(r) {
  if (!r.cadres.length) return h('p', { class: 'empty', id: 'cadres-none' }, t('cadres.none'));
  const cols = [
    { key: 'rank', label: t('cadres.cols.rank'), class: 'num', render: rank },
    { key: 'name', label: t('cadres.cols.name'), render: (x) => x.name },
    { key: 'township', label: t('cadres.cols.township'), render: (x) => x.township || '' },
    { key: 'unit', label: t('cadres.cols.unit'), render: (x) => x.unit || '' },
    ...figureColumns(),
  ];
  const table = dataTable(cols, r.cadres, { caption: t('cadres.cadres', { n: r.cadres.length }),
    rowId: (x) => x.user_id });
  table.id = 'cadres-table';
  titles(table, cols);
  return table;
}

function groupTable(id, caption, rows, totals) {
  const cols = [
    { key: 'rank', label: t('cadres.cols.rank'), class: 'num', render: rank },
    { key: 'group', label: t('cadres.cols.group'), render: (x) => x.name },
    { key: 'cadres', label: t('cadres.cols.cadres'), class: 'num', render: (x) => String(x.cadres) },
    ...figureColumns(),
    { key: 'note', label: t('cadres.cols.note'), render: (x) => x.note || '' },
  ];
  const table = dataTable(cols, [...rows, totals], { caption });
  table.id = id;
  titles(table, cols);
  return table;
}

// The column heads of the x/y figures say what is over what.
function titles(table, cols) {
  const heads = table.querySelectorAll('thead th');
  cols.forEach((c, i) => {
    const title = t(`cadres.titles.${c.key}`);
    if (title !== `cadres.titles.${c.key}`) heads[i].title = title;
  });
}

/** The report's body: formula and rules, cadres, townships, units. */
export function cadresBody(r) {
  return [h('h4', {}, t('reports.formula')), h('p', { class: 'formula', id: 'cadres-formula' }, r.formula),
    h('ul', { id: 'cadres-rules' }, (r.rules || []).map((rule) => h('li', {}, rule))),
    cadreTable(r),
    groupTable('cadres-townships', t('cadres.townships'), r.townships, r.totals),
    groupTable('cadres-units', t('cadres.units'), r.units, r.totals)];
}
