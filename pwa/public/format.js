// format.js — days and waiting times in words. The API sends days as "YYYY-MM-DD" in the
// deployment's zone; they are split as text, never parsed into a Date, so no time zone
// of the phone can move a day.

import { t } from './i18n/t.js';

function parts(day) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(day || ''));
  return m ? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } : null;
}

// 2026年5月3日 (or '' when there is no day).
export function fullDay(day) {
  const p = parts(day);
  return p ? t('dates.full', p) : '';
}

// 5月3日 in the current year, 2025年12月30日 otherwise (the cards' short form).
export function shortDay(day, thisYear = new Date().getFullYear()) {
  const p = parts(day);
  if (!p) return '';
  return p.y === thisYear ? t('dates.short', p) : t('dates.full', p);
}

const pad = (n) => String(n).padStart(2, '0');
const dayKey = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

// How long to wait, in words: 约 20 分钟 / 约 24 小时.
export function waitSpan(seconds) {
  const s = Math.max(1, Math.round(Number(seconds) || 0));
  if (s < 3600) return t('wait.minutes', { n: Math.max(1, Math.ceil(s / 60)) });
  return t('wait.hours', { n: Math.round(s / 3600) });
}

// When the wait ends, on this phone's clock: 今天 15:30 / 明天 09:30 / 5月4日 09:30.
export function waitUntil(seconds, now = new Date()) {
  const at = new Date(now.getTime() + Math.max(0, Number(seconds) || 0) * 1000);
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  if (dayKey(at) === dayKey(now)) return t('wait.today', { time });
  if (dayKey(at) === dayKey(tomorrow)) return t('wait.tomorrow', { time });
  return t('wait.day', { date: shortDay(dayKey(at), now.getFullYear()), time });
}

// An amount in 万元 as an office writes it: 17600, 12200.5, 40575.06 ('' when unknown).
export function wan(value) {
  const n = Number(value);
  return Number.isFinite(n) ? String(Math.round(n * 100) / 100) : '';
}
