// db.js — the ONLY module that opens IndexedDB (and asks for persistent storage).
// Everything the cadre saves lives here: the outbox records, photo bytes (as
// ArrayBuffer + MIME type, because Blob storage is unreliable on Safari), pulled
// items, item details fetched for the handler's and supervisor's screens (so an
// item page opens offline), the user's own reports as the server lists them
// (我的上报 on any phone), the handler's unit's 民生实事 projects (我单位的项目) and
// small key/value state (session, reference data, sync status, drafts).
// Writes use strict durability so a record is on disk before the UI says 已保存.

export const DRAFT_KEY = 'draft'; // the report form being filled in

const NAME = 'zhangliang';
const VERSION = 4; // 2: item details; 3: the user's reports from the server; 4: projects
const ALL = ['kv', 'records', 'photos', 'photoData', 'items', 'details', 'reports', 'projects'];

let opening = null;

function open() {
  if (opening) return opening;
  opening = new Promise((resolve, reject) => {
    const req = indexedDB.open(NAME, VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      const make = (name, keyPath) => {
        if (!db.objectStoreNames.contains(name)) db.createObjectStore(name, { keyPath });
      };
      make('kv', 'key');
      make('records', 'id');
      make('photos', 'sha');
      make('photoData', 'sha');
      make('items', 'id');
      make('details', 'id');
      make('reports', 'id');
      make('projects', 'id');
    };
    req.onsuccess = () => {
      const db = req.result;
      db.onversionchange = () => { db.close(); opening = null; };
      db.onclose = () => { opening = null; };
      resolve(db);
    };
    req.onerror = () => { opening = null; reject(req.error); };
  });
  return opening;
}

const done = (request) => new Promise((resolve, reject) => {
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
});

// Run `body(stores)` in one transaction; resolve with its result once committed.
async function run(names, mode, body) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = mode === 'readwrite'
      ? db.transaction(names, mode, { durability: 'strict' })
      : db.transaction(names, mode);
    const stores = Object.fromEntries(names.map((n) => [n, tx.objectStore(n)]));
    let result;
    let failed = null;
    let pending;
    try { pending = Promise.resolve(body(stores)); } catch (err) { pending = Promise.reject(err); }
    pending.then((value) => { result = value; }, (err) => {
      failed = err;
      try { tx.abort(); } catch { /* already finished */ }
    });
    tx.oncomplete = () => (failed ? reject(failed) : resolve(result));
    tx.onabort = () => reject(failed || tx.error || new Error('transaction aborted'));
  });
}

// ---- key/value ---------------------------------------------------------------
export const kvGet = (key) => run(['kv'], 'readonly', async (s) => (await done(s.kv.get(key)))?.value);
export const kvSet = (key, value) => run(['kv'], 'readwrite', (s) => done(s.kv.put({ key, value })));
export const kvDel = (key) => run(['kv'], 'readwrite', (s) => done(s.kv.delete(key)));

// ---- photos ------------------------------------------------------------------
// Keep a photo (meta + bytes) that a form is using; an existing photo keeps its state.
export function savePhoto(meta, data) {
  return run(['photos', 'photoData'], 'readwrite', async (s) => {
    const old = await done(s.photos.get(meta.sha));
    if (old && old.hasData) return old;
    const row = { refs: [], uploaded: false, error: null, ...old, ...meta, hasData: true };
    await done(s.photos.put(row));
    await done(s.photoData.put({ sha: meta.sha, data }));
    return row;
  });
}

// Keep a photo a form has just prepared (capture/photo.js preparePhoto) as a draft; its meta.
export async function saveDraftPhoto(p) {
  const meta = { sha: p.sha, mime: p.mime, size: p.size, width: p.width, height: p.height,
    name: p.name, resized: p.resized, originalSize: p.originalSize,
    createdAt: new Date().toISOString(), draft: true };
  await savePhoto(meta, p.data);
  return meta;
}

