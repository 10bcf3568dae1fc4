// api.js — every HTTP call the public page makes (no other public module calls fetch).
// No login and no cookies: each call omits credentials. The server's error shape
// becomes an ApiError {status, code, message, details}; a 429's wait comes from its
// Retry-After header (or details.retry_after_s).

const TIMEOUT_MS = 30000;

export class ApiError extends Error {
  constructor(status, code, message = '', details = {}, retryAfter = null) {
    super(message || code);
    Object.assign(this, { status, code, details, retryAfter });
  }
}

function retryAfterOf(resp, details) {
  const header = Number.parseInt(resp.headers.get('Retry-After') || '', 10);
  if (Number.isFinite(header) && header >= 0) return header;
  const own = Number(details && details.retry_after_s);
  return Number.isFinite(own) && own >= 0 ? own : null;
}

async function call(method, path, json) {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), TIMEOUT_MS);
  const init = { method, signal: ctrl.signal, cache: 'no-store', credentials: 'omit', redirect: 'error',
    headers: { Accept: 'application/json' } };
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  }
  try {
    const resp = await fetch(path, init);
    if (resp.ok) return await resp.json();
    let err = {};
    try { err = (await resp.json()).error || {}; } catch { /* not JSON */ }
    const details = err.details || {};
    throw new ApiError(resp.status, err.code || `http_${resp.status}`, err.message, details,
      retryAfterOf(resp, details));
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError(0, ctrl.signal.aborted ? 'timeout' : 'network');
  } finally {
    clearTimeout(timer);
  }
}

// A page of public items: filters {township, category, status}, page (20 a page).
export function listItems(filters, page, perPage = 20) {
  const q = new URLSearchParams({ page: String(page), per_page: String(perPage) });
  if (filters.township) q.set('township_id', String(filters.township));
  if (filters.category) q.set('category', filters.category);
  if (filters.status) q.set('status', filters.status);
  return call('GET', `/api/v1/public/items?${q}`);
}

// One public item with its progress steps.
export const getItem = (id) => call('GET', `/api/v1/public/items/${Number(id)}`);

// A page of public 民生实事 projects: filters {township, category, status}, page (20 a page).
export function listProjects(filters, page, perPage = 20) {
  const q = new URLSearchParams({ page: String(page), per_page: String(perPage) });
  if (filters.township) q.set('township_id', String(filters.township));
  if (filters.category) q.set('category', filters.category);
  if (filters.status) q.set('status', filters.status);
  return call('GET', `/api/v1/public/projects?${q}`);
}

// One public project with its milestones and progress history.
export const getProject = (id) => call('GET', `/api/v1/public/projects/${Number(id)}`);

// 群众评议 of an item or a project (target 'item' | 'project'): rating
// satisfied|basic|unsatisfied and an optional text.
export function sendFeedback(target, id, rating, text) {
  const body = { target: target === 'project' ? 'project' : 'item', id: Number(id), rating };
  if (text) body.text = text;
  return call('POST', '/api/v1/public/feedback', body);
}
