// login.js — the login screen, and the same form in "expired" mode after a 401:
// then the username is fixed and the cadre is told nothing queued is lost.

import { h } from './dom.js';
import { t } from '../i18n/t.js';

export function createLoginView({ onSubmit, onLater }) {
  const username = h('input', { id: 'login-username', name: 'username', autocomplete: 'username',
    autocapitalize: 'off', spellcheck: 'false', required: true });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password',
    autocomplete: 'current-password', required: true });
  const heading = h('h2', {}, t('login.title'));
  const hint = h('p', { class: 'hint' });
  const error = h('p', { class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn primary big' }, t('login.submit'));
  const later = h('button', { type: 'button', class: 'btn ghost', hidden: true,
    onclick: () => onLater() }, t('login.later'));
  const form = h('form', { class: 'card login', novalidate: true, onsubmit: (e) => {
    e.preventDefault();
    const u = username.value.trim();
    if (!u || !password.value) { error.textContent = t('login.empty'); return; }
    onSubmit(u, password.value);
  } },
  heading, hint,
  h('label', { for: 'login-username' }, t('login.username')), username,
  h('label', { for: 'login-password' }, t('login.password')), password,
  error, submit, later);
  const el = h('section', { class: 'screen login-screen' },
    h('div', { class: 'brand' }, h('img', { src: '/icons/icon.svg', alt: '', width: 72, height: 72 }),
      h('p', { class: 'brand-name' }, t('app.fullName'))), form);

  return {
    el,
    update({ expired = false, fixedUser = '', busy = false, message = '', online = true }) {
      heading.textContent = expired ? t('login.expiredTitle') : t('login.title');
      hint.textContent = expired ? t('login.expiredHint') : (online ? '' : t('login.needOnline'));
      if (fixedUser) username.value = fixedUser;
      username.readOnly = Boolean(fixedUser);
      error.textContent = message;
      later.hidden = !expired;
      submit.disabled = busy;
      submit.textContent = busy ? t('login.busy') : t('login.submit');
      if (!busy) password.value = message ? '' : password.value;
    },
    focus() { (username.value ? password : username).focus(); },
  };
}
