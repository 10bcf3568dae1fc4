// closing.js — the controller of the forms that close the loop on site:
// 提交整改 (item.rectified), 现场验收 (item.verify) and the weekly spot check's
// 周抽查复核 (item.recheck) of a closed item: what each needs before it is saved and
// the record it makes. The forms' drafts, photos and save are photoform.js's. The
// resident's signature is exported as PNG bytes, hashed and stored like any photo,
// so it uploads through the same path.

import * as db from '../store/db.js';
import { t } from '../i18n/t.js';
import { createPhotoForms } from './photoform.js';
import { distance } from '../util/basics.js';
import { distanceTo } from '../views/itemparts.js';
import { createPhotoPicker } from '../views/photopicker.js';
import { createRecheckForm } from '../views/recheck.js';
import { createRectifyForm, MAX_PHOTOS } from '../views/rectify.js';
import { createVerifyForm } from '../views/verify.js';

const photoMod = () => import('../capture/photo.js');
const FIX_WAIT_MS = 10000;

export function createClosingController(ctx, { maxM, itemOf }) {
  const { state } = ctx;

  function update(f) {
    f.view.update({ photos: f.photos, processing: f.processing, saving: f.saving,
      fix: state.fix, item: itemOf(f.id), maxM: maxM(), meId: state.me?.user?.id });
    kit.recheck(f);
  }
  const kit = createPhotoForms(ctx, { render: update, maxPhotos: MAX_PHOTOS });
  const { complain, fail, commit } = kit;

  const position = (fix) => ({ lat: fix.lat, lon: fix.lon,
    accuracy_m: Math.round(fix.accuracy * 10) / 10 });

  // What each form needs before it is saved, first unmet rule first: [message key, satisfied()].
  function rules(f, decision) {
    const v = () => f.view.values();
    if (f.kind === 'rectify') {
      return [['rectify.needNote', () => Boolean(v().note.trim())],
        ['rectify.needPhotos', () => f.photos.length > 0]];
    }
    if (f.kind === 'recheck') { // a failed re-check says why (the server's rule too)
      return [['recheck.needResult', () => Boolean(v().result)],
        ['recheck.needNote', () => v().result !== 'fail' || Boolean(v().note.trim())],
        ['recheck.needPhotos', () => f.photos.length > 0]];
    }
    const closes = decision === 'accept';
    return [['verify.needSatisfaction', () => Boolean(v().satisfaction)],
      ...(closes ? [['verify.unsatisfiedHint', () => v().satisfaction !== 'unsatisfied'],
        ['verify.needPhotos', () => f.photos.length > 0],
        ['verify.needResident', () => Boolean(v().resident.trim())],
        ['verify.needSignature', () => f.view.pad.hasInk]] : [])];
  }

  // The first unmet rule's message, shown until it is met; false when all are met.
  function invalid(f, decision) {
    const unmet = rules(f, decision).find(([, ok]) => !ok());
    if (unmet) complain(f, t(unmet[0]), unmet[1]);
    else f.problem = null;
    return Boolean(unmet);
  }

  async function saveRectified(f) {
    const v = f.view.values();
    if (invalid(f)) return undefined;
    f.saving = true;
    update(f);
    const fix = ctx.locator.fix;
    const payload = { item_id: f.id, note: v.note.trim(), photos: f.photos.map((p) => p.sha),
      ...(fix ? position(fix) : {}) };
    return commit(f, 'item.rectified', payload, payload.photos);
  }

  async function signatureSha(f) {
    const png = await f.view.pad.toPng();
    if (!png) return null;
    const { sha256Hex } = await photoMod();
    const sha = await sha256Hex(png.data);
    await db.savePhoto({ sha, mime: 'image/png', size: png.data.byteLength, width: png.width,
      height: png.height, name: 'signature.png', resized: false, originalSize: png.data.byteLength,
      createdAt: new Date().toISOString(), draft: true, signature: true }, png.data);
    return sha;
  }

  // The fix a check on site is recorded with, once the supervisor has been told it is
  // farther than the server allows (same setting) and still wants it saved; else null.
  async function onSite(f, form) {
    f.saving = true;
    update(f);
    const fix = ctx.locator.fix || await ctx.locator.waitFor(Infinity, FIX_WAIT_MS);
    if (!fix) {
      fail(f, t(`${form}.needFix`), () => Boolean(ctx.locator.fix));
      return null;
    }
    const d = distanceTo(itemOf(f.id), fix);
    if (d != null && d > maxM()
      && !(await ctx.shell.confirm(t(`${form}.farConfirm`, { d: distance(d), max: maxM() })))) {
      f.saving = false;
      update(f);
      return null;
    }
    return fix;
  }

  async function saveRecheck(f) {
    const v = f.view.values();
    if (invalid(f)) return undefined;
    const fix = await onSite(f, 'recheck');
    if (!fix) return undefined;
    const payload = { item_id: f.id, result: v.result, photos: f.photos.map((p) => p.sha),
      ...position(fix) };
    if (v.note.trim()) payload.note = v.note.trim();
    return commit(f, 'item.recheck', payload, payload.photos);
  }

  async function saveVerify(f, decision) {
    const v = f.view.values();
    if (invalid(f, decision)) return undefined;
    const fix = await onSite(f, 'verify');
    if (!fix) return undefined;
    let signature;
    try {
      signature = await signatureSha(f);
    } catch {
      return fail(f, t('errors.storage'));
    }
    const payload = { item_id: f.id, decision, satisfaction: v.satisfaction,
      photos: f.photos.map((p) => p.sha), ...position(fix) };
    if (v.note.trim()) payload.note = v.note.trim();
    if (v.resident.trim()) payload.resident_name = v.resident.trim();
    if (signature) payload.signature = signature;
    return commit(f, 'item.verify', payload, [...payload.photos, ...(signature ? [signature] : [])]);
  }

  function makeView(kind, actions) {
    if (kind === 'rectify') return createRectifyForm(actions);
    if (kind === 'verify') return createVerifyForm(actions);
    return createRecheckForm(actions, createPhotoPicker({ prefix: 'recheck',
      legend: t('recheck.photos', { max: MAX_PHOTOS }), onFiles: actions.onFiles,
      onRemove: actions.onRemove }));
  }

  const saves = { rectify: saveRectified, verify: saveVerify, recheck: saveRecheck };
  const form = (kind, id) => kit.form(kind, id, (actions) => makeView(kind, actions), saves[kind]);

  return {
    // The form element for an item, brought up to date (photos, position, distance).
    view(kind, id) {
      const f = form(kind, id);
      update(f);
      return f.view.el;
    },
    isDirty: kit.isDirty,
    reset: kit.reset,
  };
}
