// map.js — 问题地图: items as dots coloured by status and areas as circles (red: past
// the 丈量 rotation this week), drawn in SVG on the local projection of lib/project.js
// (WGS-84 as stored). Without tiles it
// still shows where items lie against the areas; with a tile template configured, the
// tiles go underneath (and points are shifted to GCJ-02 first when the tiles need it).
// Drag to pan, wheel or buttons to zoom, click a dot for its card.

import { h, s, replace } from './dom.js';
import { t, nameOf } from '../i18n/t.js';
import { statusChip } from './parts.js';
import { shorten, metres } from '../lib/format.js';
import { projection, bounds, fit, toScreen, fromScreen, tilesFor, tileUrl, scaleBar } from '../lib/project.js';
import { wgs84ToGcj02 } from '../lib/gcj02.js';
import { STATUSES } from './filters.js';

export function createMapView({ config, ref }) {
  const tiles = (config && config.tiles) || [];
  const gTiles = s('g', { class: 'tiles' });
  const gAreas = s('g', { class: 'areas' });
  const gItems = s('g', { class: 'items' });
  const gScale = s('g', { class: 'scale' });
  const gMoving = s('g', { class: 'moving' }, gTiles, gAreas, gItems); // shifted while dragging
  const svg = s('svg', { class: 'map-svg', id: 'map-svg', role: 'img', 'aria-label': t('map.label') },
    gMoving, gScale);
  const popup = h('div', { class: 'map-popup panel', hidden: true, id: 'map-popup' });
  const legend = h('div', { class: 'legend', id: 'map-legend' });
  const note = h('p', { class: 'muted', id: 'map-note' });
  const btn = (label, fn, id) => h('button', { type: 'button', class: 'btn small', id, onclick: fn }, label);
  const stage = h('div', { class: 'map-stage' }, svg, popup,
    h('div', { class: 'map-tools' }, btn('+', () => zoom(1.6), 'map-zoom-in'), btn('−', () => zoom(1 / 1.6), 'map-zoom-out'),
      btn(t('map.fit'), () => { view = null; draw(); }, 'map-fit')),
    h('p', { class: 'attribution' }, tiles.length ? config.attribution || '' : t('map.noTiles')));
  const el = h('div', { class: 'map-wrap' }, h('div', { class: 'map-side' }, note, legend), stage);

  let proj = null;
  let view = null;
  let items = [];
  let areas = [];
  let focusId = null;
  const hidden = new Set();
  const place = (lat, lon) => proj.toXY(...(config && config.gcj02 ? wgs84ToGcj02(lat, lon) : [lat, lon]));
  const size = () => { const r = svg.getBoundingClientRect(); return [r.width || 900, r.height || 600]; };

  function setData(data) {
    const located = (x) => x.lat !== null && x.lat !== undefined && x.lon !== null && x.lon !== undefined;
    const placed = data.areas.filter(located);
    const anchor = placed.length ? placed : data.items.filter(located);
    const lat0 = anchor.length ? anchor.reduce((a, x) => a + x.lat, 0) / anchor.length : 34.4;
    const lon0 = anchor.length ? anchor.reduce((a, x) => a + x.lon, 0) / anchor.length : 113.7;
    proj = projection(lat0, lon0);
    const overdue = data.overdue || new Set();
    areas = placed.map((a) => ({ ...a, xy: place(a.lat, a.lon), overdue: overdue.has(a.id) }));
    items = data.items.filter(located).map((it) => ({ ...it, xy: place(it.lat, it.lon) }));
    focusId = data.focusId || null;
    view = null;
    const counts = {};
    for (const it of items) counts[it.status] = (counts[it.status] || 0) + 1;
    replace(note, t('map.shown', { n: items.length, none: data.items.length - items.length }),
      data.capped ? h('span', { class: 'warn' }, ` ${t('map.capped', { n: data.items.length })}`) : '');
    replace(legend, h('h3', {}, t('map.legend')), STATUSES.filter((st) => counts[st]).map((st) => h('label',
      { class: 'check legend-row' }, h('input', { type: 'checkbox', checked: !hidden.has(st), dataset: { status: st },
        onchange: (e) => { if (e.target.checked) hidden.delete(st); else hidden.add(st); draw(); } }),
      s('svg', { width: 14, height: 14, 'aria-hidden': 'true' }, s('circle', { cx: 7, cy: 7, r: 6, class: `dot st-${st}` })),
      ` ${nameOf('status', st)} `, h('span', { class: 'count' }, String(counts[st])))),
    h('p', { class: 'legend-row' }, s('svg', { width: 14, height: 14, 'aria-hidden': 'true' },
      s('circle', { cx: 7, cy: 7, r: 6, class: 'area' })), ` ${t('map.areas')}`),
    areas.some((a) => a.overdue) ? h('p', { class: 'legend-row', id: 'map-overdue' },
      s('svg', { width: 14, height: 14, 'aria-hidden': 'true' }, s('circle', { cx: 7, cy: 7, r: 6, class: 'area overdue' })),
      ` ${t('map.overdue')} `, h('span', { class: 'count' }, String(areas.filter((a) => a.overdue).length))) : null);
    draw();
  }

  function initialView(W, H) {
    const focus = items.find((it) => it.id === focusId);
    if (focus) return { cx: focus.xy[0], cy: focus.xy[1], scale: 0.5 };
    const towns = areas.filter((a) => a.kind === 'township');
    return fit(bounds([...(towns.length ? towns : areas).map((a) => [...a.xy, a.radius_m || 0]),
      ...items.map((it) => it.xy)]), W, H);
  }

  function draw() {
    if (!proj) return;
    const [W, H] = size();
    if (!view) view = initialView(W, H);
    svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    const at = (xy) => toScreen(view, W, H, xy[0], xy[1]);
    replace(gTiles, tiles.length ? tilesFor(proj, view, W, H).flatMap((tile) => tiles.map((tpl) => s('image', {
      href: tileUrl(tpl, tile, config.subdomains), x: tile.sx, y: tile.sy, width: tile.w, height: tile.h,
      preserveAspectRatio: 'none', class: 'tile' }))) : []);
    replace(gAreas, areas.map((a) => {
      const [x, y] = at(a.xy);
      const r = Math.max(3, (a.radius_m || 0) * view.scale);
      const label = a.kind === 'township' || r > 40;
      return s('g', { class: `area-g kind-${a.kind}${a.overdue ? ' overdue' : ''}`, dataset: { area: String(a.id) } },
        s('circle', { cx: x, cy: y, r, class: `area kind-${a.kind}${a.overdue ? ' overdue' : ''}` },
          s('title', {}, a.overdue ? `${a.name}（${t('map.overdue')}）` : a.name)),
        label ? s('text', { x, y: a.kind === 'township' ? y - r - 4 : y - r - 2, class: 'area-label',
          'text-anchor': 'middle' }, a.name) : null);
    }));
    replace(gItems, items.filter((it) => !hidden.has(it.status) || it.id === focusId).map((it) => {
      const [x, y] = at(it.xy);
      return s('circle', { cx: x, cy: y, r: it.id === focusId ? 8 : 5,
        class: `dot st-${it.status}${it.id === focusId ? ' focus' : ''}`, dataset: { id: String(it.id) } },
      s('title', {}, `#${it.id} ${shorten(it.description, 40)}`));
    }));
    const len = scaleBar(view.scale);
    const px = len * view.scale;
    replace(gScale, s('line', { x1: 16, y1: H - 20, x2: 16 + px, y2: H - 20, class: 'scale-line' }),
      s('text', { x: 16, y: H - 26, class: 'scale-text' }, metres(len)));
    if (!popup.hidden && popup.dataset.id) showPopup(Number(popup.dataset.id));
  }

  function showPopup(id) {
    const it = items.find((x) => x.id === id);
    if (!it) { popup.hidden = true; return; }
    const [W, H] = size();
    const [x, y] = toScreen(view, W, H, ...it.xy);
    popup.dataset.id = String(id);
    replace(popup, h('p', {}, h('strong', {}, `#${it.id} `), statusChip(it.status)),
      h('p', { class: 'desc-text' }, shorten(it.description, 80)),
      h('p', { class: 'muted small' }, [it.area_name, ref.categoryNames.get(it.category), it.unit_name, it.deadline]
        .filter(Boolean).join(' · ')),
      h('a', { href: `#/item/${it.id}`, class: 'btn small' }, t('map.open')));
    popup.style.left = `${Math.min(Math.max(0, x + 10), W - 260)}px`;
    popup.style.top = `${Math.min(Math.max(0, y + 10), H - 120)}px`;
    popup.hidden = false;
  }

  function zoom(factor, sx, sy) {
    if (!view) return;
    const [W, H] = size();
    const [px, py] = sx === undefined ? [W / 2, H / 2] : [sx, sy];
    const [mx, my] = fromScreen(view, W, H, px, py);
    view.scale = Math.min(20, Math.max(0.002, view.scale * factor));
    const [nx, ny] = fromScreen(view, W, H, px, py);
    view.cx += mx - nx;
    view.cy += my - ny;
    draw();
  }

  let drag = null;
  svg.addEventListener('pointerdown', (e) => {
    drag = { x: e.clientX, y: e.clientY, cx: view && view.cx, cy: view && view.cy, moved: false };
    svg.setPointerCapture(e.pointerId);
  });
  svg.addEventListener('pointermove', (e) => {
    if (!drag || !view) return;
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 4) drag.moved = true;
    if (!drag.moved) return;
    // a drag moves what is drawn; the redraw (tiles, labels) waits for the release
    gMoving.setAttribute('transform', `translate(${dx} ${dy})`);
    popup.hidden = true;
  });
  svg.addEventListener('pointerup', (e) => {
    const moved = drag && drag.moved;
    if (moved) {
      view.cx = drag.cx - (e.clientX - drag.x) / view.scale;
      view.cy = drag.cy - (e.clientY - drag.y) / view.scale;
      gMoving.removeAttribute('transform');
      drag = null;
      draw();
      return;
    }
    drag = null;
    const hit = document.elementFromPoint(e.clientX, e.clientY);
    const dot = hit && hit.closest && hit.closest('circle.dot');
    if (dot && dot.dataset.id) showPopup(Number(dot.dataset.id));
    else popup.hidden = true;
  });
  svg.addEventListener('wheel', (e) => {
    e.preventDefault();
    const r = svg.getBoundingClientRect();
    zoom(e.deltaY < 0 ? 1.25 : 0.8, e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });
  let pending = 0;
  new ResizeObserver(() => { cancelAnimationFrame(pending); pending = requestAnimationFrame(draw); }).observe(svg);

  return { el, setData, setProgress: (text) => replace(note, text), showPopup };
}