export const getPhoto = (sha) => run(['photos'], 'readonly', (s) => done(s.photos.get(sha)));
export const listPhotos = () => run(['photos'], 'readonly', (s) => done(s.photos.getAll()));
export const getPhotoData = (sha) => run(['photoData'], 'readonly',
  async (s) => (await done(s.photoData.get(sha)))?.data);

// A kept photo with its bytes, {meta, data}, or null when either is gone.
export async function getPhotoWithData(sha) {
  const meta = await getPhoto(sha);
  const data = meta?.hasData ? await getPhotoData(sha) : null;
  return meta && data ? { meta, data } : null;
}

export function updatePhoto(sha, change) {
  return run(['photos'], 'readwrite', async (s) => {
    const row = await done(s.photos.get(sha));
    if (!row) return undefined;
    const next = change({ ...row });
    if (next) await done(s.photos.put(next));
    return next || row;
  });
}

// A photo is on the server: mark it, and settle every record that was applied
// while waiting for it (photos_uploading -> synced when it was the last one).
export function photoArrived(sha) {
  return run(['photos', 'records'], 'readwrite', async (s) => {
    const row = await done(s.photos.get(sha));
    if (!row) return [];
    await done(s.photos.put({ ...row, uploaded: true, error: null, offset: row.size }));
    const settled = [];
    for (const id of row.refs || []) {
      const rec = await done(s.records.get(id));
      if (!rec || rec.state !== 'photos_uploading') continue;
      const left = (rec.photosPending || []).filter((p) => p !== sha);
      const next = left.length ? { ...rec, photosPending: left }
        : { ...rec, photosPending: [], state: 'synced', syncedAt: new Date().toISOString() };
      await done(s.records.put(next));
      settled.push(id);
    }
    return settled;
  });
}

// The cadre gives up photos the server refused: the record stops waiting for them
// (settled once nothing else is pending); they stay listed as given up.
export function giveUpPhotos(id, shas) {
  return run(['records'], 'readwrite', async (s) => {
    const rec = await done(s.records.get(id));
    if (!rec || rec.state !== 'photos_uploading') return;
    const gone = new Set(shas);
    const left = (rec.photosPending || []).filter((p) => !gone.has(p));
    const given = [...new Set([...(rec.photosGivenUp || []), ...shas])];
    await done(s.records.put(left.length ? { ...rec, photosPending: left, photosGivenUp: given }
      : { ...rec, photosPending: [], photosGivenUp: given, state: 'synced',
        syncedAt: new Date().toISOString() }));
  });
}

// Drop the bytes of an uploaded photo no unsynced record needs any more.
export function dropPhotoData(sha) {
  return run(['photos', 'photoData'], 'readwrite', async (s) => {
    const row = await done(s.photos.get(sha));
    if (!row || !row.uploaded) return;
    await done(s.photos.put({ ...row, hasData: false }));
    await done(s.photoData.delete(sha));
  });
}

// Forget a draft photo that no record refers to.
export function deletePhotoIfUnused(sha) {
  return run(['photos', 'photoData'], 'readwrite', async (s) => {
    const row = await done(s.photos.get(sha));
    if (!row || (row.refs && row.refs.length)) return;
    await done(s.photos.delete(sha));
    await done(s.photoData.delete(sha));
  });
}

// ---- records -----------------------------------------------------------------
// Write a record, tie its photos to it and clear the form draft: all or nothing.
export function saveRecord(record, draftKey) {
  return run(['records', 'photos', 'kv'], 'readwrite', async (s) => {
    for (const sha of record.photos || []) {
      const row = await done(s.photos.get(sha));
      if (!row || !row.hasData) throw new Error(`photo ${sha} is not stored`);
      row.refs = [...new Set([...(row.refs || []), record.id])];
      row.draft = false;
      await done(s.photos.put(row));
    }
    await done(s.records.add(record));
    if (draftKey) await done(s.kv.delete(draftKey));
    return record;
  });
}

