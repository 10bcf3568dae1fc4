// item.js — 问题详情: one ledger item as the handler and the supervisor need it on
// site: its number (编号, as the console shows it), status, description, place
// (with the distance from the phone), unit, deadline and plan, the week's spot check
// (周抽查) it waits for, numbered before/after/verification/spot-check photos,
// integrity flags (one line each, naming the photo), this phone's own records about
// it (a refused one with the reason and a way to remove it by hand), the slot where
// the action form goes and the history.
// A handler's 提交整改 comes before the history (the job first); a supervisor's
// 现场验收 and 周抽查复核 after it, since what was written there is what is being checked.
// The page is rebuilt only when its data changes; a new GPS fix only moves the
// distance line, so a signature being drawn is never disturbed.

import { h, replace } from './dom.js';
import { t } from '../i18n/t.js';
import { dateText, dateTime, distance } from '../util/basics.js';
import { decisionChip, distanceTo, isOverdue, recordChip, recordReason, spotWeek, statusChips }
  from './itemparts.js';

const GALLERIES = [['before', 'item.beforePhotos'], ['after', 'item.afterPhotos'],
  ['verify', 'item.verifyPhotos'], ['signature', 'item.signature'],
  ['recheck', 'recheck.photosTitle']];
const KIND = { 'item.rectified': 'records.rectified', 'item.verify': 'records.verify',
  'item.recheck': 'records.recheck' };
const AFTER_HISTORY = ['verify-form', 'recheck-form'];

function fact(label, value, cls) {
  return value == null || value === '' ? [] : [h('dt', {}, label), h('dd', { class: cls }, value)];
}

// The photo's number on its tile, so 核查提示 can name it (第 2 张整改前照片).
function gallery(shas, photoUrl, kind) {
  const list = h('ul', { class: 'gallery', 'data-kind': kind });
  shas.forEach((sha, i) => {
    const img = h('img', { alt: '', width: 96, height: 96, 'data-sha': sha });
    const tile = h('li', {}, img, kind === 'signature' ? null
      : h('span', { class: 'photo-no', 'aria-hidden': 'true' }, String(i + 1)));
    const missing = () => {
      if (tile.classList.contains('no-preview')) return;
      img.classList.add('missing');
      tile.classList.add('no-preview');
      tile.append(h('span', { class: 'no-preview-text' }, t('item.noPreview')));
    };
    img.addEventListener('error', missing); // e.g. a HEIC kept on this phone
    list.append(tile);
    photoUrl(sha).then((url) => { if (url) img.src = url; else missing(); });
  });
  return list;
}

// Which photo a flag is about, in words: 第 n 张整改前照片 (as numbered in the galleries).
function photoNames(photos) {
  const names = new Map();
  for (const [kind, label] of GALLERIES) {
    photos.filter((p) => p.kind === kind).forEach((p, i) => {
      if (!names.has(p.sha256)) {
        names.set(p.sha256, kind === 'signature' ? t(label) : t('item.photoNth', { n: i + 1, kind: t(label) }));
      }
    });
  }
  return names;
}

// One line per distinct flag: the same check on the same photo is said once.
function flagLines(flags, photos) {
  const names = photoNames(photos);
  const lines = new Map();
  for (const f of flags) {
    const what = t(`flags.${f.kind}`);
    const photo = f.photo_sha ? names.get(f.photo_sha) : null;
    const text = photo ? t('item.flagOnPhoto', { photo, text: what }) : what;
    if (!lines.has(text)) lines.set(text, f.kind);
  }
  return [...lines].map(([text, kind]) => h('li', { class: 'warn', 'data-flag': kind }, text));
}

// The 周抽查 lines of an event: the draw (week, who re-checks) and the re-check's result.
function spotLines(ev, spots) {
  const p = ev.payload || {};
  if (ev.action === 'sample') {
    const entry = spots.find((e) => e.spot_check_id === p.spot_check_id);
    const name = entry?.supervisor_name;
    return [name ? t('recheck.sampleLine', { week: spotWeek(p.week), name }) : spotWeek(p.week)];
  }
  return ev.action === 'recheck' && p.result
    ? [t('recheck.resultLine', { r: t(`recheck.results.${p.result}`) })] : [];
}

function eventLines(ev, spots) {
  const p = ev.payload || {};
  const lines = spotLines(ev, spots);
  if (p.plan) lines.push(t('events.plan', { text: p.plan }));
  if (p.deadline) lines.push(t('events.deadline', { date: dateText(p.deadline) }));
  if (p.reason) lines.push(t('events.reason', { text: p.reason }));
  if (p.satisfaction) lines.push(t('events.satisfaction', { s: t(`satisfaction.${p.satisfaction}`) }));
  if (p.resident_name) lines.push(t('events.resident', { name: p.resident_name }));
  if (ev.action === 'verify') lines.push(p.returned ? t('events.returned') : t('events.closed'));
  if (p.distance_m != null) {
    lines.push(t(ev.action === 'recheck' ? 'recheck.distanceLine' : 'events.distance',
      { d: distance(p.distance_m) }));
  }
  if (p.note) lines.push(t('events.note', { text: p.note }));
  const n = (p.photos || []).length;
  if (n) lines.push(t('events.photos', { n }));
  return lines;
}

function history(events, spots = []) {
  return h('ol', { class: 'history' }, [...events].reverse().map((ev) => h('li', {
    'data-action': ev.action },
  h('strong', {}, t(`events.${ev.action}`)),
  h('span', { class: 'muted' }, ` ${t('events.by', { name: ev.actor_name || '', time: dateTime(ev.at) })}`),
  eventLines(ev, spots).map((line) => h('p', { class: 'event-line' }, line)))));
}

