// shell.js — the frame around every screen: title bar with the network state,
// the update banner, the bottom tab bar (large one-hand targets; the tabs follow
// the user's roles, at most five, the rest folded into 更多), toasts read out by
// screen readers, and a confirm dialog that does not block the page.

import { h, replace } from './dom.js';
import { t } from '../i18n/t.js';

const ICONS = { today: '◎', report: '＋', records: '☰', sync: '⇅', tasks: '▤', verify: '✔',
  projects: '▦', more: '⋯' };
const MAX_TABS = 5;

// The screens a user's roles open: cadre screens as before (also for a user with no
// field role), 我单位的任务 for a handler, 待验收 for a supervisor, then a handler's
// 我单位的项目 (after 待验收, so a supervisor's work stays in the first five), 同步 for all.
export function tabsFor(roles = []) {
  const has = (r) => (roles || []).includes(r);
  const field = has('handler') || has('supervisor');
  const cadre = has('cadre') || !field;
  return [...(cadre ? ['today', 'report'] : []), ...(has('handler') ? ['tasks'] : []),
    ...(has('supervisor') ? ['verify'] : []), ...(has('handler') ? ['projects'] : []),
    ...(cadre ? ['records'] : []), 'sync'];
}

const label = (route) => {
  const short = t(`tabLabels.${route}`);
  return short === `tabLabels.${route}` ? t(`tabs.${route}`) : short;
};

export function createShell({ navigate, update }) {
  const net = h('span', { class: 'net', role: 'status' });
  const banner = h('button', { class: 'banner', type: 'button', hidden: true,
    onclick: () => update() }, t('app.updateReady'));
  const main = h('main', { id: 'main', tabindex: '-1' });
  const bar = h('nav', { class: 'tabs', 'aria-label': t('app.name') });
  const menu = h('div', { class: 'more-menu', id: 'more-menu', hidden: true });
  let tabs = {};
  let folded = [];
  let routesKey = '';
  let pending = 0;
  let current = null;
  const badges = [];

  function link(route, cls) {
    const badge = route === 'sync' ? h('span', { class: 'badge', hidden: true }) : null;
    if (badge) badges.push(badge);
    return h('a', { href: `#${route}`, class: cls, 'data-route': route,
      onclick: (e) => { e.preventDefault(); menu.hidden = true; navigate(route); } },
    h('span', { class: 'tab-icon', 'aria-hidden': 'true' }, ICONS[route]),
    h('span', { class: 'tab-label' }, label(route)), badge);
  }

  function setTabs(routes) {
    const key = routes.join();
    if (key === routesKey) return;
    routesKey = key;
    badges.length = 0;
    const shown = routes.length > MAX_TABS ? routes.slice(0, MAX_TABS - 1) : routes;
    folded = routes.slice(shown.length);
    tabs = Object.fromEntries(shown.map((r) => [r, link(r, 'tab')]));
    const more = folded.length ? h('button', { type: 'button', class: 'tab', 'data-more': '1',
      'aria-expanded': 'false', 'aria-controls': 'more-menu',
      onclick: (e) => { e.stopPropagation(); toggleMenu(); } },
    h('span', { class: 'tab-icon', 'aria-hidden': 'true' }, ICONS.more),
    h('span', { class: 'tab-label' }, t('tabs.more')),
    h('span', { class: 'badge', hidden: true })) : null;
    if (more) { badges.push(more.querySelector('.badge')); tabs.more = more; }
    replace(menu, folded.map((r) => link(r, 'more-item')));
    menu.hidden = true;
    replace(bar, Object.values(tabs), menu);
    setPending(pending);
    if (current) setRoute(current);
  }

  function toggleMenu(open = menu.hidden) {
    menu.hidden = !open;
    tabs.more?.setAttribute('aria-expanded', String(open));
  }
  document.addEventListener('click', (e) => {
    if (!menu.hidden && !menu.contains(e.target)) toggleMenu(false);
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !menu.hidden) { toggleMenu(false); tabs.more?.focus(); }
  });

  // A screen opens at its top: the window would otherwise keep the last screen's scroll.
  function setRoute(route) {
    if (route !== current && typeof scrollTo === 'function') scrollTo(0, 0);
    current = route;
    const active = folded.includes(route) ? 'more' : route;
    for (const a of bar.querySelectorAll('[data-route], [data-more]')) {
      const name = a.dataset.route || 'more';
      if (name === active || (a.dataset.route === route)) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    title.textContent = t(`tabs.${route}`);
  }

  function setPending(n) {
    pending = n;
    for (const badge of badges) {
      badge.hidden = !n;
      badge.textContent = !n ? '' : (n > 99 ? '99+' : String(n));
    }
  }
  const toasts = h('div', { class: 'toasts', 'aria-live': 'polite' });
  const title = h('h1', { class: 'title' }, t('app.name'));
  const el = h('div', { class: 'shell' },
    h('header', { class: 'top' }, title, net), banner, main, bar, toasts);

  return {
    el,
    main,
    setTabs,
    setRoute,
    setOnline(online) {
      net.textContent = online ? t('sync.online') : t('sync.offline');
      net.className = online ? 'net on' : 'net off';
    },
    setPending,
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
