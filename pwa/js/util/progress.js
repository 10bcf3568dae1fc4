// progress.js — the rules of a 民生实事 project's progress on the phone: a copy of
// sync/projects.py apply_progress (text required, percent 0–100 and never lower,
// investment done never lower, above the total only with a reason, a closed project
// takes none; the first percent above 0 starts a planned project) and is_late (节点滞后),
// so 填报进展 refuses offline what the server would refuse. A refusal is
// {code, details} shaped like the server's, and progressReason() words either the same
// way. tests/browser/test_progress_js.py checks the copy against the source case by case.
// Money is compared in hundredths of 万元 as integers, so 0.1 + 0.2 never goes wrong.
// Also here: what the form's two number fields mean, the project as it will stand once
// this phone's unsynced updates are applied, its next milestone, and its batch in the
// office's words (sync/project_cells.py batch_word, tested likewise).

import { t } from '../i18n/t.js';

export const CLOSED = 'closed';
const UNSETTLED = new Set(['pending', 'needs_photos']);
const fen = (wan) => Math.round(Number(wan) * 100);
const wanText = (f) => (f / 100).toFixed(2).replace(/\.?0+$/, '');
const blank = (s) => !s || !String(s).trim();
const refused = (code, details) => ({ ok: false, error: { code, details } });

// sync.projects.apply_progress: where `update` leaves `project`, or why it is refused.
// project: {status, percent, investment_total_wan, investment_done_wan};
// update: {text, percent?, investment_done_wan?, over_budget_reason?} (null: unchanged).
export function applyProgress(project, update) {
  if (blank(update.text)) return refused('validation_failed', { fields: { text: ['required'] } });
  const bad = {};
  if (update.percent != null && !(update.percent >= 0 && update.percent <= 100)) {
    bad.percent = ['must be between 0 and 100'];
  }
  if (update.investment_done_wan != null && fen(update.investment_done_wan) < 0) {
    bad.investment_done_wan = ['must not be negative'];
  }
  if (Object.keys(bad).length) return refused('validation_failed', { fields: bad });
  const percent = update.percent ?? project.percent;
  const had = fen(project.investment_done_wan);
  const done = update.investment_done_wan == null ? had : fen(update.investment_done_wan);
  const total = fen(project.investment_total_wan);
  const over = done > total;
  if (over && blank(update.over_budget_reason)) {
    return refused('over_budget', { investment_total_wan: wanText(total),
      investment_done_wan: wanText(done) });
  }
  if (project.status === CLOSED) return refused('invalid_transition', { status: project.status });
  if (percent < project.percent) {
    return refused('percent_decreased', { percent: project.percent, given: percent });
  }
  if (done < had) {
    return refused('investment_decreased', { investment_done_wan: wanText(had),
      given: wanText(done) });
  }
  const status = project.status === 'planned' && percent > 0 ? 'in_progress' : project.status;
  return { ok: true, status, percent, investment_done_wan: done / 100, over_budget: over };
}

// sync.projects.is_late: a milestone past its date (YYYY-MM-DD, local) and not done.
export const isLate = (m, today) => m.done_on == null && m.due < today;
export const lateCount = (milestones = [], today) => milestones.filter((m) => isLate(m, today)).length;

// The first milestone not done yet, in the plan's order (null: none left, or none set).
export function nextMilestone(milestones = []) {
  const order = [...milestones].sort((a, b) => (a.position ?? 0) - (b.position ?? 0)
    || String(a.due).localeCompare(String(b.due)));
  return order.find((m) => m.done_on == null) || null;
}

// The project as it will stand on the server once this phone's updates about it that the
// kept copy does not hold yet are applied in order (each by the rule; a refused one
// changes nothing), so the next update is checked against what the unit last said;
// `unsynced`: how many of them are still on the phone only.
export function standing(project, records = []) {
  let now = project;
  let mine = 0;
  for (const r of records) {
    if (r.type !== 'project.progress' || r.payload?.project_id !== project.id) continue;
    const newer = UNSETTLED.has(r.state)
      || (r.state === 'synced' && String(r.syncedAt || '') > String(project.fetchedAt || ''));
    if (!newer) continue;
    if (UNSETTLED.has(r.state)) mine += 1;
    const out = applyProgress(now, r.payload);
    if (out.ok) {
      now = { ...now, status: out.status, percent: out.percent,
        investment_done_wan: out.investment_done_wan };
    }
  }
  return { ...now, unsynced: mine };
}

const DIGITS = { '０': '0', '１': '1', '２': '2', '３': '3', '４': '4', '５': '5', '６': '6',
  '７': '7', '８': '8', '９': '9', '．': '.', '。': '.', '，': ',' };
const ascii = (s) => String(s ?? '').trim().replace(/[０-９．。，]/g, (c) => DIGITS[c]);

// The form's 形象进度: null when left empty, an integer 0–100, else NaN.
export function parsePercent(text) {
  const s = ascii(text).replace(/[%％]$/, '');
  if (!s) return null;
  return /^\d{1,3}$/.test(s) ? Number(s) : Number.NaN;
}

// The form's 累计完成投资 in 万元: null when left empty, a number with at most two
// decimals up to the server's bound of 10^10 (thousands commas allowed), else NaN.
export function parseWan(text) {
  const s = ascii(text).replace(/,/g, '');
  if (!s) return null;
  return /^\d{1,11}(\.\d{1,2})?$/.test(s) && Number(s) <= 1e10 ? Number(s) : Number.NaN;
}

// sync.project_cells.batch_word: how an office writes a batch (第一批, 第十二批; 1 to 99).
export function batchWord(n) {
  if (!(Number.isInteger(n) && n >= 1 && n <= 99)) return String(n);
  const digit = (k) => t('projects.digits')[k];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  const head = tens ? (tens === 1 ? '' : digit(tens)) + digit(10) : '';
  return t('projects.batch', { n: head + (ones ? digit(ones) : '') });
}

// An amount in 万元 as the list shows it: 1,220 or 40,575.06.
export const wan = (n) => Number(n || 0).toLocaleString('zh-CN', { maximumFractionDigits: 2 });

// Why a progress update was refused (by this phone or by the server), in words.
export function progressReason(error) {
  const e = error || {};
  const d = e.details || {};
  if (e.code === 'percent_decreased' && d.percent != null) {
    return t('projects.why.percent_decreased', { given: d.given, percent: d.percent });
  }
  if (e.code === 'investment_decreased' && d.investment_done_wan != null) {
    return t('projects.why.investment_decreased', { given: wan(d.given),
      done: wan(d.investment_done_wan) });
  }
  if (e.code === 'over_budget' && d.investment_total_wan != null) {
    return t('projects.why.over_budget', { done: wan(d.investment_done_wan),
      total: wan(d.investment_total_wan) });
  }
  if (e.code === 'invalid_transition' && d.status === CLOSED) return t('projects.why.closed');
  if (e.code === 'validation_failed' && d.fields && !d.fields.text
    && (d.fields.percent || d.fields.investment_done_wan)) return t('projects.why.range');
  return null;
}
