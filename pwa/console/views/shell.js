// shell.js — the console's frame: title bar, the screens this user may open, who is
// logged in, the main area and the toasts. Built once after login.

import { h, replace } from './dom.js';
import { t, nameOf } from '../i18n/t.js';

// A screen is named in nav, or (a screen whose texts are one block of their own) by its title.
const navLabel = (screen) => (nameOf('nav', screen) === screen ? t(`${screen}.title`) : nameOf('nav', screen));

export function createShell({ onLogout }) {
  const nav = h('nav', { class: 'nav', 'aria-label': t('app.name') });
  const who = h('span', { class: 'who' });
  const main = h('main', { id: 'main', tabindex: '-1' });
  const toasts = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite' });
  const el = h('div', { class: 'shell' },
    h('header', { class: 'top' },
      h('h1', { class: 'brand' }, t('app.name')), nav,
      h('div', { class: 'user' }, who,
        h('button', { type: 'button', class: 'btn ghost small', id: 'logout', onclick: onLogout },
          t('app.logout')))),
    main, toasts);

  return {
    el, main,
    setUser(user, screens) {
      const roles = (user.roles || []).map((r) => t(`roles.${r}`)).join('、');
      replace(who, h('strong', {}, user.name || user.username), ` · ${roles}`);
      replace(nav, screens.map((s) => h('a', { href: `#/${s}`, dataset: { screen: s } }, navLabel(s))));
    },
    setScreen(screen) {
      for (const a of nav.querySelectorAll('a')) {
        if (a.dataset.screen === screen) a.setAttribute('aria-current', 'page');
        else a.removeAttribute('aria-current');
      }
    },
    toast(text, kind = 'ok') {
      const node = h('p', { class: `toast ${kind}` }, text);
      toasts.append(node);
      setTimeout(() => node.remove(), kind === 'error' ? 9000 : 5000);
    },
  };
}

export function noAccessView({ onLogout }) {
  return h('section', { class: 'panel narrow' },
    h('p', {}, t('app.noAccess')),
    h('p', { class: 'row' }, h('a', { class: 'btn', href: '/' }, t('app.fieldApp')),
      h('button', { type: 'button', class: 'btn ghost', onclick: onLogout }, t('app.logout'))));
}

export function loadingView(text = t('app.loading')) {
  return h('p', { class: 'loading', 'aria-busy': 'true' }, text);
}

export function errorView(text, onRetry) {
  return h('div', { class: 'panel error-box', role: 'alert' }, h('p', { class: 'error' }, text),
    onRetry ? h('button', { type: 'button', class: 'btn', onclick: onRetry }, t('app.refresh')) : null);
}
