// engine.js — one sync run, text first: every pending record is pushed before any
// photo byte (a report is applied at once and names the photos it still waits
// for), then the photos go up smallest first (resuming, two at a time), then the
// records that waited for their photos (evidence: needs_photos) are pushed again,
// then the pull of item changes, a handler's unit's projects (sync/projects.js) and the
// user's own reports. Reports progress as it goes and returns what went wrong; it
// never drops a record. Network and 5xx errors end the run (the scheduler retries
// with backoff); 401 ends it for a new password; a refused photo or mutation is
// noted on that photo/record and the run carries on.

import * as client from './client.js';
import * as outbox from '../store/outbox.js';
import * as db from '../store/db.js';
import { pullProjects } from './projects.js';

const BATCH = 50;
const ROUNDS = 3; // needs_photos -> upload -> push again
const PARALLEL = 2; // photo uploads at a time
const ME_REFRESH_MS = 10 * 60 * 1000;
const REPORTS_REFRESH_MS = 10 * 60 * 1000;
const REPORTS_PAGE = 200;
const REPORTS_PAGES = 10; // the newest 2000 reports are kept on the phone

const errorOf = (err) => ({ code: err.code, message: err.message || '', status: err.status || 0 });

// Send one photo (resuming a tried one); a refused photo is noted and skipped.
async function uploadOne(photo, progress, emit) {
  const data = await db.getPhotoData(photo.sha);
  let sent = 0;
  const moved = (n) => { progress.bytesDone += n - sent; sent = n; emit(); };
  if (data) {
    await outbox.notePhotoOffset(photo.sha, photo.offset || 0);
    try {
      await client.uploadPhoto(photo, data, { resume: Boolean(photo.tried), onProgress: moved });
      progress.recordsSettled += (await outbox.markPhotoUploaded(photo.sha)).length;
    } catch (err) {
      await db.updatePhoto(photo.sha, (p) => ({ ...p, tried: true }));
      if (err.kind !== 'client') throw err;
      await outbox.markPhotoFailed(photo.sha, errorOf(err));
      progress.errors.push({ kind: 'photo', sha: photo.sha, name: photo.name, ...errorOf(err) });
    }
  }
  progress.bytesDone += photo.size - sent;
  progress.photosDone += 1;
  emit();
}

// Photos in the given order (smallest first), PARALLEL at a time so the link stays
// busy while the server stores the one before; the first failure ends the run.
async function uploadPhotos(photos, progress, emit) {
  if (!photos.length) return;
  progress.phase = 'photos';
  progress.photosTotal += photos.length;
  progress.bytesTotal += photos.reduce((n, p) => n + p.size, 0);
  emit();
  const queue = [...photos];
  let failure = null;
  const lane = async () => {
    while (queue.length && !failure) {
      try { await uploadOne(queue.shift(), progress, emit); } catch (err) { failure ||= err; }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, lane));
  if (failure) throw failure;
}

async function pushBatch(deviceId, batch, progress, emit) {
  let results;
  try {
    results = await client.push(deviceId, batch.map(outbox.mutationOf));
  } catch (err) {
    if (err.kind === 'client' && batch.length > 1) {
      for (const one of batch) await pushBatch(deviceId, [one], progress, emit);
      return;
    }
    if (err.kind === 'client') {
      await outbox.rejectLocally(batch[0].id, errorOf(err));
      progress.recordsDone += 1;
      emit();
      return;
    }
    await outbox.noteFailure(batch.map((r) => r.id), errorOf(err));
    throw err;
  }
  const byId = new Map(results.filter((r) => r && r.id).map((r) => [r.id, r]));
  for (const [i, record] of batch.entries()) {
    const result = byId.get(record.id) || results[i];
    if (!result) continue; // no answer for it: stays pending for the next run
    await outbox.applyResult(record.id, result);
    if (record.type === 'report.create' && ['applied', 'duplicate'].includes(result.status)) {
      progress.reportsApplied += 1;
    }
  }
  progress.recordsDone += batch.length;
  emit();
}

// What to push now: every record never answered (its text goes before the
// photos), and those that waited for photos once all of theirs are up.
async function readyRecords() {
  const records = await outbox.toPush();
  const photos = new Map((await db.listPhotos()).map((p) => [p.sha, p]));
  return records.filter((r) => r.state === 'pending'
    || (r.photos || []).every((sha) => photos.get(sha)?.uploaded));
}

async function pushReady(deviceId, progress, emit) {
  const ready = await readyRecords();
  if (!ready.length) return 0;
  progress.phase = 'push';
  progress.recordsTotal += ready.length;
  emit();
  for (let i = 0; i < ready.length; i += BATCH) {
    await pushBatch(deviceId, ready.slice(i, i + BATCH), progress, emit);
  }
  return ready.length;
}

async function pullAll(progress, emit) {
  progress.phase = 'pull';
  emit();
  let cursor = (await db.kvGet('pullCursor')) || 0;
  for (let page = 0; page < 1000; page += 1) {
    const answer = await client.pull(cursor);
    await db.putItems(answer.items || [], answer.cursor ?? cursor);
    cursor = answer.cursor ?? cursor;
    if (!answer.more) break;
  }
}

// The user's own reports, all pages, kept for 我的上报: after a run that applied
// a report, on the first run after login, and every REPORTS_REFRESH_MS.
async function fetchMyReports(progress, emit) {
  const last = (await db.kvGet('reportsFetchedAt')) || 0;
  if (!progress.reportsApplied && Date.now() - last < REPORTS_REFRESH_MS) return;
  progress.phase = 'reports';
  emit();
  const all = [];
  try {
    for (let page = 1; page <= REPORTS_PAGES; page += 1) {
      const answer = await client.myReports(page, REPORTS_PAGE);
      all.push(...(answer.reports || []));
      if (!answer.reports?.length || all.length >= (answer.total ?? 0)) break;
    }
  } catch (err) {
    if (err.kind !== 'client') throw err;
    return; // refused (an older server without the list): keep what we have
  }
  await db.replaceReports(all);
  await db.kvSet('reportsFetchedAt', Date.now());
}

// Run once; `emit(progress)` is called whenever something moved.
export async function syncOnce(deviceId, onProgress = () => {}) {
  const progress = { phase: 'start', photosDone: 0, photosTotal: 0, bytesDone: 0,
    bytesTotal: 0, recordsDone: 0, recordsTotal: 0, recordsSettled: 0, reportsApplied: 0,
    errors: [] };
  const emit = () => onProgress({ ...progress });
  for (let round = 0; round < ROUNDS; round += 1) {
    await pushReady(deviceId, progress, emit);
    const photos = (await outbox.photosToUpload(await outbox.needingPhotos()))
      .filter((p) => !p.error);
    await uploadPhotos(photos, progress, emit);
    if (!(await readyRecords()).length) break;
  }
  await pullAll(progress, emit);
  if ((await db.kvGet('me'))?.user?.roles?.includes('handler')) await pullProjects();
  await fetchMyReports(progress, emit);
  const lastMe = (await db.kvGet('meFetchedAt')) || 0;
  if (Date.now() - lastMe > ME_REFRESH_MS) {
    await db.kvSet('me', await client.me());
    await db.kvSet('meFetchedAt', Date.now());
  }
  progress.phase = 'done';
  emit();
  return progress;
}
