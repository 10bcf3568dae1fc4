// basics.js — small pure helpers every screen needs, in one file so the first load
// fetches one module instead of three: formatting (sizes, distances, times in the
// catalogue's words), great-circle distance as the server computes it, and v4
// UUIDs made on the phone (the idempotency key of a mutation).

import { t } from '../i18n/t.js';

export function bytes(n) {
  if (!Number.isFinite(n) || n < 1024) return t('units.B', { n: Math.max(0, n | 0) });
  if (n < 1024 * 1024) return t('units.KB', { n: (n / 1024).toFixed(0) });
  if (n < 1024 ** 3) return t('units.MB', { n: (n / 1024 ** 2).toFixed(1) });
  return t('units.GB', { n: (n / 1024 ** 3).toFixed(1) });
}

export function distance(m) {
  if (m < 1000) return t('units.m', { n: Math.round(m) });
  return t('units.km', { n: (m / 1000).toFixed(m < 10000 ? 1 : 0) });
}

const pad = (n) => String(n).padStart(2, '0');

// The server sends its times as naive UTC ("2026-11-28T02:03:04"): read them as UTC.
export function parseTime(iso) {
  const s = String(iso);
  return new Date(/T.*(Z|[+-]\d\d:?\d\d)$/.test(s) || !s.includes('T') ? s : `${s}Z`);
}

export function time(iso) {
  const d = parseTime(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function dateTime(iso) {
  if (!iso) return '';
  const d = parseTime(iso);
  return t('units.dateTime', { m: d.getMonth() + 1, d: d.getDate(), time: time(iso) });
}

// A date as the server sends deadlines (YYYY-MM-DD); the year only when not this year.
export function dateText(ymd, now = new Date()) {
  const [y, m, d] = String(ymd || '').split('-').map(Number);
  if (!y || !m || !d) return '';
  return y === now.getFullYear() ? t('units.date', { m, d }) : t('units.dateYear', { y, m, d });
}

// Today (YYYY-MM-DD) in the deployment's zone, where deadlines and 逾期 are counted.
export function todayIn(zone = 'Asia/Shanghai', now = new Date()) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: zone,
    year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now)
    .map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

export function isToday(iso, now = new Date()) {
  const d = new Date(iso);
  return d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth()
    && d.getDate() === now.getDate();
}

const R = 6371008.8; // metres, as sync/geo.py
const rad = (deg) => (deg * Math.PI) / 180;

export function haversineM(lat1, lon1, lat2, lon2) {
  const a = Math.sin(rad(lat2 - lat1) / 2) ** 2
    + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lon2 - lon1) / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
}

export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
