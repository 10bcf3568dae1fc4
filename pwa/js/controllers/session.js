// session.js — the controller of the account on this phone: the first login
// (online, once), keeping the token and /me for offline use, a 401 that asks for
// the password again while every queued record stays, and logout, which warns
// about unsynced records and then wipes local data.

import * as db from '../store/db.js';
import * as outbox from '../store/outbox.js';
import * as client from '../sync/client.js';
import { uuid } from '../util/basics.js';
import { t, errorText } from '../i18n/t.js';

const THUMBS = 'zl-thumbs';

function deviceName() {
  const ua = navigator.userAgentData?.platform || navigator.userAgent || 'browser';
  return ua.slice(0, 100);
}

export function createSessionController(ctx) {
  const { state } = ctx;

  async function login(username, password) {
    const fixed = state.session?.expired ? state.session.username : '';
    if (fixed && username !== fixed) {
      ctx.loginState({ message: t('login.otherUser', { user: fixed }) });
      return;
    }
    ctx.loginState({ busy: true, message: '' });
    try {
      const answer = await client.login(username, password, deviceName());
      client.setToken(answer.token);
      const me = await client.me();
      state.deviceId = state.deviceId || uuid();
      state.session = { token: answer.token, user: answer.user, username: answer.user.username,
        expired: false };
      state.me = me;
      await db.kvSet('deviceId', state.deviceId);
      await db.kvSet('me', me);
      await db.kvSet('meFetchedAt', Date.now());
      await db.kvSet('session', state.session);
      db.requestPersist().then(() => ctx.refreshStorage());
      ctx.loginState({ busy: false, message: '' });
      await ctx.enterApp(Boolean(fixed));
    } catch (err) {
      const message = err.kind === 'network' || err.kind === 'timeout'
        ? t('login.needOnline') : errorText(err.code, err.message);
      client.setToken(state.session?.token);
      ctx.loginState({ busy: false, message });
    }
  }

  // A 401 from the server: keep everything, ask for the password again.
  async function expire() {
    if (!state.session || state.session.expired) return;
    state.session = { ...state.session, expired: true };
    await db.kvSet('session', state.session);
    ctx.showRelogin();
  }

  async function logout() {
    const { records } = await outbox.summary();
    const uploading = records.filter((r) => r.state === 'photos_uploading').length;
    const unsynced = records.filter((r) => r.state !== 'synced').length - uploading;
    const warning = unsynced ? t('logout.unsynced', { n: unsynced + uploading })
      : (uploading ? t('logout.photosLeft', { n: uploading }) : t('logout.confirm'));
    const ok = await ctx.shell.confirm(warning,
      { ok: t('logout.confirmButton'), danger: true });
    if (!ok) return;
    ctx.scheduler.pause();
    if (state.session && !state.session.expired && navigator.onLine) {
      try { await client.logout(); } catch { /* the token dies with its TTL */ }
    }
    client.setToken(null);
    await db.wipe();
    try { await caches.delete(THUMBS); } catch { /* no Cache API */ }
    ctx.forgetUrls();
    state.session = null;
    state.me = null;
    state.deviceId = null;
    state.draftPhotos = [];
    ctx.views.report.setValues({});
    ctx.showLogin();
  }

  return { login, expire, logout };
}
