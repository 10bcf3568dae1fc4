// outbox.js — the queue of intents recorded on the phone (mutations with a UUID
// made here). A record leaves the "to push" set only on a server answer that
// settles it: applied/duplicate (synced) or rejected (kept, with its reason).
// Nothing here deletes a record except discard(), on the cadre's explicit wish.

import * as db from './db.js';
import { DRAFT_KEY } from './db.js';
import { uuid } from '../util/basics.js';
const TO_PUSH = new Set(['pending', 'needs_photos']);

// `draftKey`: the kv draft of the form this record came from, cleared with the save.
export async function addMutation(type, payload, user, photos = [], draftKey = undefined) {
  const now = new Date().toISOString();
  const record = {
    id: uuid(), type, at: now, createdAt: now, payload, photos, user,
    state: 'pending', attempts: 0, error: null, missing: [], itemId: null, result: null,
  };
  return db.saveRecord(record, draftKey ?? (type === 'report.create' ? DRAFT_KEY : null));
}

export async function toPush() {
  return (await db.listRecords()).filter((r) => TO_PUSH.has(r.state));
}

export const mutationOf = (r) => ({ id: r.id, type: r.type, at: r.at, payload: r.payload });

// Photos the given records still need on the server, oldest record first.
export async function photosToUpload(records) {
  const wanted = [...new Set(records.flatMap((r) => r.photos || []))];
  const rows = await Promise.all(wanted.map((sha) => db.getPhoto(sha)));
  return rows.filter((p) => p && !p.uploaded && p.hasData);
}

export async function applyResult(id, answer) {
  // A resend of a mutation the server refused the first time is still refused.
  const result = answer.status === 'duplicate' && answer.first_status === 'rejected'
    ? { ...answer, status: 'rejected' } : answer;
  const now = new Date().toISOString();
  if (result.status === 'needs_photos') {
    const missing = result.missing || [];
    for (const sha of missing) {
      await db.updatePhoto(sha, (p) => ({ ...p, uploaded: false }));
    }
  }
  return db.updateRecord(id, (r) => {
    r.attempts += 1;
    r.lastTriedAt = now;
    r.result = result;
    switch (result.status) {
      case 'applied':
      case 'duplicate':
        return { ...r, state: 'synced', syncedAt: now, error: null, missing: [],
          itemId: result.item_id ?? r.itemId };
      case 'rejected':
        return { ...r, state: 'rejected', error: result.error || { code: 'unknown' } };
      case 'needs_photos':
        return { ...r, state: 'needs_photos', missing: result.missing || [],
          error: { code: 'photos_missing' } };
      default:
        return { ...r, error: { code: 'unknown', message: String(result.status) } };
    }
  });
}

// A lone mutation the server refused as a whole request (4xx): keep it, say why.
export const rejectLocally = (id, error) => applyResult(id, { id, status: 'rejected', error });

export async function noteFailure(ids, error) {
  for (const id of ids) {
    await db.updateRecord(id, (r) => ({ ...r, attempts: r.attempts + 1,
      lastTriedAt: new Date().toISOString(), lastError: error }));
  }
}

export const markPhotoUploaded = (sha) =>
  db.updatePhoto(sha, (p) => ({ ...p, uploaded: true, error: null, offset: p.size }));
export const markPhotoFailed = (sha, error) => db.updatePhoto(sha, (p) => ({ ...p, error }));
export const notePhotoOffset = (sha, offset) => db.updatePhoto(sha, (p) => ({ ...p, offset }));

export async function clearPhotoErrors() {
  for (const p of await db.listPhotos()) {
    if (p.error) await db.updatePhoto(p.sha, (row) => ({ ...row, error: null }));
  }
}

// Explicit removal of a record the server refused (after the cadre confirmed).
export async function discard(id) {
  const record = await db.getRecord(id);
  if (!record || record.state !== 'rejected') return false;
  await db.deleteRecord(id);
  return true;
}

export async function summary() {
  const records = await db.listRecords();
  const open = records.filter((r) => TO_PUSH.has(r.state));
  const photos = await photosToUpload(open);
  return {
    records,
    pendingRecords: open.length,
    rejected: records.filter((r) => r.state === 'rejected').length,
    pendingPhotos: photos.length,
    pendingBytes: photos.reduce((sum, p) => sum + Math.max(0, p.size - (p.offset || 0)), 0),
    photoErrors: photos.filter((p) => p.error),
  };
}

// Free the bytes of uploaded photos whose records are all settled, once keep(sha)
// says a copy is safe elsewhere (the server's thumbnail is in the offline cache).
export async function releaseSettledPhotos(keep) {
  const records = new Map((await db.listRecords()).map((r) => [r.id, r]));
  for (const p of await db.listPhotos()) {
    if (!p.uploaded || !p.hasData || p.draft) continue;
    const settled = (p.refs || []).every((id) => records.get(id)?.state === 'synced');
    if (settled && (await keep(p.sha))) await db.dropPhotoData(p.sha);
  }
}
