// sync.js — 同步: what is still on the phone only (records, photos, bytes), the
// progress of a running sync (n of m, bytes), the last success, every error with
// its reason, a retry button, storage use and the account (with logout).

import { h, replace } from './dom.js';
import { t, errorText, reasonText } from '../i18n/t.js';
import { bytes, dateTime } from '../util/basics.js';

function progressLine(p) {
  if (!p) return t('sync.idle');
  if (p.phase === 'photos') {
    return t('sync.progressPhotos', { done: p.photosDone, total: p.photosTotal,
      bytes: bytes(p.bytesDone), totalBytes: bytes(p.bytesTotal) });
  }
  if (p.phase === 'push') return t('sync.progressPush', { done: p.recordsDone, total: p.recordsTotal });
  if (p.phase === 'pull') return t('sync.progressPull');
  return t('sync.running');
}

function errorLine(e) {
  if (e.kind === 'photo') {
    return t('errors.photo', { name: e.name || e.sha?.slice(0, 8), reason: errorText(e.code, e.message) });
  }
  if (e.kind === 'record') return t('errors.record', { reason: reasonText(e) });
  if (e.code === 'network') return t('errors.network');
  if (e.code === 'timeout') return t('errors.timeout');
  if (e.kind === 'server' && e.status >= 500) return t('errors.server', { status: e.status });
  return errorText(e.code, e.message);
}

export function createSyncView(actions) {
  const rows = h('dl', { class: 'facts' });
  const progress = h('p', { class: 'progress-text', id: 'sync-progress', 'aria-live': 'polite' });
  const bar = h('progress', { max: 1, value: 0, class: 'bar' });
  const errors = h('ul', { class: 'errors', id: 'sync-errors' });
  const retry = h('button', { type: 'button', class: 'btn primary big', id: 'sync-now',
    onclick: () => actions.onSync() }, t('sync.now'));
  const persist = h('button', { type: 'button', class: 'btn', onclick: () => actions.onPersist() },
    t('sync.persist'));
  const account = h('p', { class: 'muted' });
  const logout = h('button', { type: 'button', class: 'btn danger', id: 'logout',
    onclick: () => actions.onLogout() }, t('logout.button'));
  const el = h('section', { class: 'screen sync-screen' },
    rows, progress, bar, retry,
    h('h2', { class: 'section' }, t('sync.errors')), errors,
    h('h2', { class: 'section' }, t('sync.storage')), h('div', { class: 'storage' }),
    h('details', { class: 'sync-details', id: 'sync-details' }, h('summary', {}, t('sync.details')),
      h('div', { class: 'storage-details' }), persist), // the technical part, folded away
    account, logout);
  const storage = el.querySelector('.storage');
  const technical = el.querySelector('.storage-details');

  return {
    el,
    update(s) {
      const fact = (label, value, id) => [h('dt', {}, label), h('dd', { id }, value)];
      replace(rows,
        fact(t('sync.network'), s.online ? t('sync.online') : t('sync.offline'), 'sync-network'),
        fact(t('sync.pendingRecords'), t('sync.count', { n: s.pendingRecords }), 'sync-pending'),
        fact(t('sync.pendingPhotos'), t('sync.photoCount', { n: s.pendingPhotos,
          size: bytes(s.pendingBytes) }), 'sync-photos'),
        fact(t('sync.lastSuccess'), s.lastSuccess ? dateTime(s.lastSuccess) : t('sync.never'),
          'sync-last'));
      progress.textContent = s.running ? progressLine(s.progress)
        : (s.pendingRecords ? (s.nextRetryIn ? t('sync.nextRetry', { s: s.nextRetryIn }) : '')
          : t('sync.allSynced'));
      const p = s.running ? s.progress : null;
      const frac = p && p.bytesTotal ? p.bytesDone / p.bytesTotal
        : p && p.recordsTotal ? p.recordsDone / p.recordsTotal : (s.pendingRecords ? 0 : 1);
      bar.value = Math.max(0, Math.min(1, frac));
      retry.disabled = Boolean(s.running);
      retry.textContent = s.running ? t('sync.running') : (s.errors.length ? t('sync.retry') : t('sync.now'));
      replace(errors, s.errors.length
        ? s.errors.map((e) => h('li', { class: 'error' }, e.at ? `${dateTime(e.at)} ` : '', errorLine(e)))
        : h('li', { class: 'muted' }, t('sync.noErrors')));
      const st = s.storage || {};
      replace(storage,
        st.usage != null ? h('p', {}, t('sync.storageUse', { used: bytes(st.usage), quota: bytes(st.quota) })) : null);
      replace(technical, h('p', { id: 'sync-persisted' }, st.persisted ? t('sync.persisted') : t('sync.notPersisted')),
        h('p', { class: 'muted' }, t('sync.version', { v: s.version || '-' })));
      persist.hidden = Boolean(st.persisted);
      account.textContent = s.user ? t('sync.user', { name: s.user.name, username: s.user.username }) : '';
    },
  };
}
