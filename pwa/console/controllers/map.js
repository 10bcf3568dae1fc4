// controllers/map.js — 问题地图: loads every item matching the filters (open ones by
// default), page by page, plus the item to focus on when the address names one, and
// hands them with the areas to the map view, the areas past the 丈量 rotation marked.

import { createMapView } from '../views/map.js';
import { filterForm, SPEC } from '../views/filters.js';
import { h } from '../views/dom.js';
import { read, build } from '../lib/route.js';
import { isoWeek } from '../lib/format.js';

const OPEN = ['new', 'assigned', 'rectified', 'long_term'];

export async function show(ctx, r) {
  const render = ctx.renderer();
  const filters = read(r.params, SPEC);
  const focusId = Number.parseInt(r.params.get('focus') || '', 10) || null;
  if (!filters.status) filters.status = OPEN;
  const view = createMapView({ config: ctx.config.map || {}, ref: ctx.ref });
  const form = filterForm({ filters, ref: ctx.ref, compact: true,
    onSearch: (values) => ctx.go(build('map', '', values)), onReset: () => ctx.go('#/map') });
  render(h('section', { class: 'map-screen' }, h('div', { class: 'screen-head' }, h('h2', {}, ctx.t('map.title'))),
    form, view.el));
  const query = { ...filters };
  delete query.page;
  delete query.per_page;
  // areas past the 丈量 rotation are marked; the map works without them
  const overdue = ctx.api.dutyReport({ week: isoWeek(ctx.today()) }).then(
    (rep) => new Set(rep.areas.filter((a) => a.overdue_rotation).map((a) => a.area_id)), () => new Set());
  const { items, total } = await ctx.api.allItems(query, {
    onPage: (n, all) => view.setProgress(ctx.t('map.loading', { n, total: all })) });
  if (focusId && !items.some((it) => it.id === focusId)) {
    try { items.push(await ctx.api.getItem(focusId)); } catch { /* not visible: nothing to focus */ }
  }
  view.setData({ items, areas: ctx.ref.areas, focusId, capped: total > items.length, overdue: await overdue });
  if (focusId) view.showPopup(focusId);
}
