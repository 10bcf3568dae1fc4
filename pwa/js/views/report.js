// report.js — 上报问题: area, category as large chips, a plain textarea (the
// phone's voice keyboard works there), urgent toggle, photos from camera and
// gallery (a HEIC one as a tile saying why it is neither shown nor reduced), the
// GPS fix with its accuracy, the offer to wait for a better one only when the fix
// is not good enough for the chosen area (capture/geo.js goodEnoughM), and a
// warning when it is poor. Each validation message goes as soon as its field is
// filled in (controllers/capture.js). The form keeps its own DOM between visits
// so nothing typed is lost when switching tabs.

import { h, replace } from './dom.js';
import { t } from '../i18n/t.js';
import { goodEnoughM } from '../capture/geo.js';
import { photoTile, heicNote } from './phototile.js';

export const MAX_PHOTOS = 9;

export function createReportView(actions) {
  let areaTouched = false;
  const area = h('select', { id: 'report-area', name: 'area', class: 'big-select',
    onchange: () => { areaTouched = true; changed(); if (gpsState) renderGps(gpsState); } });
  const chips = h('div', { class: 'chips', role: 'radiogroup', 'aria-label': t('report.category') });
  const description = h('textarea', { id: 'report-description', name: 'description', rows: 4,
    maxlength: 2000, placeholder: t('report.descriptionHint'), oninput: () => changed() });
  const urgent = h('input', { id: 'report-urgent', type: 'checkbox', name: 'urgent',
    onchange: () => changed() });
  const fileInput = (id, camera) => h('input', { id, type: 'file', accept: 'image/*',
    capture: camera ? 'environment' : null, multiple: !camera, class: 'file-input',
    onchange: (e) => { const files = [...e.target.files]; e.target.value = ''; actions.onFiles(files); } });
  const photoGrid = h('ul', { class: 'photos', 'aria-live': 'polite' });
  const photoNote = h('p', { class: 'muted' });
  const heic = h('p', { class: 'muted heic-note', id: 'report-heic-note', hidden: true });
  const gpsText = h('p', { class: 'gps-text', id: 'gps-text' });
  const gpsWarn = h('p', { class: 'warn', role: 'alert', hidden: true });
  const gpsWait = h('button', { type: 'button', class: 'btn', id: 'gps-wait',
    onclick: () => actions.onWaitFix() }, t('report.gpsWait'));
  const error = h('p', { class: 'error', id: 'report-error', role: 'alert' });
  const save = h('button', { type: 'submit', class: 'btn primary big', id: 'report-save' },
    t('report.save'));
  const clear = h('button', { type: 'button', class: 'btn ghost', onclick: () => actions.onClear() },
    t('report.clear'));
  let photos = [];
  let categoriesKey = '';
  let areasKey = '';
  let radii = new Map(); // area id -> radius_m
  let gpsState = null;

  const form = h('form', { class: 'report-form', novalidate: true, onsubmit: (e) => {
    e.preventDefault();
    error.textContent = '';
    actions.onSave(values());
  } },
  h('label', { for: 'report-area' }, t('report.area')), area,
  h('fieldset', { class: 'field' }, h('legend', {}, t('report.category')), chips),
  h('label', { for: 'report-description' }, t('report.description')), description,
  h('label', { class: 'switch', for: 'report-urgent' }, urgent,
    h('span', { class: 'switch-label' }, t('report.urgent'))),
  h('fieldset', { class: 'field' }, h('legend', {}, t('report.photos', { max: MAX_PHOTOS })),
    h('div', { class: 'row' },
      h('label', { class: 'btn file', for: 'photo-camera' }, t('report.camera'),
        fileInput('photo-camera', true)),
      h('label', { class: 'btn file', for: 'photo-gallery' }, t('report.gallery'),
        fileInput('photo-gallery', false))),
    photoNote, photoGrid, heic),
  h('fieldset', { class: 'field gps' }, h('legend', {}, t('report.gps')), gpsText, gpsWarn, gpsWait),
  error, h('div', { class: 'row' }, clear, save));
  const el = h('section', { class: 'screen report' }, form);

  function values() {
    const checked = chips.querySelector('input:checked');
    return { areaId: area.value ? Number(area.value) : null, category: checked?.value || '',
      description: description.value, urgent: urgent.checked, photos: photos.map((p) => p.sha) };
  }
  function changed() { actions.onDraft(values()); }

  function renderChoices(me) {
    const cats = me.categories || [];
    const key = cats.map((c) => c.code).join();
    if (key !== categoriesKey) {
      const current = values().category;
      categoriesKey = key;
      replace(chips, cats.map((c) => h('label', { class: 'chip-choice' },
        h('input', { type: 'radio', name: 'category', value: c.code, checked: c.code === current,
          onchange: () => changed() }),
        h('span', {}, c.name))));
    }
    const areas = (me.areas || []).filter((a) => a.kind !== 'township');
    const aKey = areas.map((a) => a.id).join();
    if (aKey !== areasKey) {
      const current = area.value;
      areasKey = aKey;
      radii = new Map(areas.map((a) => [String(a.id), a.radius_m]));
      replace(area, h('option', { value: '' }, t('report.chooseArea')),
        areas.map((a) => h('option', { value: a.id }, `${a.name}（${t(`kinds.${a.kind}`)}）`)));
      area.value = current;
    }
  }

  function renderGps(s) {
    gpsState = s;
    const { fix, geoError, waitingFix } = s;
    const goodM = goodEnoughM(radii.get(area.value));
    const poorM = Math.max(s.poorM ?? goodM, goodM);
    if (fix) gpsText.textContent = t('report.gpsAccuracy', { m: Math.round(fix.accuracy) });
    else if (geoError === 'denied') gpsText.textContent = t('report.gpsDenied');
    else if (geoError) gpsText.textContent = t('report.gpsUnavailable');
    else gpsText.textContent = t('report.gpsWaiting');
    const poor = fix && fix.accuracy > poorM;
    gpsWarn.hidden = !poor;
    gpsWarn.textContent = poor ? t('report.gpsPoor', { m: Math.round(fix.accuracy) }) : '';
    gpsWait.hidden = !fix || fix.accuracy <= goodM;
    gpsWait.disabled = Boolean(waitingFix);
    gpsWait.textContent = waitingFix ? t('report.gpsWaitingBetter') : t('report.gpsWait');
  }

  function renderPhotos(list, processing) {
    photos = list;
    photoNote.textContent = processing ? t('report.processing')
      : (list.length ? t('report.photoCount', { n: list.length }) : '');
    replace(photoGrid, list.map((p) => photoTile(p, () => actions.onRemovePhoto(p.sha),
      { unchanged: true })));
    heicNote(heic, list);
  }

  return {
    el,
    update(state) {
      if (state.me) renderChoices(state.me);
      if (!areaTouched && !area.value && state.suggestedArea) area.value = String(state.suggestedArea);
      renderGps(state);
      renderPhotos(state.photos || [], state.processing);
      save.disabled = Boolean(state.saving || state.processing);
      save.textContent = state.saving ? t('report.saving') : t('report.save');
    },
    values,
    isDirty() {
      const v = values();
      return Boolean(v.description.trim() || v.category || v.urgent || v.photos.length);
    },
    setValues(draft = {}) {
      if (draft.areaId) { area.value = String(draft.areaId); areaTouched = true; }
      for (const input of chips.querySelectorAll('input')) input.checked = input.value === draft.category;
      description.value = draft.description || '';
      urgent.checked = Boolean(draft.urgent);
    },
    selectArea(id) { area.value = id ? String(id) : ''; areaTouched = true; changed(); },
    reset() {
      areaTouched = false;
      this.setValues({ areaId: values().areaId });
      error.textContent = '';
    },
    showError(message) { error.textContent = message; },
  };
}