export const getRecord = (id) => run(['records'], 'readonly', (s) => done(s.records.get(id)));

export async function listRecords() {
  const rows = await run(['records'], 'readonly', (s) => done(s.records.getAll()));
  return rows.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}

export function updateRecord(id, change) {
  return run(['records'], 'readwrite', async (s) => {
    const row = await done(s.records.get(id));
    if (!row) return undefined;
    const next = change({ ...row });
    if (next) await done(s.records.put(next));
    return next || row;
  });
}

// Remove one record on the cadre's explicit wish, with photos nobody else uses.
export function deleteRecord(id) {
  return run(['records', 'photos', 'photoData'], 'readwrite', async (s) => {
    const row = await done(s.records.get(id));
    if (!row) return;
    for (const sha of row.photos || []) {
      const photo = await done(s.photos.get(sha));
      if (!photo) continue;
      photo.refs = (photo.refs || []).filter((r) => r !== id);
      if (photo.refs.length || photo.draft) await done(s.photos.put(photo));
      else {
        await done(s.photos.delete(sha));
        await done(s.photoData.delete(sha));
      }
    }
    await done(s.records.delete(id));
  });
}

// ---- items pulled from the server --------------------------------------------
export function putItems(items, cursor) {
  return run(['items', 'kv'], 'readwrite', async (s) => {
    for (const item of items) await done(s.items.put(item));
    if (cursor !== undefined) await done(s.kv.put({ key: 'pullCursor', value: cursor }));
  });
}
export const listItems = () => run(['items'], 'readonly', (s) => done(s.items.getAll()));

// ---- item details (GET /items/<id>), with the time they were fetched ---------
export const getDetail = (id) => run(['details'], 'readonly', (s) => done(s.details.get(id)));
export const putDetail = (detail) => run(['details'], 'readwrite',
  (s) => done(s.details.put({ ...detail, fetchedAt: new Date().toISOString() })));
// id -> change_seq of every cached detail (to see which are stale)
export const detailSeqs = () => run(['details'], 'readonly', async (s) => new Map(
  (await done(s.details.getAll())).map((d) => [d.id, d.change_seq])));

// ---- the user's own reports as GET /me/reports lists them ------------------
// Replace the kept list with the server's (the whole list, newest first).
export function replaceReports(reports) {
  return run(['reports'], 'readwrite', async (s) => {
    await done(s.reports.clear());
    for (const report of reports) await done(s.reports.put(report));
  });
}
export const listReports = () => run(['reports'], 'readonly', (s) => done(s.reports.getAll()));

// ---- the unit's projects (GET /projects, each with its detail once fetched) ----
// Replace the kept list with the server's (a project moved to another unit goes).
export function replaceProjects(projects) {
  return run(['projects'], 'readwrite', async (s) => {
    await done(s.projects.clear());
    for (const project of projects) await done(s.projects.put(project));
  });
}
export const putProject = (project) => run(['projects'], 'readwrite', (s) => done(s.projects.put(project)));
export const listProjects = () => run(['projects'], 'readonly', (s) => done(s.projects.getAll()));

// ---- everything --------------------------------------------------------------
export function wipe() {
  return run(ALL, 'readwrite', async (s) => {
    for (const name of ALL) await done(s[name].clear());
  });
}

export async function storageInfo() {
  const info = { usage: null, quota: null, persisted: false };
  try {
    if (navigator.storage?.estimate) Object.assign(info, await navigator.storage.estimate());
    if (navigator.storage?.persisted) info.persisted = await navigator.storage.persisted();
  } catch { /* not offered by this browser */ }
  return { usage: info.usage, quota: info.quota, persisted: info.persisted };
}

export async function requestPersist() {
  try {
    return navigator.storage?.persist ? await navigator.storage.persist() : false;
  } catch {
    return false;
  }
}
