// spot-history.js — an item's 周抽查 on its page: each time it was drawn, who was to
// re-check it, the result (待复核 / 合格 / 不合格（反弹）), when, by whom, how far from
// the item, the note, and the photos taken on the re-checks (抽查照片).

import { h } from './dom.js';
import { t } from '../i18n/t.js';
import { definitionList, photoStrip } from './parts.js';
import { dateTime, metres } from '../lib/format.js';
import { resultChip, weekText } from './spot.js';

function entry(e) {
  return h('li', { class: 'card spot-entry', dataset: { id: String(e.id), result: e.result || 'pending' } },
    definitionList([
      [t('spot.week'), e.week ? weekText(e.week) : null],
      [t('spot.cols.supervisor'), e.supervisor_name || t('spot.item.unassigned')],
      [t('spot.cols.result'), resultChip(e.result)],
      [t('spot.cols.at'), dateTime(e.rechecked_at)],
      [t('spot.item.byLabel'), e.rechecked_by_name],
      [t('spot.cols.distance'), metres(e.distance_m)],
      [t('item.note'), e.note],
    ]));
}

/** The item's spot-check history, or nothing when it was never drawn. */
export function spotHistory(it, p) {
  const entries = it.spot_checks || [];
  if (!entries.length) return null;
  const shots = (it.photos || []).filter((ph) => ph.kind === 'recheck').map((ph) => ph.sha256);
  return h('section', { class: 'panel', id: 'spot-history' }, h('h3', {}, t('spot.item.title')),
    h('ol', { class: 'spot-entries' }, entries.map(entry)),
    shots.length ? [h('h4', {}, t('spot.item.photos')),
      photoStrip(shots, { loadPhoto: p.loadPhoto, onOpen: p.onPhoto, label: t('spot.item.photos') })] : null);
}
