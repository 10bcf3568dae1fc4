// geo.js — the phone's position for check-ins and reports: a running watch that
// keeps the best recent fix, its accuracy, and a way to wait for a better one.
//
// How good is good enough (the report form offers 等待更精确定位 only above it):
// ±30 m, or the report's area radius when that is larger — a fix that places the
// problem inside its area is enough — but never more than POOR_ACCURACY_M, where
// the form warns that the fix is poor: a warning always comes with the offer to
// wait. So ±12 m never asks for more; in the demo's areas (radius 250–1000 m) the
// offer appears with the warning, above ±50 m; with no area chosen, above ±30 m.
//
// A check-in is judged here as the server judges it on arrival (sync/duty.py
// counts_as_out, the one JS copy, tested against it): out (到岗) only at one of the
// cadre's own areas, inside the radius widened by the fix's accuracy.

import { haversineM } from '../util/basics.js';

export const POOR_ACCURACY_M = 50;
export const GOOD_ACCURACY_M = 30;

// The accuracy (metres) a report's fix needs, given its area's radius (if known).
export function goodEnoughM(radiusM) {
  return Math.min(POOR_ACCURACY_M, Math.max(GOOD_ACCURACY_M, Number(radiusM) || 0));
}
const STALE_MS = 30000;

// sync.duty.counts_as_out: inside the radius widened by the accuracy; unknown distance
// or radius cannot be judged and does not count.
export function countsAsOut(distanceM, radiusM, accuracyM) {
  if (distanceM == null || radiusM == null) return false;
  return distanceM <= radiusM + Math.max(0, Number(accuracyM) || 0);
}

// What a check-in's payload ({area_id, lat, lon, accuracy_m}) means at `area` (as /me
// lists it): the distance to the centre (0.1 m, as the server rounds it), whether the
// area is the cadre's own, whether it counts as out, and whether the fix is poorer
// than the area is wide.
export function judgeCheckIn(area, payload) {
  const radius = area?.radius_m ?? null;
  const accuracy = payload?.accuracy_m ?? null;
  const known = area?.lat != null && area?.lon != null && payload?.lat != null && payload?.lon != null;
  const distanceM = known ? Math.round(haversineM(area.lat, area.lon, payload.lat, payload.lon) * 10) / 10
    : null;
  const assigned = Boolean(area?.assigned);
  return { distanceM, accuracyM: accuracy, assigned, radiusM: radius,
    counts: assigned && countsAsOut(distanceM, radius, accuracy),
    outside: distanceM != null && radius != null && !countsAsOut(distanceM, radius, accuracy),
    poorFix: radius != null && accuracy != null && accuracy > radius };
}

const ERRORS = { 1: 'denied', 2: 'unavailable', 3: 'timeout' };

export function createLocator(onChange = () => {}) {
  let watchId = null;
  let fix = null;
  let error = null;
  const waiters = new Set();

  function accept(pos) {
    const next = { lat: pos.coords.latitude, lon: pos.coords.longitude,
      accuracy: pos.coords.accuracy, at: Date.now() };
    // A worse reading replaces a better one only once the better one is stale.
    if (!fix || next.accuracy <= fix.accuracy || next.at - fix.at > STALE_MS) fix = next;
    error = null;
    for (const w of waiters) w();
    onChange(fix, error);
  }

  function fail(err) {
    error = ERRORS[err.code] || 'unavailable';
    onChange(fix, error);
    if (error === 'denied') watchPermission();
  }

  // Allowed later in the settings: start again without waiting for 重试.
  let watching = false;
  function watchPermission() {
    if (watching || !navigator.permissions?.query) return;
    watching = true;
    navigator.permissions.query({ name: 'geolocation' }).then((status) => {
      status.addEventListener('change', () => {
        if (status.state !== 'denied' && error === 'denied') locator.retry();
      });
    }).catch(() => {});
  }

  const locator = {
    start() {
      if (watchId !== null) return;
      if (!('geolocation' in navigator)) { error = 'unavailable'; onChange(fix, error); return; }
      watchId = navigator.geolocation.watchPosition(accept, fail,
        { enableHighAccuracy: true, maximumAge: 5000, timeout: 60000 });
    },
    stop() {
      if (watchId !== null) navigator.geolocation.clearWatch(watchId);
      watchId = null;
    },
    // 重试: a denied or failed watch is dead; ask again from the start.
    retry() {
      this.stop();
      error = null;
      onChange(fix, error);
      this.start();
    },
    get fix() { return fix; },
    get error() { return error; },
    // Resolve with a fix meeting `accuracy` metres (or the best one at the deadline).
    waitFor(accuracy = Infinity, timeoutMs = 30000) {
      this.start();
      if (fix && fix.accuracy <= accuracy && Date.now() - fix.at < STALE_MS) {
        return Promise.resolve(fix);
      }
      return new Promise((resolve) => {
        const check = () => {
          if (fix && fix.accuracy <= accuracy) finish();
        };
        const finish = () => { waiters.delete(check); clearTimeout(timer); resolve(fix); };
        const timer = setTimeout(finish, timeoutMs);
        waiters.add(check);
      });
    },
  };
  return locator;
}
