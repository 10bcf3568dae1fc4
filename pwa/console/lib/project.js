// project.js — the console map's geometry, pure: a local equirectangular projection
// around the county (metres east/south of a centre, good to well under 1% over a
// county), the fit of a set of points, and the XYZ (Web Mercator) tiles that cover a
// view, each placed by projecting its own corners, so tiles and dots share one frame.

const M_PER_DEG = 111320;

const MAX_TILES = 80;

export function projection(lat0, lon0) {
  const k = Math.cos(lat0 * Math.PI / 180);
  return {
    lat0, lon0,
    toXY: (lat, lon) => [(lon - lon0) * k * M_PER_DEG, (lat0 - lat) * M_PER_DEG],
    toLatLon: (x, y) => [lat0 - y / M_PER_DEG, lon0 + x / (k * M_PER_DEG)],
  };
}

// Bounds {minX, minY, maxX, maxY} of points [x, y, r?] (r: a radius around the point).
export function bounds(points) {
  const b = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const [x, y, r = 0] of points) {
    b.minX = Math.min(b.minX, x - r); b.maxX = Math.max(b.maxX, x + r);
    b.minY = Math.min(b.minY, y - r); b.maxY = Math.max(b.maxY, y + r);
  }
  return Number.isFinite(b.minX) ? b : { minX: -5000, minY: -5000, maxX: 5000, maxY: 5000 };
}

// The view {cx, cy, scale (px per metre)} showing the bounds in a width x height box.
export function fit(b, width, height, margin = 24) {
  const w = Math.max(b.maxX - b.minX, 200);
  const hgt = Math.max(b.maxY - b.minY, 200);
  const scale = Math.min((width - 2 * margin) / w, (height - 2 * margin) / hgt);
  return { cx: (b.minX + b.maxX) / 2, cy: (b.minY + b.maxY) / 2, scale };
}

export const toScreen = (view, width, height, x, y) => [
  (x - view.cx) * view.scale + width / 2, (y - view.cy) * view.scale + height / 2];

export const fromScreen = (view, width, height, sx, sy) => [
  (sx - width / 2) / view.scale + view.cx, (sy - height / 2) / view.scale + view.cy];

// Web Mercator tile numbers <-> degrees.
export const lon2tile = (lon, z) => ((lon + 180) / 360) * 2 ** z;
export function lat2tile(lat, z) {
  const r = lat * Math.PI / 180;
  return ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z;
}
export const tile2lon = (x, z) => (x / 2 ** z) * 360 - 180;
export function tile2lat(y, z) {
  const n = Math.PI - (2 * Math.PI * y) / 2 ** z;
  return (180 / Math.PI) * Math.atan(0.5 * (Math.exp(n) - Math.exp(-n)));
}

// The zoom whose tiles are closest to the view's metres per pixel.
export function zoomFor(scale, lat) {
  const mpp = 1 / scale;
  const z = Math.round(Math.log2((156543.03392 * Math.cos(lat * Math.PI / 180)) / mpp));
  return Math.min(18, Math.max(1, z));
}

// Tiles covering the view: [{z, x, y, sx, sy, w, h}] in screen pixels.
export function tilesFor(proj, view, width, height) {
  const z = zoomFor(view.scale, proj.lat0);
  const [latN, lonW] = proj.toLatLon(...fromScreen(view, width, height, 0, 0));
  const [latS, lonE] = proj.toLatLon(...fromScreen(view, width, height, width, height));
  const x0 = Math.floor(lon2tile(lonW, z));
  const x1 = Math.floor(lon2tile(lonE, z));
  const y0 = Math.floor(lat2tile(latN, z));
  const y1 = Math.floor(lat2tile(latS, z));
  const out = [];
  for (let x = x0; x <= x1; x += 1) {
    for (let y = y0; y <= y1; y += 1) {
      if (out.length >= MAX_TILES) return out;
      const [ax, ay] = toScreen(view, width, height, ...proj.toXY(tile2lat(y, z), tile2lon(x, z)));
      const [bx, by] = toScreen(view, width, height, ...proj.toXY(tile2lat(y + 1, z), tile2lon(x + 1, z)));
      out.push({ z, x, y, sx: ax, sy: ay, w: bx - ax, h: by - ay });
    }
  }
  return out;
}

export function tileUrl(template, { z, x, y }, subdomains = '') {
  const s = subdomains ? subdomains[(x + y) % subdomains.length] : '';
  return template.replace('{z}', z).replace('{x}', x).replace('{y}', y).replace('{s}', s);
}

// A round scale bar length (metres) about `px` pixels long at this scale.
export function scaleBar(scale, px = 120) {
  const target = px / scale;
  const steps = [50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000];
  return steps.reduce((best, s) => (Math.abs(s - target) < Math.abs(best - target) ? s : best), steps[0]);
}

