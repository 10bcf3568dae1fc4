// sync.js — 同步: what is still on the phone only (records, photos, bytes), the
// reports already at the office whose photos are still going up (each with its
// count), the progress of a running sync (n of m, bytes), the last success, every
// error with its reason — a record the server refused says what it was, why, and
// what the cadre can do about it (a project's 项目进展 in the words of its rule) — a
// retry button, storage use and the account (with logout).

import { h, replace } from './dom.js';
import { t, errorText, reasonText } from '../i18n/t.js';
import { bytes, dateTime } from '../util/basics.js';
import { progressReason } from '../util/progress.js';
import { refusedPhotos, typeText, uploadText } from './records.js';

function progressLine(p) {
  if (!p) return t('sync.idle');
  if (p.phase === 'photos') {
    return t('sync.progressPhotos', { done: p.photosDone, total: p.photosTotal,
      bytes: bytes(p.bytesDone), totalBytes: bytes(p.bytesTotal) });
  }
  if (p.phase === 'push') return t('sync.progressPush', { done: p.recordsDone, total: p.recordsTotal });
  if (p.phase === 'pull' || p.phase === 'reports') return t('sync.progressPull');
  return t('sync.running');
}

function errorLine(e) {
  if (e.kind === 'photo') {
    return t('errors.photo', { name: e.name || e.sha?.slice(0, 8), reason: errorText(e.code, e.message) });
  }
  if (e.code === 'network') return t('errors.network');
  if (e.code === 'timeout') return t('errors.timeout');
  if (e.kind === 'server' && e.status >= 500) return t('errors.server', { status: e.status });
  return errorText(e.code, e.message);
}

// Which advice fits a refused record: its error code, the field it names, its kind.
function adviceKey(record) {
  const e = record.error || {};
  const d = e.details || {};
  const field = d.field || Object.keys(d.fields || {})[0];
  if (e.code === 'too_far') return 'far';
  if (['invalid_transition', 'conflict', 'not_sampled'].includes(e.code)) return 'done';
  if (e.code === 'forbidden' || e.code === 'not_found') return 'office';
  if (field === 'area_id') return 'area';
  if (['validation_failed', 'bad_request', 'malformed_json', 'photos_required',
    'reason_required', 'percent_decreased', 'investment_decreased', 'over_budget'].includes(e.code)) {
    return record.type === 'visit.checkin' ? 'checkin' : 'fix';
  }
  return 'other';
}

// Where a record was made: its area, else its item's area or number, or its project.
function placeOf(record, s) {
  const p = record.payload || {};
  if (p.project_id != null) return s.projects?.get(p.project_id)?.name || '';
  const area = (s.me?.areas || []).find((a) => a.id === p.area_id);
  if (area) return area.name;
  const item = p.item_id != null ? s.items?.get(p.item_id) : null;
  return item?.area_name || (p.item_id != null ? t('sync.itemNo', { id: p.item_id }) : '');
}

// 现场验收 · 北街村 · 11月20日 08:30; a 周抽查复核 with its result (合格 / 不合格（反弹）).
const resultOf = (record) => (record.type === 'item.recheck' && record.payload?.result
  ? t(`recheck.results.${record.payload.result}`) : '');
const label = (record, s) => [typeText(record.type), resultOf(record), placeOf(record, s),
  dateTime(record.createdAt)].filter(Boolean).join(' · ');

// The advice in words; a 周抽查复核 and a 项目进展 have their own where it differs.
const OWN_ADVICE = { 'item.recheck': 'recheck', 'project.progress': 'projects' };
function adviceText(record) {
  const key = adviceKey(record);
  const own = `${OWN_ADVICE[record.type]}.advice.${key}`;
  return OWN_ADVICE[record.type] && t(own) !== own ? t(own) : t(`sync.advice.${key}`);
}

const why = (record) => (record.type === 'project.progress' && progressReason(record.error))
  || reasonText(record.error);

function refusedItem(record, s, actions) {
  return h('li', { class: 'error refused', 'data-id': record.id },
    h('strong', { class: 'refused-what' }, label(record, s)),
    h('p', { class: 'refused-why' }, t('errors.record', { reason: why(record) })),
    h('p', { class: 'refused-todo' }, adviceText(record)),
    h('button', { type: 'button', class: 'btn danger', onclick: () => actions.onDiscard(record.id) },
      t('records.discard')));
}

function statusLine(s, refused, uploading) {
  if (s.running) return progressLine(s.progress);
  if (s.pendingRecords) return s.nextRetryIn ? t('sync.nextRetry', { s: s.nextRetryIn }) : '';
  if (refused.length) return t('sync.refusedSummary', { n: refused.length });
  if (uploading.length) {
    const refusedPhotos = (s.photoErrors || []).length;
    const left = Math.max(0, s.pendingPhotos - refusedPhotos);
    return left ? t('sync.photosLeft', { n: left }) : t('sync.photosRefused', { n: refusedPhotos });
  }
  return t('sync.allSynced');
}

