// outbox.js — the queue of intents recorded on the phone (mutations with a UUID
// made here). A record leaves the "to push" set only on a server answer that
// settles it: applied/duplicate (synced) or rejected (kept, with its reason).
// A report applied before its photos arrived ("text first") is photos_uploading
// until the last of them is up, then synced.
// Nothing here deletes a record except discard(), on the cadre's explicit wish.

import * as db from './db.js';
import { DRAFT_KEY } from './db.js';
import { uuid } from '../util/basics.js';
const TO_PUSH = new Set(['pending', 'needs_photos']);
export const UPLOADING = 'photos_uploading';
const WANT_PHOTOS = new Set([...TO_PUSH, UPLOADING]);

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

// Records whose photos the server still needs: to push, or applied and waiting.
export async function needingPhotos() {
  return (await db.listRecords()).filter((r) => WANT_PHOTOS.has(r.state));
}

// Photos the given records still need on the server, smallest first (the most
// photos, and so the most records finished, for the bytes sent).
export async function photosToUpload(records) {
  const wanted = [...new Set(records.flatMap((r) => r.photos || []))];
  const rows = await Promise.all(wanted.map((sha) => db.getPhoto(sha)));
  return rows.filter((p) => p && !p.uploaded && p.hasData)
    .sort((a, b) => (a.size - (a.offset || 0)) - (b.size - (b.offset || 0)));
}

// The photos a report was applied without and the phone has still to send: the
// server's list, less what is up since (a duplicate repeats the first answer).
async function stillPending(result) {
  const listed = [...new Set(result.photos_pending || [])];
  const rows = await Promise.all(listed.map((sha) => db.getPhoto(sha)));
  if (result.status === 'applied') {
    // the server had not got them at that moment: send them again if we have them
    for (const row of rows) {
      if (row?.uploaded) await db.updatePhoto(row.sha, (p) => ({ ...p, uploaded: false }));
    }
    return rows.filter(Boolean).map((p) => p.sha);
  }
  return rows.filter((p) => p && !p.uploaded).map((p) => p.sha);
}

export async function applyResult(id, answer) {
  // A resend of a mutation the server refused the first time is still refused.
  const result = answer.status === 'duplicate' && answer.first_status === 'rejected'
    ? { ...answer, status: 'rejected' } : answer;
  const now = new Date().toISOString();
  const pending = ['applied', 'duplicate'].includes(result.status) ? await stillPending(result) : [];
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
        return { ...r, state: pending.length ? UPLOADING : 'synced', syncedAt: now, error: null,
          missing: [], photosPending: pending, appliedAt: r.appliedAt || now,
          itemId: result.item_id ?? r.itemId, reportId: result.report_id ?? r.reportId ?? null };
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

// A photo is up: returns the ids of the records it settled or brought nearer.
export const markPhotoUploaded = (sha) => db.photoArrived(sha);
export const markPhotoFailed = (sha, error) => db.updatePhoto(sha, (p) => ({ ...p, error }));
export const notePhotoOffset = (sha, offset) => db.updatePhoto(sha, (p) => ({ ...p, offset }));

export async function clearPhotoErrors() {
  for (const p of await db.listPhotos()) {
    if (p.error) await db.updatePhoto(p.sha, (row) => ({ ...row, error: null }));
  }
}

// Stop waiting for the photos of a record that the server refused (after the cadre
// confirmed): the report itself is on the server already.
export async function giveUpRefusedPhotos(id) {
  const refused = (await db.listPhotos()).filter((p) => p.error).map((p) => p.sha);
  await db.giveUpPhotos(id, refused);
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
  const photos = await photosToUpload(records.filter((r) => WANT_PHOTOS.has(r.state)));
  return {
    records,
    pendingRecords: open.length,
    uploadingRecords: records.filter((r) => r.state === UPLOADING).length,
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
