// spotlist.js — 待抽查, the supervisor's part of the 待验收 screen for 周抽查: the closed
// items drawn for a week's spot check that still wait for their re-check on site (the
// pulled items whose `spot_check` is set). Those given to this supervisor come first,
// nearest first once the phone has a fix (longest closed first without one), with their
// count in the heading; those given to other supervisors are folded below, since any
// supervisor may re-check one found on the way. It sits on the 待验收 screen rather than
// a tab of its own: a supervisor in a village sees everything to check there in one place,
// and the tab bar keeps its five places. (Imports core modules only.)

import { h } from './dom.js';
import { t } from '../i18n/t.js';
import { dateTime } from '../util/basics.js';
import { distanceTo, itemCard, spotWeek } from './itemparts.js';

// The closed items waiting for a re-check.
export const sampled = (items) => [...items.values()]
  .filter((i) => i.status === 'closed' && i.spot_check);

function order(list, fix) {
  const far = (i) => distanceTo(i, fix) ?? Infinity;
  return list.sort(fix ? (a, b) => far(a) - far(b) || a.id - b.id
    : (a, b) => String(a.closed_at).localeCompare(String(b.closed_at)) || a.id - b.id);
}

function spotLines(item, mine) {
  const sc = item.spot_check;
  const who = sc.supervisor_id == null ? t('recheck.givenToNobody')
    : t('recheck.givenTo', { name: sc.supervisor_name || '' });
  return [h('p', { class: 'spot-week' }, mine ? spotWeek(sc.week) : `${spotWeek(sc.week)} · ${who}`),
    item.closed_at ? h('p', { class: 'muted' }, t('recheck.closedAt', { time: dateTime(item.closed_at) }))
      : null];
}

// The section's nodes; `open` keeps the fold as the supervisor left it across renders.
export function spotSection({ me, items, fix, maxM, today, categories, latest, onOpen, open }) {
  const all = sampled(items);
  const meId = me?.user?.id;
  const mine = order(all.filter((i) => i.spot_check.supervisor_id === meId), fix);
  const others = order(all.filter((i) => i.spot_check.supervisor_id !== meId), fix);
  const opts = { today, fix, maxM, categories, onOpen, showDistance: true, farKey: 'recheck.farShort' };
  const card = (i, own) => itemCard(i, { ...opts, record: latest.get(i.id),
    extra: spotLines(i, own) });
  return [
    h('h2', { class: 'section', id: 'spot-title', 'data-count': mine.length },
      all.length ? t('recheck.listTitle', { n: mine.length }) : t('recheck.listTitlePlain')),
    !all.length ? h('p', { class: 'empty spot-empty' }, t('recheck.empty'))
      : (!mine.length ? h('p', { class: 'muted spot-empty' }, t('recheck.noneMine')) : null),
    mine.length ? h('ul', { class: 'list spot-mine' }, mine.map((i) => card(i, true))) : null,
    others.length ? h('details', { class: 'others spot-others', open },
      h('summary', { class: 'section' }, t('recheck.others', { n: others.length })),
      h('ul', { class: 'list' }, others.map((i) => card(i, false)))) : null,
  ];
}
