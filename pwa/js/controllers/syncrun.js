// syncrun.js — one sync run as the scheduler asks for it: push, upload and pull
// through the engine, the 同步 screen's progress while it runs (records answered,
// photos up: 照片 n/m), the last result kept for the screen, and what a run ends
// in ('ok', 'offline', 'auth' when the login must be renewed, 'retry').

import * as db from '../store/db.js';

export function createSyncRunner(ctx, modules) {
  const { state, render, refresh } = ctx;
  let frame = 0;
  const now = () => new Date().toISOString();

  function onProgress(moved) {
    return (p) => {
      const at = `${p.recordsDone}/${p.photosDone}`;
      if (at !== moved.at) { moved.at = at; refresh(); }
      state.progress = p;
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => render('sync'));
    };
  }

  async function afterSuccess() {
    const m = modules();
    state.syncStatus = { lastSuccess: now(), errors: [] };
    await db.kvSet('syncStatus', state.syncStatus);
    state.me = (await db.kvGet('me')) || state.me;
    m.field.afterSync().catch(() => {});
    if (navigator.serviceWorker?.controller) {
      // the server's thumbnail is now in the offline cache: free the full bytes
      m.outbox.releaseSettledPhotos(async (sha) => Boolean(await m.client.thumb(sha)))
        .catch(() => {});
    }
  }

  async function afterFailure(err) {
    if (err.kind === 'auth') { await modules().session.expire(); return 'auth'; }
    state.syncStatus = { ...state.syncStatus, errors: [{ kind: err.kind || 'network',
      code: err.code || 'network', status: err.status || 0, message: err.message, at: now() }] };
    await db.kvSet('syncStatus', state.syncStatus);
    return 'retry';
  }

  return async function runSync() {
    if (!state.session || state.session.expired) return 'auth';
    if (!navigator.onLine) return 'offline';
    state.running = true;
    state.progress = null;
    render('sync');
    try {
      await modules().engine.syncOnce(state.deviceId, onProgress({ at: '0/0' }));
      await afterSuccess();
      return 'ok';
    } catch (err) {
      return afterFailure(err);
    } finally {
      state.running = false;
      await refresh();
      render('sync');
    }
  };
}
