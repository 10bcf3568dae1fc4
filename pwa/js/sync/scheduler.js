// scheduler.js — decides WHEN to sync: at app start, on the `online` event, when
// the page becomes visible, on a timer (exponential backoff with jitter after a
// failure, a slow period when idle), when the service worker relays a Background
// Sync `sync` event, and on the retry button. One run at a time, also across
// tabs (Web Locks where the browser has them).

export const TAG = 'zl-outbox';

// Backoff after the n-th consecutive failure: "equal jitter" on base * 2^(n-1).
export function backoffMs(failures, { baseMs = 5000, maxMs = 10 * 60 * 1000,
  random = Math.random } = {}) {
  const cap = Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(cap / 2 + random() * (cap / 2));
}

export async function requestBackgroundSync() {
  try {
    const reg = await navigator.serviceWorker?.ready;
    if (reg && reg.sync) await reg.sync.register(TAG);
  } catch { /* not offered, or not allowed: the other triggers still work */ }
}

// `run(reason)` resolves to 'ok' | 'retry' | 'auth' | 'offline'.
export function createScheduler(run, { idleMs = 5 * 60 * 1000, onWait = () => {},
  ...backoff } = {}) {
  let timer = null;
  let running = null;
  let again = false;
  let failures = 0;
  let paused = false;
  let started = false;

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(() => trigger('timer'), ms);
    onWait(Date.now() + ms);
  }

  async function once(reason) {
    const body = () => run(reason);
    try {
      return navigator.locks ? await navigator.locks.request('zl-sync', body) : await body();
    } catch {
      return 'retry';
    }
  }

  function trigger(reason = 'manual') {
    if (paused) return Promise.resolve('auth');
    if (running) { again = true; return running; }
    clearTimeout(timer);
    running = (async () => {
      const outcome = await once(reason);
      if (outcome === 'ok') {
        failures = 0;
        schedule(idleMs);
      } else if (outcome === 'retry') {
        failures += 1;
        schedule(backoffMs(failures, backoff));
        requestBackgroundSync();
      } else if (outcome === 'auth') {
        paused = true;
      } else {
        onWait(null); // offline: the `online` event brings us back
      }
      return outcome;
    })();
    return running.finally(() => {
      running = null;
      if (again && !paused) { again = false; trigger('again'); }
    });
  }

  function onMessage(event) {
    if (event.data?.type !== 'zl-sync') return;
    const port = event.ports?.[0];
    trigger('background').then((outcome) => port?.postMessage({ ok: outcome === 'ok' }));
  }

  return {
    trigger,
    start() {
      paused = false;
      if (started) { trigger('start'); return; }
      started = true;
      addEventListener('online', () => { failures = 0; trigger('online'); });
      addEventListener('offline', () => { clearTimeout(timer); onWait(null); });
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') trigger('visible');
      });
      navigator.serviceWorker?.addEventListener('message', onMessage);
      trigger('start');
    },
    pause() { paused = true; clearTimeout(timer); },
    resume() { paused = false; failures = 0; return trigger('resume'); },
    get failures() { return failures; },
  };
}
