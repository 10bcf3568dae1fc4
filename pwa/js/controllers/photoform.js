// photoform.js — what every form with photos on a handler's or supervisor's page shares
// (提交整改, 现场验收, 周抽查复核 in closing.js; 填报进展 in projects.js): one form per
// kind and id while the app runs, its text and photos kept as a draft in IndexedDB as
// they are entered, photos prepared like a report's, a validation message shown until
// the rule it names is met, and the save: the record and its photos committed to the
// outbox before the UI says 已保存, then the form dropped so the next one starts empty.
// The owner gives `render(f)` (bring the form's view up to date) and the views.

import * as db from '../store/db.js';
import { t } from '../i18n/t.js';

const blobUrl = (data, mime) => URL.createObjectURL(new Blob([data], { type: mime }));
const outbox = () => import('../store/outbox.js');
const photoMod = () => import('../capture/photo.js');
export const draftKey = (kind, id) => `draft:${kind}:${id}`;

// kit.form(kind, id, makeView(actions), onSave(f, ...args)) -> f, the form's state:
// { kind, id, view, photos, processing, saving }.
export function createPhotoForms(ctx, { render, maxPhotos }) {
  const forms = new Map();

  // Show a validation message until `satisfied()` holds (checked on every change).
  function complain(f, message, satisfied = null) {
    f.problem = satisfied;
    f.view.showError(message);
  }

  // Drop the message as soon as the field it is about is filled in.
  function recheck(f) {
    if (f.problem && f.problem()) { f.problem = null; f.view.showError(''); }
  }

  function writeDraft(f) {
    clearTimeout(f.timer);
    f.timer = setTimeout(() => {
      db.kvSet(draftKey(f.kind, f.id), { ...f.view.values(), photos: f.photos.map((p) => p.sha) })
        .catch(() => ctx.shell.toast(t('errors.storage'), 'error'));
    }, 250);
  }

  async function restoreDraft(f) {
    const draft = await db.kvGet(draftKey(f.kind, f.id));
    if (!draft) return;
    for (const sha of draft.photos || []) {
      const kept = await db.getPhotoWithData(sha);
      if (kept && !f.photos.some((p) => p.sha === sha)) {
        f.photos.push({ ...kept.meta, url: blobUrl(kept.data, kept.meta.mime) });
      }
    }
    f.view.setValues(draft);
    render(f);
  }

  async function addFiles(f, files) {
    const room = maxPhotos - f.photos.length;
    if (files.length > room) ctx.shell.toast(t('report.tooMany', { max: maxPhotos }), 'warn');
    f.processing = true;
    render(f);
    const { preparePhoto } = await photoMod();
    for (const file of files.slice(0, Math.max(0, room))) {
      try {
        const p = await preparePhoto(file);
        const meta = await db.saveDraftPhoto(p);
        if (!f.photos.some((x) => x.sha === p.sha)) f.photos.push({ ...meta, url: blobUrl(p.data, p.mime) });
      } catch {
        ctx.shell.toast(t('errors.photoRead'), 'error');
      }
      render(f);
    }
    f.processing = false;
    writeDraft(f);
    render(f);
  }

  async function removePhoto(f, sha) {
    const gone = f.photos.find((p) => p.sha === sha);
    f.photos = f.photos.filter((p) => p.sha !== sha);
    if (gone?.url) URL.revokeObjectURL(gone.url);
    writeDraft(f);
    render(f);
    await db.updatePhoto(sha, (p) => ({ ...p, draft: false }));
    await db.deletePhotoIfUnused(sha);
  }

  function fail(f, message, satisfied = null) {
    f.saving = false;
    render(f);
    complain(f, message, satisfied);
  }

  // Save the record with its photos and drop the form: the next one starts empty.
  async function commit(f, type, payload, photos) {
    clearTimeout(f.timer);
    try {
      await (await outbox()).addMutation(type, payload, ctx.state.session.username, photos,
        draftKey(f.kind, f.id));
    } catch {
      writeDraft(f);
      fail(f, t('errors.storage'));
      return;
    }
    for (const p of f.photos) URL.revokeObjectURL(p.url);
    forms.delete(`${f.kind}:${f.id}`);
    ctx.shell.toast(navigator.onLine ? t('app.saved') : t('app.savedOffline'), 'ok');
    await ctx.afterSave();
  }

  function form(kind, id, makeView, onSave) {
    const key = `${kind}:${id}`;
    if (!forms.has(key)) {
      const f = { kind, id, photos: [], processing: false, saving: false, timer: null, problem: null };
      f.view = makeView({ onFiles: (files) => addFiles(f, files), onRemove: (sha) => removePhoto(f, sha),
        onDraft: () => { recheck(f); writeDraft(f); }, onSave: (...args) => onSave(f, ...args) });
      forms.set(key, f);
      restoreDraft(f).catch(() => {});
    }
    return forms.get(key);
  }

  return {
    form,
    complain,
    recheck,
    fail,
    commit,
    isDirty: () => [...forms.values()].some((f) => f.view.isDirty()),
    reset() {
      for (const f of forms.values()) {
        clearTimeout(f.timer);
        for (const p of f.photos) URL.revokeObjectURL(p.url);
      }
      forms.clear();
    },
  };
}
