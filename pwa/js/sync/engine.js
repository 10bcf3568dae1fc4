// engine.js — one sync run: photos first (resuming), then the push in batches,
// then the pull of item changes. Reports progress as it goes and returns what
// went wrong; it never drops a record. Network and 5xx errors end the run (the
// scheduler retries with backoff); 401 ends it for a new password; a refused
// photo or mutation is noted on that photo/record and the run carries on.

import * as client from './client.js';
import * as outbox from '../store/outbox.js';
import * as db from '../store/db.js';

const BATCH = 50;
const ROUNDS = 3; // needs_photos -> upload -> push again
const ME_REFRESH_MS = 10 * 60 * 1000;

const errorOf = (err) => ({ code: err.code, message: err.message || '', status: err.status || 0 });

async function uploadPhotos(photos, progress, emit) {
  progress.phase = 'photos';
  progress.photosTotal += photos.length;
  progress.bytesTotal += photos.reduce((n, p) => n + p.size, 0);
  emit();
  for (const photo of photos) {
    const data = await db.getPhotoData(photo.sha);
    const base = progress.bytesDone;
    if (!data) { progress.photosDone += 1; continue; }
    await outbox.notePhotoOffset(photo.sha, photo.offset || 0);
    try {
      await client.uploadPhoto(photo, data, {
        resume: Boolean(photo.tried),
        onProgress: (n) => { progress.bytesDone = base + n; emit(); },
      });
      await outbox.markPhotoUploaded(photo.sha);
    } catch (err) {
      await db.updatePhoto(photo.sha, (p) => ({ ...p, tried: true }));
      if (err.kind !== 'client') throw err;
      await outbox.markPhotoFailed(photo.sha, errorOf(err));
      progress.errors.push({ kind: 'photo', sha: photo.sha, name: photo.name, ...errorOf(err) });
    }
    progress.bytesDone = base + photo.size;
    progress.photosDone += 1;
    emit();
  }
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
  }
  progress.recordsDone += batch.length;
  emit();
}

async function pushReady(deviceId, progress, emit) {
  const records = await outbox.toPush();
  const photos = new Map((await db.listPhotos()).map((p) => [p.sha, p]));
  const ready = records.filter((r) => (r.photos || []).every((sha) => photos.get(sha)?.uploaded));
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

// Run once; `emit(progress)` is called whenever something moved.
export async function syncOnce(deviceId, onProgress = () => {}) {
  const progress = { phase: 'start', photosDone: 0, photosTotal: 0, bytesDone: 0,
    bytesTotal: 0, recordsDone: 0, recordsTotal: 0, errors: [] };
  const emit = () => onProgress({ ...progress });
  for (let round = 0; round < ROUNDS; round += 1) {
    const open = await outbox.toPush();
    const photos = (await outbox.photosToUpload(open)).filter((p) => !p.error);
    await uploadPhotos(photos, progress, emit);
    const pushed = await pushReady(deviceId, progress, emit);
    const again = (await outbox.toPush()).some((r) => r.state === 'needs_photos');
    if (!again || !pushed) break;
  }
  await pullAll(progress, emit);
  const lastMe = (await db.kvGet('meFetchedAt')) || 0;
  if (Date.now() - lastMe > ME_REFRESH_MS) {
    await db.kvSet('me', await client.me());
    await db.kvSet('meFetchedAt', Date.now());
  }
  progress.phase = 'done';
  emit();
  return progress;
}
