// shell.js — the frame around every screen: title bar with the network state,
// the update banner, the bottom tab bar (large one-hand targets), toasts read out
// by screen readers, and a confirm dialog that does not block the page.

import { h, replace } from './dom.js';
import { t } from '../i18n/t.js';

export const ROUTES = ['today', 'report', 'records', 'sync'];
const ICONS = { today: '◎', report: '＋', records: '☰', sync: '⇅' };

export function createShell({ navigate, update }) {
  const net = h('span', { class: 'net', role: 'status' });
  const banner = h('button', { class: 'banner', type: 'button', hidden: true,
    onclick: () => update() }, t('app.updateReady'));
  const main = h('main', { id: 'main', tabindex: '-1' });
  const tabs = {};
  const bar = h('nav', { class: 'tabs', 'aria-label': t('app.name') },
    ROUTES.map((route) => {
      tabs[route] = h('a', { href: `#${route}`, class: 'tab', 'data-route': route,
        onclick: (e) => { e.preventDefault(); navigate(route); } },
      h('span', { class: 'tab-icon', 'aria-hidden': 'true' }, ICONS[route]),
      h('span', { class: 'tab-label' }, t(`tabs.${route}`)));
      return tabs[route];
    }));
  const badge = h('span', { class: 'badge', hidden: true });
  tabs.sync.append(badge);
  const toasts = h('div', { class: 'toasts', 'aria-live': 'polite' });
  const title = h('h1', { class: 'title' }, t('app.name'));
  const el = h('div', { class: 'shell' },
    h('header', { class: 'top' }, title, net), banner, main, bar, toasts);

  return {
    el,
    main,
    setRoute(route) {
      for (const [name, tab] of Object.entries(tabs)) {
        if (name === route) tab.setAttribute('aria-current', 'page');
        else tab.removeAttribute('aria-current');
      }
      title.textContent = t(`tabs.${route}`);
    },
    setOnline(online) {
      net.textContent = online ? t('sync.online') : t('sync.offline');
      net.className = online ? 'net on' : 'net off';
    },
    setPending(n) {
      badge.hidden = !n;
      badge.textContent = n > 99 ? '99+' : String(n);
    },
    showUpdate(show) { banner.hidden = !show; },
    toast(message, kind = 'info', ms = 3500) {
      const node = h('div', { class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status' },
        message);
      toasts.append(node);
      setTimeout(() => node.remove(), ms);
    },
    confirm(message, { ok = t('app.confirm'), cancel = t('app.cancel'), danger = false } = {}) {
      return new Promise((resolve) => {
        const close = (answer) => { dialog.remove(); resolve(answer); };
        const dialog = h('div', { class: 'modal', role: 'alertdialog', 'aria-modal': 'true' },
          h('div', { class: 'modal-box' },
            h('p', { class: 'modal-text' }, message),
            h('div', { class: 'modal-actions' },
              h('button', { type: 'button', class: 'btn', onclick: () => close(false) }, cancel),
              h('button', { type: 'button', class: danger ? 'btn danger' : 'btn primary',
                'data-confirm': '1', onclick: () => close(true) }, ok))));
        el.append(dialog);
        dialog.querySelector('[data-confirm]').focus();
      });
    },
    clearMain() { replace(main); },
  };
}
