// admin.js — 系统管理: the tabs, and users (roles, unit, township, assigned areas,
// active, password). Units and areas are in views/admin-org.js, sheet imports in
// views/admin-import.js. Only admins reach it; the server checks every call anyway.

import { h, select, field } from './dom.js';
import { t, nameOf } from '../i18n/t.js';
import { dataTable, editorForm } from './parts.js';
import { areaOptions } from './filters.js';
import { loadingView, errorView } from './shell.js';
import { unitsPanel, areasPanel } from './admin-org.js';
import { importPanel } from './admin-import.js';

export const ADMIN_TABS = ['users', 'units', 'areas', 'import'];
const ROLES = ['cadre', 'handler', 'supervisor', 'office', 'admin'];
// The server's rule (^[A-Za-z0-9_.-]{2,60}$), written so that it is also valid under the
// `v` flag browsers compile `pattern` with (a bare `-` in a class is an error there).
export const USERNAME = '[A-Za-z0-9_.\\-]{2,60}';

const opt = (rows) => [{ value: '', label: t('admin.none') }, ...rows.map((r) => ({ value: r.id, label: r.name }))];
const intOrNull = (v) => (v ? Number(v) : null);

function userForm(p, user) {
  const towns = p.data.areas.filter((a) => a.kind === 'township');
  const controls = [
    user ? null : field(t('admin.username'), h('input', { name: 'username', required: true, pattern: USERNAME,
      title: t('admin.usernameRule'), autocomplete: 'off' }), t('admin.usernameRule')),
    field(t('admin.name'), h('input', { name: 'name', value: user ? user.name : '', maxlength: '60' })),
    field(user ? t('admin.newPassword') : t('admin.password'), h('input', { name: 'password', type: 'password',
      autocomplete: 'new-password', minlength: '8', required: !user })),
    h('fieldset', { class: 'statuses' }, h('legend', {}, t('admin.roles')), ROLES.map((r) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'roles', value: r, checked: Boolean(user && user.roles.includes(r)) }),
      t(`roles.${r}`)))),
    field(t('admin.unit'), select({ name: 'unit_id' }, opt(p.data.units), user ? user.unit_id ?? '' : '')),
    field(t('admin.township'), select({ name: 'township_id' }, opt(towns), user ? user.township_id ?? '' : '')),
    field(t('admin.areas'), select({ name: 'area_ids', multiple: true, size: 8 },
      areaOptions(p.data.areas).slice(1), user ? user.area_ids : []), t('admin.areasHint')),
    user ? h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'active', checked: user.active }),
      t('admin.active')) : null,
  ];
  return editorForm({ id: 'user-form', title: user ? `${t('admin.edit')} ${user.username}` : t('admin.add'),
    controls, onCancel: p.onCancel,
    onSubmit: (v) => {
      const body = { name: v.name || undefined, roles: v.roles, unit_id: intOrNull(v.unit_id),
        township_id: intOrNull(v.township_id), area_ids: v.area_ids.map(Number) };
      if (v.password) body.password = v.password;
      if (user) body.active = v.active;
      else body.username = v.username;
      return p.onSave('users', user ? user.id : null, body);
    } });
}

function usersPanel(p) {
  const unitName = new Map(p.data.units.map((u) => [u.id, u.name]));
  const areaName = new Map(p.data.areas.map((a) => [a.id, a.name]));
  const editing = p.editing && p.editing.what === 'users' ? p.editing : null;
  const user = editing && editing.id ? p.data.users.find((u) => u.id === editing.id) : null;
  return [h('div', { class: 'row' }, h('button', { type: 'button', class: 'btn primary', id: 'user-add',
    onclick: () => p.onEdit('users', null) }, t('admin.add'))),
  editing ? userForm(p, user) : null,
  dataTable([
    { key: 'username', label: t('admin.username'), render: (u) => u.username },
    { key: 'name', label: t('admin.name'), render: (u) => u.name || '' },
    { key: 'roles', label: t('admin.roles'), render: (u) => u.roles.map((r) => nameOf('roles', r)).join('、') },
    { key: 'unit', label: t('admin.unit'), render: (u) => unitName.get(u.unit_id) || '' },
    { key: 'township', label: t('admin.township'), render: (u) => areaName.get(u.township_id) || '' },
    { key: 'areas', label: t('admin.areas'), render: (u) => u.area_ids.map((id) => areaName.get(id) || `#${id}`).join('、') },
    { key: 'state', label: t('admin.state'), render: (u) => (u.active ? t('admin.active') : t('admin.inactive')) },
    { key: 'edit', label: '', render: (u) => h('button', { type: 'button', class: 'btn small ghost',
      dataset: { edit: u.username }, onclick: () => p.onEdit('users', u.id) }, t('admin.edit')) },
  ], p.data.users, { rowId: (u) => u.id })];
}

export function adminView(p) {
  let body;
  if (p.error) body = errorView(p.error, p.onRetry);
  else if (!p.data) body = loadingView();
  else if (p.tab === 'units') body = unitsPanel(p);
  else if (p.tab === 'areas') body = areasPanel(p);
  else if (p.tab === 'import') body = importPanel(p);
  else body = usersPanel(p);
  return h('section', { class: 'admin' },
    h('div', { class: 'screen-head' }, h('h2', {}, t('admin.title')),
      h('div', { class: 'tabs', role: 'tablist' }, ADMIN_TABS.map((tab) => h('a', { href: `#/admin/${tab}`, role: 'tab',
        'aria-selected': String(tab === p.tab), class: tab === p.tab ? 'tab current' : 'tab', dataset: { tab } },
      t(`admin.tabs.${tab}`))))),
    h('div', { class: 'admin-body' }, body));
}