export function createSyncView(actions) {
  const rows = h('dl', { class: 'facts' });
  const progress = h('p', { class: 'progress-text', id: 'sync-progress', 'aria-live': 'polite' });
  const bar = h('progress', { max: 1, value: 0, class: 'bar' });
  const errors = h('ul', { class: 'errors', id: 'sync-errors' });
  const retry = h('button', { type: 'button', class: 'btn primary big', id: 'sync-now',
    onclick: () => actions.onSync() }, t('sync.now'));
  const retryNote = h('p', { class: 'muted', id: 'sync-retry-note' });
  const uploadingHead = h('h2', { class: 'section' }, t('sync.uploadingTitle'));
  const uploadingList = h('ul', { class: 'list uploading', id: 'sync-uploading' });
  const persist = h('button', { type: 'button', class: 'btn', onclick: () => actions.onPersist() },
    t('sync.persist'));
  const account = h('p', { class: 'muted' });
  const logout = h('button', { type: 'button', class: 'btn danger', id: 'logout',
    onclick: () => actions.onLogout() }, t('logout.button'));
  const el = h('section', { class: 'screen sync-screen' },
    rows, progress, bar, retry, retryNote,
    h('h2', { class: 'section' }, t('sync.errors')), errors,
    uploadingHead, uploadingList,
    h('h2', { class: 'section' }, t('sync.storage')), h('div', { class: 'storage' }),
    h('details', { class: 'sync-details', id: 'sync-details' }, h('summary', {}, t('sync.details')),
      h('div', { class: 'storage-details' }), persist), // the technical part, folded away
    account, logout);
  const storage = el.querySelector('.storage');
  const technical = el.querySelector('.storage-details');

  return {
    el,
    update(s) {
      const records = s.records || [];
      const refused = records.filter((r) => r.state === 'rejected').reverse();
      const uploading = records.filter((r) => r.state === 'photos_uploading').reverse();
      const fact = (name, value, id) => [h('dt', {}, name), h('dd', { id }, value)];
      replace(rows,
        fact(t('sync.network'), s.online ? t('sync.online') : t('sync.offline'), 'sync-network'),
        fact(t('sync.pendingRecords'), t('sync.count', { n: s.pendingRecords }), 'sync-pending'),
        refused.length ? fact(t('sync.refused'), t('sync.count', { n: refused.length }), 'sync-refused') : null,
        uploading.length ? fact(t('sync.uploadingRecords'), t('sync.count', { n: uploading.length }),
          'sync-uploading-count') : null,
        fact(t('sync.pendingPhotos'), t('sync.photoCount', { n: s.pendingPhotos,
          size: bytes(s.pendingBytes) }), 'sync-photos'),
        fact(t('sync.lastSuccess'), s.lastSuccess ? dateTime(s.lastSuccess) : t('sync.never'),
          'sync-last'));
      progress.textContent = statusLine(s, refused, uploading);
      const p = s.running ? s.progress : null;
      const frac = p && p.bytesTotal ? p.bytesDone / p.bytesTotal
        : p && p.recordsTotal ? p.recordsDone / p.recordsTotal
          : (s.pendingRecords || refused.length || uploading.length ? 0 : 1);
      bar.value = Math.max(0, Math.min(1, frac));
      retry.disabled = Boolean(s.running);
      const failed = s.errors.length || refused.length;
      retry.textContent = s.running ? t('sync.running') : (failed ? t('sync.retry') : t('sync.now'));
      retryNote.textContent = refused.length ? t('sync.retryNote') : '';
      retryNote.hidden = !refused.length;
      const lines = [...refused.map((r) => refusedItem(r, s, actions)),
        ...s.errors.map((e) => h('li', { class: 'error' }, e.at ? `${dateTime(e.at)} ` : '', errorLine(e)))];
      replace(errors, lines.length ? lines : h('li', { class: 'muted' }, t('sync.noErrors')));
      uploadingHead.hidden = !uploading.length;
      const refusedShas = refusedPhotos(s);
      replace(uploadingList, uploading.map((r) => h('li', { class: 'uploading-record', 'data-id': r.id },
        h('strong', {}, label(r, s)), ' ', h('span', { class: 'upload-count' }, uploadText(r, refusedShas)),
        (r.photosPending || []).some((sha) => refusedShas.has(sha))
          ? h('button', { type: 'button', class: 'btn ghost give-up',
            onclick: () => actions.onGiveUp(r.id) }, t('sync.giveUp')) : null)));
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
