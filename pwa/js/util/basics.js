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

export function time(iso) {
  const d = new Date(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function dateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return t('units.dateTime', { m: d.getMonth() + 1, d: d.getDate(), time: time(iso) });
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
