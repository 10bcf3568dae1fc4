// capture.js — the controller of what a cadre records on site: the report form's
// draft (text and photos are kept in IndexedDB as they are entered, so a killed
// browser loses nothing), photo preparation, saving a report, and check-ins.
// A record and its photos are committed before the UI says 已保存.

import * as db from '../store/db.js';
import { DRAFT_KEY } from '../store/db.js';
import { goodEnoughM, judgeCheckIn } from '../capture/geo.js';
import { verdictWarnings } from '../views/duty.js';
import { distance } from '../util/basics.js';
import { MAX_PHOTOS } from '../views/report.js';
import { t } from '../i18n/t.js';

// What 保存 needs of the form, first unmet rule first: [message key, satisfied(values)].
const REPORT_RULES = [
  ['report.needArea', (v) => Boolean(v.areaId)],
  ['report.needCategory', (v) => Boolean(v.category)],
  ['report.needDescription', (v) => Boolean(v.description.trim())],
];
const blobUrl = (data, mime) => URL.createObjectURL(new Blob([data], { type: mime }));
// Not needed to show the form, so fetched after the first screen is usable.
const outbox = () => import('../store/outbox.js');
const photos = () => import('../capture/photo.js');

export function createCaptureController(ctx) {
  const { state } = ctx;
  let draftTimer = null;
  let shownRule = null; // the rule whose message the form shows, cleared once it is met

  // The form changed: drop a validation message whose field is now filled in, keep the draft.
  function changed(values) {
    if (shownRule && shownRule(values)) { shownRule = null; ctx.views.report.showError(''); }
    writeDraft(values);
  }

  function writeDraft(values) {
    clearTimeout(draftTimer);
    draftTimer = setTimeout(() => {
      db.kvSet(DRAFT_KEY, { ...values, photos: state.draftPhotos.map((p) => p.sha) })
        .catch(() => ctx.shell.toast(t('errors.storage'), 'error'));
    }, 250);
  }

  function renderForm() { ctx.render('report'); }

  async function restoreDraft(known) {
    const draft = known === undefined ? await db.kvGet(DRAFT_KEY) : known;
    if (!draft) return;
    const photos = [];
    for (const sha of draft.photos || []) {
      const kept = await db.getPhotoWithData(sha);
      if (kept) photos.push({ ...kept.meta, url: blobUrl(kept.data, kept.meta.mime) });
    }
    state.draftPhotos = photos;
    ctx.views.report.update(ctx.reportState());
    ctx.views.report.setValues(draft);
    if (draft.description || draft.category || photos.length) {
      ctx.shell.toast(t('report.draftRestored'));
    }
  }

  async function addFiles(files) {
    const room = MAX_PHOTOS - state.draftPhotos.length;
    if (files.length > room) ctx.shell.toast(t('report.tooMany', { max: MAX_PHOTOS }), 'warn');
    state.processing = true;
    renderForm();
    const { preparePhoto } = await photos();
    for (const file of files.slice(0, Math.max(0, room))) {
      try {
        const p = await preparePhoto(file);
        const meta = await db.saveDraftPhoto(p);
        if (!state.draftPhotos.some((x) => x.sha === p.sha)) {
          state.draftPhotos.push({ ...meta, url: blobUrl(p.data, p.mime) });
        }
        writeDraft(ctx.views.report.values());
      } catch {
        ctx.shell.toast(t('errors.photoRead'), 'error');
      }
      renderForm();
    }
    state.processing = false;
    writeDraft(ctx.views.report.values());
    renderForm();
  }

  async function removePhoto(sha) {
    const gone = state.draftPhotos.find((p) => p.sha === sha);
    state.draftPhotos = state.draftPhotos.filter((p) => p.sha !== sha);
    if (gone?.url) URL.revokeObjectURL(gone.url);
    writeDraft(ctx.views.report.values());
    renderForm();
    await db.updatePhoto(sha, (p) => ({ ...p, draft: false }));
    await db.deletePhotoIfUnused(sha);
  }

  async function clearForm(ask = true) {
    if (ask && ctx.views.report.isDirty() && !(await ctx.shell.confirm(t('report.clearConfirm')))) return;
    for (const p of [...state.draftPhotos]) await removePhoto(p.sha);
    clearTimeout(draftTimer);
    ctx.views.report.reset();
    shownRule = null;
    await db.kvDel(DRAFT_KEY);
    renderForm();
  }

  async function saveReport(v) {
    const form = ctx.views.report;
    const unmet = REPORT_RULES.find(([, ok]) => !ok(v));
    shownRule = unmet ? unmet[1] : null;
    if (unmet) return form.showError(t(unmet[0]));
    const fix = ctx.locator.fix;
    if (!fix && !(await ctx.shell.confirm(t('report.noFixConfirm')))) return undefined;
    state.saving = true;
    renderForm();
    clearTimeout(draftTimer);
    const payload = {
      area_id: v.areaId, category: v.category, description: v.description.trim(),
      severity: v.urgent ? 'urgent' : 'normal', lat: fix ? fix.lat : null,
      lon: fix ? fix.lon : null, accuracy_m: fix ? Math.round(fix.accuracy * 10) / 10 : null,
      captured_at: new Date().toISOString(), photos: state.draftPhotos.map((p) => p.sha),
    };
    const visit = ctx.todayVisits().get(v.areaId);
    if (visit) payload.visit_id = visit.id;
    try {
      await (await outbox()).addMutation('report.create', payload, state.session.username, payload.photos);
    } catch {
      state.saving = false;
      renderForm();
      writeDraft(form.values());
      return form.showError(t('errors.storage'));
    }
    for (const p of state.draftPhotos) URL.revokeObjectURL(p.url);
    state.draftPhotos = [];
    state.saving = false;
    form.reset();
    renderForm();
    ctx.shell.toast(navigator.onLine ? t('app.saved') : t('app.savedOffline'), 'ok');
    await ctx.afterSave();
    return undefined;
  }

  async function checkIn(areaId) {
    const area = (state.me?.areas || []).find((a) => a.id === areaId);
    state.busyArea = areaId;
    ctx.render('today');
    try {
      const denied = () => ctx.locator.error === 'denied';
      const fix = ctx.locator.fix || (denied() ? null : await ctx.locator.waitFor(Infinity, 10000));
      if (!fix) { ctx.shell.toast(t(denied() ? 'duty.geoDenied' : 'today.needFix'), 'error'); return; }
      const payload = { area_id: areaId, lat: fix.lat, lon: fix.lon,
        accuracy_m: Math.round(fix.accuracy * 10) / 10 };
      await (await outbox()).addMutation('visit.checkin', payload, state.session.username);
      // judged here, offline, as the server will: saved either way, warned when it does not count
      const why = verdictWarnings(judgeCheckIn(area, payload), distance);
      if (why.length) ctx.shell.toast(t('duty.checkinWarned', { area: area?.name || '', why: why.join('；') }), 'warn', 8000);
      else ctx.shell.toast(t('today.checkinSaved', { area: area?.name || '' }), 'ok');
      await ctx.afterSave();
    } catch {
      ctx.shell.toast(t('errors.storage'), 'error');
    } finally {
      state.busyArea = null;
      ctx.render('today');
    }
  }

  async function waitFix() {
    state.waitingFix = true;
    renderForm();
    const areaId = ctx.views.report.values().areaId;
    const area = (state.me?.areas || []).find((a) => a.id === areaId);
    await ctx.locator.waitFor(goodEnoughM(area?.radius_m), 30000);
    state.waitingFix = false;
    renderForm();
  }

  return { restoreDraft, addFiles, removePhoto, clearForm, saveReport, checkIn, waitFix,
    draftChanged: changed };
}
