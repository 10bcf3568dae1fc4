// client.js — every HTTP call the app makes, and what each answer means.
// Failures become a SyncError with a `kind` the engine acts on:
//   network/timeout/server (5xx, 408, 429) -> retry later with backoff
//   auth (401)                              -> ask for the password, keep the queue
//   client (other 4xx)                      -> the request itself is refused
// Photos upload whole when small, else in pieces with Content-Range, resuming at
// the server's Upload-Offset (HEAD before a retried upload, 409 offset_mismatch).

export const CHUNK = 256 * 1024;
const JSON_TIMEOUT_MS = 30000;
const PIECE_TIMEOUT_MS = 90000;

export class SyncError extends Error {
  constructor(kind, { status = 0, code = kind, message = '', details = {} } = {}) {
    super(message || code);
    Object.assign(this, { kind, status, code, details });
  }

  get retryable() { return ['network', 'timeout', 'server'].includes(this.kind); }
}

let token = null;
export const setToken = (value) => { token = value || null; };

async function send(method, path, { json, body, headers = {}, timeoutMs = JSON_TIMEOUT_MS,
  auth = true } = {}) {
  const h = { ...headers };
  if (auth && token) h.Authorization = `Bearer ${token}`;
  if (json !== undefined) {
    h['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  }
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  try {
    const resp = await fetch(path, { method, headers: h, body, signal: ctrl.signal,
      cache: 'no-store', credentials: 'omit', redirect: 'error' });
    return { resp, timer, ctrl };
  } catch {
    clearTimeout(timer);
    throw new SyncError(ctrl.signal.aborted ? 'timeout' : 'network');
  }
}

// Read the body (network may still fail here) and classify the status.
async function answer({ resp, timer, ctrl }, as = 'json') {
  let data = null;
  try {
    if (resp.status !== 204) {
      data = as === 'blob' && resp.ok ? await resp.blob() : await resp.text();
    }
  } catch {
    throw new SyncError(ctrl.signal.aborted ? 'timeout' : 'network', { status: resp.status });
  } finally {
    clearTimeout(timer);
  }
  if (typeof data === 'string' && (as === 'json' || !resp.ok)) {
    try { data = data ? JSON.parse(data) : null; } catch { data = resp.ok ? null : {}; }
  }
  const resumable = resp.status === 409 && resp.headers.has('Upload-Offset');
  if (resp.ok || resumable) {
    return { status: resp.status, data, headers: resp.headers };
  }
  const err = (data && data.error) || {};
  const info = { status: resp.status, code: err.code || `http_${resp.status}`,
    message: err.message || '', details: err.details || {} };
  if (resp.status === 401) throw new SyncError('auth', info);
  if (resp.status >= 500 || resp.status === 408 || resp.status === 429) {
    throw new SyncError('server', info);
  }
  throw new SyncError('client', info);
}
const call = async (m, path, opts, as) => answer(await send(m, path, opts), as);

export async function login(username, password, deviceName) {
  const { data } = await call('POST', '/api/v1/auth/login',
    { json: { username, password, device_name: deviceName }, auth: false });
  return data;
}

export const logout = () => call('POST', '/api/v1/auth/logout', { timeoutMs: 5000 });
export const me = async () => (await call('GET', '/api/v1/me')).data;

export async function photoState(sha) {
  const sent = await send('HEAD', `/api/v1/photos/${sha}`);
  clearTimeout(sent.timer);
  const { resp } = sent;
  const offset = Number.parseInt(resp.headers.get('Upload-Offset') || '0', 10) || 0;
  if (resp.status === 200) return { complete: true, offset };
  if (resp.status === 404) return { complete: false, offset };
  if (resp.status === 401) throw new SyncError('auth', { status: 401, code: 'unauthorized' });
  if (resp.status >= 500) throw new SyncError('server', { status: resp.status });
  throw new SyncError('client', { status: resp.status, code: `http_${resp.status}` });
}

// Upload one photo; `resume` asks the server first how much it already holds.
export async function uploadPhoto(photo, data, { resume = false, onProgress = () => {} } = {}) {
  const total = data.byteLength;
  const url = `/api/v1/photos/${photo.sha}`;
  const type = { 'Content-Type': photo.mime || 'application/octet-stream' };
  let offset = 0;
  if (resume) {
    const state = await photoState(photo.sha);
    if (state.complete) { onProgress(total); return 'exists'; }
    offset = Math.min(state.offset, total);
  }
  if (offset === 0 && total <= CHUNK) {
    const { status } = await call('PUT', url, { body: data, headers: type,
      timeoutMs: PIECE_TIMEOUT_MS });
    onProgress(total);
    return status === 201 ? 'created' : 'exists';
  }
  onProgress(offset);
  for (let guard = 0; guard < 4 * Math.ceil(total / CHUNK) + 4; guard += 1) {
    const end = Math.min(offset + CHUNK, total) - 1;
    const { status, headers } = await call('PUT', url, {
      body: data.slice(offset, end + 1), timeoutMs: PIECE_TIMEOUT_MS,
      headers: { ...type, 'Content-Range': `bytes ${offset}-${end}/${total}` },
    });
    if (status === 200 || status === 201) { onProgress(total); return status === 201 ? 'created' : 'exists'; }
    offset = Number.parseInt(headers.get('Upload-Offset') || '0', 10) || 0;
    onProgress(offset);
  }
  throw new SyncError('server', { code: 'upload_stalled' });
}

export async function push(deviceId, mutations) {
  const { data } = await call('POST', '/api/v1/sync/push',
    { json: { device_id: deviceId, mutations }, timeoutMs: 120000 });
  if (!data || !Array.isArray(data.results)) throw new SyncError('server', { code: 'bad_answer' });
  return data.results;
}

export async function pull(cursor, limit = 200) {
  const { data } = await call('GET', `/api/v1/sync/pull?cursor=${cursor}&limit=${limit}`);
  return data;
}

// One page of the caller's own reports, newest first (GET /me/reports).
export async function myReports(page = 1, perPage = 200) {
  const { data } = await call('GET', `/api/v1/me/reports?page=${page}&per_page=${perPage}`);
  if (!data || !Array.isArray(data.reports)) throw new SyncError('server', { code: 'bad_answer' });
  return data;
}

// A thumbnail as a Blob (the service worker keeps a copy for offline), or null.
export async function thumb(sha) {
  try {
    const { data } = await call('GET', `/api/v1/photos/${sha}/thumb`, { timeoutMs: 20000 }, 'blob');
    return data instanceof Blob ? data : null;
  } catch (err) {
    if (err.kind === 'auth') throw err;
    return null;
  }
}

// One ledger item with reports, photos, flags and history (GET /items/<id>).
export const item = async (id) => (await call('GET', `/api/v1/items/${Number(id)}`)).data;

// One page of the caller's projects (a handler: their unit's), GET /projects.
export async function projects(page = 1, perPage = 200) {
  const { data } = await call('GET', `/api/v1/projects?page=${page}&per_page=${perPage}`);
  if (!data || !Array.isArray(data.projects)) throw new SyncError('server', { code: 'bad_answer' });
  return data;
}

// One project with its milestones and progress (GET /projects/<id>).
export const project = async (id) => (await call('GET', `/api/v1/projects/${Number(id)}`)).data;
