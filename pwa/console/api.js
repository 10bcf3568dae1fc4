// api.js — every HTTP call the console makes (no other console module calls fetch).
// Bearer token in the Authorization header; the server's error shape becomes an
// ApiError {status, code, message, details}. Photos, printable pages and files need
// the token too, so they arrive as blobs: photos as object URLs (cached), files as
// {blob, filename} for the controller to save. Photos chosen in the console go up
// under their SHA-256, as the phones send theirs.

import { toQuery } from './lib/route.js';
import { periodForm } from './lib/periods.js';

const TIMEOUT_MS = 60000;
const PHOTO_CACHE = 400;
let token = null;
let onUnauthorized = () => {};
const photos = new Map(); // `${sha}/${variant}` -> Promise<object URL>

export class ApiError extends Error {
  constructor(status, code, message = '', details = {}) {
    super(message || code);
    Object.assign(this, { status, code, details });
  }
}

export function setToken(value) { token = value || null; }
export function whenUnauthorized(fn) { onUnauthorized = fn; }

async function call(method, path, { json, body, headers = {}, as = 'json', auth = true } = {}) {
  const h = { ...headers };
  if (auth && token) h.Authorization = `Bearer ${token}`;
  if (json !== undefined) {
    h['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  }
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), TIMEOUT_MS);
  let resp;
  try {
    resp = await fetch(path, { method, headers: h, body, signal: ctrl.signal, cache: 'no-store',
      credentials: 'omit', redirect: 'error' });
    if (resp.ok) {
      if (resp.status === 204) return null;
      if (as === 'blob') return { blob: await resp.blob(), filename: filename(resp) };
      if (as === 'text') return await resp.text();
      return await resp.json();
    }
    let err = {};
    try { err = (await resp.json()).error || {}; } catch { /* not JSON */ }
    if (resp.status === 401 && auth) onUnauthorized();
    throw new ApiError(resp.status, err.code || `http_${resp.status}`, err.message, err.details || {});
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError(0, ctrl.signal.aborted ? 'timeout' : 'network');
  } finally {
    clearTimeout(timer);
  }
}

function filename(resp) {
  const cd = resp.headers.get('Content-Disposition') || '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) { try { return decodeURIComponent(star[1]); } catch { /* fall through */ } }
  const plain = /filename="([^"]+)"/i.exec(cd);
  return plain ? plain[1] : 'download';
}

const qs = (values) => { const q = toQuery(values).toString(); return q ? `?${q}` : ''; };

// ---- session -----------------------------------------------------------------
export const login = (username, password) => call('POST', '/api/v1/auth/login',
  { json: { username, password, device_name: 'console' }, auth: false });
export const logout = () => call('POST', '/api/v1/auth/logout');
export const me = () => call('GET', '/api/v1/me');

// ---- ledger ------------------------------------------------------------------
export const listItems = (filters) => call('GET', `/api/v1/items${qs(filters)}`);
export const getItem = (id) => call('GET', `/api/v1/items/${Number(id)}`);
export const act = (id, action, body) => call('POST',
  `/api/v1/items/${Number(id)}/actions/${encodeURIComponent(action)}`, { json: body });
export const bulk = (action, itemIds, body) => call('POST',
  `/api/v1/items/bulk/${encodeURIComponent(action)}`, { json: { ...body, item_ids: itemIds } });

// Every item matching the filters, page by page (for the map), up to `limit`.
export async function allItems(filters, { limit = 5000, onPage = () => {} } = {}) {
  const items = [];
  let total = 0;
  for (let page = 1; ; page += 1) {
    const data = await listItems({ ...filters, page, per_page: 200 });
    total = data.total;
    items.push(...data.items);
    onPage(items.length, total);
    if (!data.items.length || items.length >= Math.min(total, limit)) break;
  }
  return { items: items.slice(0, limit), total };
}

export const exportLedger = (format, filters) => call('GET',
  `/api/v1/items/export${qs({ ...filters, format })}`, { as: 'blob' });

// ---- photos ------------------------------------------------------------------
export function photoUrl(sha, variant = 'thumb') {
  if (!/^[0-9a-f]{64}$/.test(sha)) return Promise.reject(new ApiError(0, 'not_found'));
  const key = `${sha}/${variant}`;
  if (!photos.has(key)) {
    const p = call('GET', `/api/v1/photos/${sha}/${variant}`, { as: 'blob' })
      .then((r) => URL.createObjectURL(r.blob));
    p.catch(() => photos.delete(key));
    photos.set(key, p);
    if (photos.size > PHOTO_CACHE) {
      const [oldKey, old] = photos.entries().next().value;
      photos.delete(oldKey);
      old.then((url) => URL.revokeObjectURL(url), () => {});
    }
  }
  return photos.get(key);
}

export function forgetPhotos() {
  for (const p of photos.values()) p.then((url) => URL.revokeObjectURL(url), () => {});
  photos.clear();
}

