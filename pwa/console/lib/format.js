// format.js — dates, times and numbers as office staff read them, in the deployment's
// time zone (the server gives stored times in UTC, often without a zone suffix).
// Pure functions, no DOM; the units' words come from the catalogue.

import { t } from '../i18n/t.js';

let zone = 'Asia/Shanghai';
const DAY = 86400000;

export function setZone(name) {
  try { new Intl.DateTimeFormat('en', { timeZone: name }); zone = name; } catch { /* keep */ }
}

export function parseTime(value) {
  if (!value) return null;
  const text = /([zZ]|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value}Z`;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
}

function parts(d, opts) {
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', ...opts });
  return Object.fromEntries(fmt.formatToParts(d).map((p) => [p.type, p.value]));
}

const YMD = { year: 'numeric', month: '2-digit', day: '2-digit' };

export function dateTime(value) {
  const d = parseTime(value);
  if (!d) return '';
  const p = parts(d, { ...YMD, hour: '2-digit', minute: '2-digit' });
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

export function localDate(value) {
  const d = value instanceof Date ? value : parseTime(value);
  if (!d) return '';
  const p = parts(d, YMD);
  return `${p.year}-${p.month}-${p.day}`;
}

export const today = () => localDate(new Date());

export function addDays(isoDate, n) {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// 2026-11-27 -> 2026-W48 (ISO 8601: the week holding the year's first Thursday is W01).
export function isoWeek(isoDate) {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7) + 3); // that week's Thursday
  const year = d.getUTCFullYear();
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const firstThursday = Date.UTC(year, 0, 4 - ((jan4.getUTCDay() + 6) % 7) + 3);
  const week = 1 + Math.round((d.getTime() - firstThursday) / (7 * DAY));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

// 2026-W48 -> {year: 2026, week: 48, from: '2026-11-23', to: '2026-11-29'} (Monday to Sunday).
export function weekRange(week) {
  const m = /^(\d{4})-W(\d{2})$/.exec(week || '');
  if (!m) return null;
  const jan4 = new Date(Date.UTC(Number(m[1]), 0, 4));
  const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * DAY).toISOString().slice(0, 10);
  const from = addDays(monday, (Number(m[2]) - 1) * 7);
  return { year: Number(m[1]), week: Number(m[2]), from, to: addDays(from, 6) };
}

export const monthOf = (isoDate) => isoDate.slice(0, 7);
export const quarterOf = (isoDate) => `${isoDate.slice(0, 4)}-Q${Math.floor((Number(isoDate.slice(5, 7)) - 1) / 3) + 1}`;

export function percent(rate, places = 1) {
  return rate === null || rate === undefined ? '—' : `${(Number(rate) * 100).toFixed(places)}%`;
}

export function metres(m) {
  if (m === null || m === undefined || !Number.isFinite(Number(m))) return '';
  return m >= 1000 ? t('units.km', { n: (m / 1000).toFixed(1) }) : t('units.m', { n: Math.round(m) });
}

// Degrees to 5 places (about 1 m), as office staff read a position: 34.46500, 113.72000.
export function degrees(v) {
  return v === null || v === undefined || !Number.isFinite(Number(v)) ? '' : Number(v).toFixed(5);
}

export function coord(lat, lon) {
  if (degrees(lat) === '' || degrees(lon) === '') return '';
  return `${degrees(lat)}, ${degrees(lon)}`;
}

// A stored number without float noise, for an edit field: 34.464999999999996 -> 34.465.
export const plain = (v) => String(Number(Number(v).toPrecision(12)));

// 2026-12-04 -> 周五; with the date: 2026-12-04（周五）.
export const weekdayName = (iso) => t(`weekdays.${new Date(`${iso}T00:00:00Z`).getUTCDay()}`);
export const dayWithWeekday = (iso) => (iso ? `${iso}（${weekdayName(iso)}）` : '');

export function shorten(text, max = 60) {
  const s = String(text ?? '');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

// An amount in 万元 as offices write it: 17,600 or 40,575.06 (two places at most).
const WAN = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });
export const wanNumber = (v) => (v === null || v === undefined || !Number.isFinite(Number(v)) ? '—'
  : WAN.format(Number(v)));

// 1 -> 一, 10 -> 十, 12 -> 十二, 35 -> 三十五 (1 to 99), the digits from the catalogue:
// the copy of sync/project_cells.py chinese_number, tested against it.
export function chineseNumber(n) {
  const digits = t('projects.digits');
  const ten = t('projects.ten');
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  const head = tens === 0 ? '' : (tens === 1 ? ten : digits[tens] + ten);
  return head + (ones ? digits[ones] : '');
}

// A batch as offices name it (第一批), as sync/project_cells.py batch_word writes it.
export const batchName = (n) => (Number.isInteger(n) && n >= 1 && n <= 99
  ? t('projects.batch', { n: chineseNumber(n) }) : String(n));
