// update.js — the service worker's life as the cadre sees it: register it once the
// first screen is usable, look for a new version (when the page shows again, when
// the network returns, every half hour), say "有新版本，点击更新" when one waits,
// and reload into it only when the cadre agrees and no form holds unsaved input.
// It also asks the worker to keep the handler's and supervisor's screens offline for
// a user holding such a role (the worker installs only the core shell).

import { t } from '../i18n/t.js';

const RETRY_MS = 60 * 1000;

export function createUpdater({ shell, isDirty, onVersion }) {
  let reg = null;
  let reloading = false;

  const offer = () => shell.showUpdate(Boolean(reg?.waiting && navigator.serviceWorker.controller));

  function apply() {
    if (isDirty()) { shell.toast(t('app.updateBlocked'), 'warn', 5000); return; }
    if (!reg?.waiting) return;
    reloading = true;
    shell.toast(t('app.updating'));
    reg.waiting.postMessage({ type: 'SKIP_WAITING' });
  }

  // Register the worker; when that fails (a first visit on a network that drops),
  // try again once the network returns or a minute later, without a reload.
  async function register() {
    if (!('serviceWorker' in navigator)) return;
    try {
      reg = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    } catch {
      const again = () => {
        removeEventListener('online', again);
        clearTimeout(timer);
        register();
      };
      const timer = setTimeout(again, RETRY_MS);
      addEventListener('online', again);
      return;
    }
    const watch = (w) => w?.addEventListener('statechange', offer);
    watch(reg.installing);
    reg.addEventListener('updatefound', () => watch(reg.installing));
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      if (reloading) location.reload();
    });
    offer();
    const check = () => reg.update().catch(() => {});
    document.addEventListener('visibilitychange', () => { if (!document.hidden) check(); });
    addEventListener('online', check);
    setInterval(check, 30 * 60 * 1000);
    const ready = await navigator.serviceWorker.ready;
    const ask = new MessageChannel();
    ask.port1.onmessage = (e) => onVersion(e.data?.version);
    ready.active?.postMessage({ type: 'VERSION' }, [ask.port2]);
  }

  // Ask every worker of this version (active, and one installing or waiting) to
  // keep the role screens; resolves with the active worker's answer.
  async function keepRoleScreens() {
    if (!('serviceWorker' in navigator)) return false;
    const ready = await navigator.serviceWorker.ready;
    const ask = (worker) => new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (e) => resolve(Boolean(e.data?.ok));
      worker.postMessage({ type: 'KEEP_ROLES' }, [channel.port2]);
    });
    for (const w of [ready.installing, ready.waiting]) if (w) ask(w);
    return ready.active ? ask(ready.active) : false;
  }

  return { register, apply, keepRoleScreens };
}