export function createItemView(actions) {
  const head = h('div', { class: 'record-head' });
  const notice = h('p', { class: 'notice', id: 'item-notice', role: 'status' });
  const body = h('div', { class: 'item-body' });
  const where = h('p', { class: 'muted', id: 'item-distance' });
  const local = h('div', { class: 'item-records' });
  const slot = h('div', { class: 'item-action' });
  const past = h('div', { class: 'item-history' });
  const back = h('button', { type: 'button', class: 'btn ghost back', onclick: () => actions.onBack() },
    `← ${t('item.back')}`);
  const el = h('section', { class: 'screen item-screen' }, back, head, notice, body, local, slot, past);
  let key = '';
  let shown = null;

  function renderBody(item, d, s) {
    const cats = new Map((s.me?.categories || []).map((c) => [c.code, c.name]));
    const photos = d?.photos || [];
    replace(body,
      h('p', { class: 'description big-text', id: 'item-description' }, item.description),
      h('dl', { class: 'facts' },
        fact(t('item.number'), `#${item.id}`, 'item-number'),
        fact(t('item.category'), cats.get(item.category) || item.category),
        fact(t('item.area'), item.area_name, 'item-area'),
        fact(t('item.unit'), item.unit_name, 'item-unit'),
        fact(t('item.deadline'), item.deadline ? dateText(item.deadline) : null,
          isOverdue(item, s.today) ? 'error' : ''),
        fact(t('item.plan'), item.status === 'new' ? null : (item.plan || t('item.planNone')), 'item-plan'),
        fact(t('item.position'), item.lat == null ? t('lists.noPosition')
          : t('item.positionText', { lat: item.lat.toFixed(5), lon: item.lon.toFixed(5) })),
        item.report_count > 1
          ? fact(t('item.reportsLabel'), t('item.reports', { n: item.report_count })) : [],
        item.leader_led ? fact(t('item.leader'), item.leader_name || '') : [],
        item.status === 'closed' && item.spot_check ? fact(t('recheck.fact'),
          t('recheck.factText', { week: spotWeek(item.spot_check.week),
            who: item.spot_check.supervisor_name
              ? t('recheck.givenTo', { name: item.spot_check.supervisor_name })
              : t('recheck.givenToNobody') }), 'item-spot') : []),
      where,
      d ? GALLERIES.map(([kind, label]) => {
        const shas = photos.filter((p) => p.kind === kind).map((p) => p.sha256);
        return shas.length ? [h('h2', { class: 'section' }, t(label)),
          gallery(shas, actions.photoUrl, kind)] : [];
      }) : null,
      d?.flags?.length ? [h('h2', { class: 'section' }, t('item.flags')),
        h('ul', { class: 'flags' }, flagLines(d.flags, photos))] : null);
    replace(past, d?.events?.length
      ? [h('h2', { class: 'section' }, t('item.history')), history(d.events, d.spot_checks)] : null);
  }

  // The action slot before the history, but the supervisor's form after it.
  function order(form) {
    const first = !AFTER_HISTORY.some((cls) => form?.classList.contains(cls));
    if ((slot.nextSibling === past) !== first) {
      if (first) el.insertBefore(slot, past); else el.append(slot);
    }
  }

  function renderRecords(records, item) {
    replace(local, records.length ? [h('h2', { class: 'section' }, t('item.local')),
      h('ul', { class: 'list' }, [...records].reverse().map((r) => h('li', {
        class: `card record state-${r.state}`, 'data-id': r.id, 'data-state': r.state },
      h('div', { class: 'record-head' }, h('strong', {}, t(KIND[r.type] || 'records.report')),
        recordChip(r), decisionChip(r)),
      h('p', { class: 'muted' }, dateTime(r.createdAt)),
      r.state === 'rejected' ? [
        h('p', { class: 'error reason' }, recordReason(r, item)),
        h('button', { type: 'button', class: 'btn danger', onclick: () => actions.onDiscard(r.id) },
          t('records.discard'))] : null)))] : []);
  }

  function renderDistance(item, fix) {
    const d = distanceTo(item, fix);
    where.textContent = d == null ? '' : t('lists.distance', { d: distance(d) });
  }

  return {
    el,
    // s: { id, item, detail, status, fetchedAt, error, me, fix, today, records, form, formNote }
    update(s) {
      const item = s.detail ? { ...s.detail, ...(s.item && s.item.change_seq > s.detail.change_seq
        ? s.item : {}) } : s.item;
      const next = JSON.stringify([s.id, s.status, s.fetchedAt, s.error, item?.change_seq,
        item?.status, s.records.map((r) => [r.id, r.state]), s.formNote, Boolean(s.form)]);
      if (next !== key || shown !== s.form) {
        key = next;
        shown = s.form;
        notice.textContent = {
          loading: t('item.loading'), missing: t('item.notFound'), none: t('item.noCopy'),
          offline: t('item.offlineCopy', { time: dateTime(s.fetchedAt) }),
          failed: t('item.fetchFailed', { reason: s.error || '', time: dateTime(s.fetchedAt) }),
        }[s.status] || '';
        replace(head, item ? statusChips(item, s.today) : null);
        if (item) renderBody(item, s.detail, s); else { replace(body); replace(past); }
        order(s.form);
        renderRecords(s.records, item);
        if (s.form) { if (slot.firstChild !== s.form || slot.childNodes.length > 1) replace(slot, s.form); }
        else replace(slot, s.formNote ? h('p', { class: 'ok', id: 'item-form-note' }, s.formNote) : null);
      }
      if (item) renderDistance(item, s.fix);
    },
  };
}