export const photoOriginal = (sha) => call('GET', `/api/v1/photos/${sha}/original`, { as: 'blob' });

// ---- reports -----------------------------------------------------------------
const PERIOD_KEY = { weekly: 'week', monthly: 'month', ranking: 'quarter', projects: 'month' };
// 干部评价 takes a month, two months, a quarter, a half or a year, each under its own key.
const periodKey = (kind, period) => (kind === 'cadres' ? periodForm(period) || 'month' : PERIOD_KEY[kind]);
const reportPath = (kind, period, format) => `/api/v1/reports/${encodeURIComponent(kind)}${
  qs({ [periodKey(kind, period)]: period, format })}`;
export const report = (kind, period) => call('GET', reportPath(kind, period));
export const reportPage = (kind, period) => call('GET', reportPath(kind, period, 'html'), { as: 'text' });
export const reportWorkbook = (kind, period) => call('GET', reportPath(kind, period, 'xlsx'), { as: 'blob' });

// ---- 丈量 ----------------------------------------------------------------------
export const dutyReport = (period) => call('GET', `/api/v1/reports/duty${qs(period)}`);
export const listVisits = (filters) => call('GET', `/api/v1/visits${qs(filters)}`);

// Every check-in matching the filters, page by page, up to `limit`.
export async function allVisits(filters, { limit = 5000 } = {}) {
  const visits = [];
  let total = 0;
  for (let page = 1; ; page += 1) {
    const data = await listVisits({ ...filters, page, per_page: 200 });
    total = data.total;
    visits.push(...data.visits);
    if (!data.visits.length || visits.length >= Math.min(total, limit)) break;
  }
  return { visits: visits.slice(0, limit), total };
}

// ---- 周抽查 ---------------------------------------------------------------------
// The draws of a week visible to the caller (without a week: the latest ones).
export const spotChecks = (week) => call('GET', `/api/v1/spot-checks${qs({ week })}`);
export const drawSpotCheck = (week, size) => call('POST', '/api/v1/spot-checks', { json: { week, size } });

// ---- publication (公开) and 群众评议 -----------------------------------------------
export const publication = (id) => call('GET', `/api/v1/items/${Number(id)}/publication`);
export const setPublication = (id, body) => call('PATCH', `/api/v1/items/${Number(id)}/publication`,
  { json: body });
export const listFeedback = (filters) => call('GET', `/api/v1/feedback${qs(filters)}`);
export const placardPage = (id) => call('GET', `/api/v1/items/${Number(id)}/placard`, { as: 'text' });
export const placardPdf = (id) => call('GET', `/api/v1/items/${Number(id)}/placard?format=pdf`, { as: 'blob' });

// ---- 民生实事 projects -------------------------------------------------------------
const PROJECTS = '/api/v1/projects';
const project = (id, rest = '') => `${PROJECTS}/${Number(id)}${rest}`;
export const listProjects = (filters) => call('GET', `${PROJECTS}${qs(filters)}`);
export const getProject = (id) => call('GET', project(id));
export const editProject = (id, body) => call('PATCH', project(id), { json: body });
export const postProgress = (id, body) => call('POST', project(id, '/progress'), { json: body });
export const verifyProject = (id, body) => call('POST', project(id, '/actions/verify'), { json: body });
export const planMilestones = (due, start) => call('GET', `${PROJECTS}/milestones/plan${qs({ due, start })}`);
export const exportProjects = (format, filters) => call('GET', `${PROJECTS}/export${qs({ ...filters, format })}`,
  { as: 'blob' });
export function importProjects(file) {
  const form = new FormData();
  form.append('file', file, file.name);
  return call('POST', `${PROJECTS}/import`, { body: form });
}
export const projectPlacardPage = (id) => call('GET', project(id, '/placard'), { as: 'text' });
export const projectPlacardPdf = (id) => call('GET', project(id, '/placard?format=pdf'), { as: 'blob' });

// A photo from a file input, stored under its SHA-256 (computed here); answers the hash.
export async function uploadPhoto(file) {
  const bytes = await file.arrayBuffer();
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  const sha = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
  await call('PUT', `/api/v1/photos/${sha}`, { body: bytes, as: 'text',
    headers: { 'Content-Type': file.type || 'application/octet-stream' } });
  return sha;
}

// ---- administration ----------------------------------------------------------
const ADMIN = '/api/v1/admin';
export const adminList = (what) => call('GET', `${ADMIN}/${what}`);
export const adminCreate = (what, body) => call('POST', `${ADMIN}/${what}`, { json: body });
export const adminUpdate = (what, id, body) => call('PATCH', `${ADMIN}/${what}/${Number(id)}`, { json: body });
export const importSheet = (what, file) => call('POST', `${ADMIN}/import/${encodeURIComponent(what)}`,
  { body: file, headers: { 'Content-Type': file.type || 'application/octet-stream' } });
