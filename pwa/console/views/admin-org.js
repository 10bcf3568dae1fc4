// admin-org.js — the units (责任单位) and areas (分包区域) tables of 系统管理, each
// with a create/edit form. Coordinates are entered and kept in WGS-84.

import { h, select, field } from './dom.js';
import { t, nameOf } from '../i18n/t.js';
import { dataTable, editorForm } from './parts.js';
import { degrees, plain } from '../lib/format.js';

const UNIT_KINDS = ['department', 'township'];
const AREA_KINDS = ['township', 'village', 'community', 'road', 'enterprise', 'project', 'work'];
const num = (v) => (v === '' || v === undefined ? null : Number(v));

function editing(p, what, rows) {
  const e = p.editing && p.editing.what === what ? p.editing : null;
  return e ? { row: e.id ? rows.find((r) => r.id === e.id) : null } : null;
}

const editButton = (p, what, row) => h('button', { type: 'button', class: 'btn small ghost',
  dataset: { edit: row.name }, onclick: () => p.onEdit(what, row.id) }, t('admin.edit'));
const addButton = (p, what) => h('div', { class: 'row' }, h('button', { type: 'button', class: 'btn primary',
  id: `${what}-add`, onclick: () => p.onEdit(what, null) }, t('admin.add')));
const state = (r) => (r.active ? t('admin.active') : t('admin.inactive'));

export function unitsPanel(p) {
  const e = editing(p, 'units', p.data.units);
  const form = e ? editorForm({ id: 'unit-form', title: e.row ? `${t('admin.edit')} ${e.row.name}` : t('admin.add'),
    onCancel: p.onCancel,
    controls: [
      field(t('admin.unitName'), h('input', { name: 'name', required: true, maxlength: '100', value: e.row ? e.row.name : '' })),
      field(t('admin.kind'), select({ name: 'kind' }, UNIT_KINDS.map((k) => ({ value: k, label: nameOf('unitKinds', k) })),
        e.row ? e.row.kind : 'department')),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'active', checked: e.row ? e.row.active : true }),
        t('admin.active'))],
    onSubmit: (v) => p.onSave('units', e.row ? e.row.id : null, { name: v.name, kind: v.kind, active: v.active }),
  }) : null;
  return [addButton(p, 'units'), form, dataTable([
    { key: 'name', label: t('admin.unitName'), render: (u) => u.name },
    { key: 'kind', label: t('admin.kind'), render: (u) => nameOf('unitKinds', u.kind) },
    { key: 'state', label: t('admin.state'), render: state },
    { key: 'edit', label: '', render: (u) => editButton(p, 'units', u) }], p.data.units, { rowId: (u) => u.id })];
}

export function areasPanel(p) {
  const towns = p.data.areas.filter((a) => a.kind === 'township');
  const townName = new Map(towns.map((a) => [a.id, a.name]));
  const e = editing(p, 'areas', p.data.areas);
  const r = e && e.row;
  const input = (name, extra = {}) => h('input', { name, value: r && r[name] !== null ? plain(r[name]) : '', ...extra });
  const form = e ? editorForm({ id: 'area-form', title: r ? `${t('admin.edit')} ${r.name}` : t('admin.add'),
    onCancel: p.onCancel,
    controls: [
      field(t('admin.areaName'), input('name', { required: true, maxlength: '100' })),
      field(t('admin.kind'), select({ name: 'kind' }, AREA_KINDS.map((k) => ({ value: k, label: nameOf('areaKinds', k) })),
        r ? r.kind : 'village')),
      field(t('admin.township'), select({ name: 'township_id' }, [{ value: '', label: t('admin.none') },
        ...towns.map((a) => ({ value: a.id, label: a.name }))], r ? r.township_id ?? '' : '')),
      field(t('admin.lat'), input('lat', { type: 'number', step: 'any', min: '-90', max: '90' }), t('admin.wgs')),
      field(t('admin.lon'), input('lon', { type: 'number', step: 'any', min: '-180', max: '180' })),
      field(t('admin.radius'), input('radius_m', { type: 'number', step: 'any', min: '1', max: '50000' })),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'active', checked: r ? r.active : true }),
        t('admin.active'))],
    onSubmit: (v) => {
      return p.onSave('areas', r ? r.id : null, { name: v.name, kind: v.kind, township_id: num(v.township_id),
        lat: num(v.lat), lon: num(v.lon), radius_m: num(v.radius_m), active: v.active });
    },
  }) : null;
  return [addButton(p, 'areas'), form, dataTable([
    { key: 'name', label: t('admin.areaName'), render: (a) => a.name },
    { key: 'kind', label: t('admin.kind'), render: (a) => nameOf('areaKinds', a.kind) },
    { key: 'township', label: t('admin.township'), render: (a) => townName.get(a.township_id) || '' },
    { key: 'lat', label: t('admin.lat'), class: 'num', render: (a) => degrees(a.lat) },
    { key: 'lon', label: t('admin.lon'), class: 'num', render: (a) => degrees(a.lon) },
    { key: 'radius', label: t('admin.radius'), class: 'num', render: (a) => (a.radius_m === null ? '' : String(a.radius_m)) },
    { key: 'state', label: t('admin.state'), render: state },
    { key: 'edit', label: '', render: (a) => editButton(p, 'areas', a) }], p.data.areas, { rowId: (a) => a.id })];
}
