// login.js — the console's login form (same /api/v1/auth/login as the phones).

import { h, formValues } from './dom.js';
import { t } from '../i18n/t.js';

export function loginView({ onSubmit, message = '', busy = false }) {
  const error = h('p', { class: 'error', role: 'alert' }, message);
  const submit = h('button', { type: 'submit', class: 'btn primary', disabled: busy },
    busy ? t('login.busy') : t('login.submit'));
  const form = h('form', { class: 'login panel narrow', autocomplete: 'on' },
    h('h2', {}, t('login.title')),
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('login.username')),
      h('input', { id: 'login-username', name: 'username', autocomplete: 'username', required: true })),
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('login.password')),
      h('input', { id: 'login-password', name: 'password', type: 'password',
        autocomplete: 'current-password', required: true })),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'remember', id: 'login-remember' }),
      t('login.remember')),
    error, submit);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = formValues(form);
    if (!v.username || !v.password) { error.textContent = t('login.empty'); return; }
    onSubmit(v);
  });
  return form;
}
