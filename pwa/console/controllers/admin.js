// controllers/admin.js — 系统管理: loads users, units and areas (admin API), saves a
// create/edit form, runs a sheet import and keeps its row-by-row error report, and
// makes the CSV templates. After a change the reference data (/me) is refreshed.

import { adminView, ADMIN_TABS } from '../views/admin.js';

const memory = { editing: null, importResult: null };

export async function show(ctx, r) {
  const render = ctx.renderer();
  const tab = ADMIN_TABS.includes(r.sub) ? r.sub : 'users';
  if (memory.tab !== tab) { memory.editing = null; memory.tab = tab; }
  const props = {
    tab, data: null, error: '', editing: memory.editing, importing: '',
    importResult: memory.importResult,
    onRetry: () => load(),
    onEdit: (what, id) => {
      memory.editing = { what, id };
      props.editing = memory.editing;
      draw();
      const form = document.querySelector('form.editor');
      if (form) { form.scrollIntoView({ block: 'nearest' }); form.querySelector('input, select').focus(); }
    },
    onCancel: () => { memory.editing = null; props.editing = null; draw(); },
    onSave: async (what, id, body) => {
      try {
        if (id) await ctx.api.adminUpdate(what, id, body);
        else await ctx.api.adminCreate(what, body);
        ctx.toast(ctx.t(id ? 'admin.updated' : 'admin.created'));
        memory.editing = null;
        props.editing = null;
      } catch (err) {
        return ctx.errorText(err) + fieldsOf(err, ctx.t);
      }
      await Promise.all([load(), ctx.reloadReference().catch(() => {})]);
      return '';
    },
    onImport: async (what, file) => {
      props.importing = what;
      draw();
      try {
        const { created } = await ctx.api.importSheet(what, file);
        memory.importResult = { what, created };
      } catch (err) {
        const d = err.details || {};
        memory.importResult = { what, errors: d.errors || [], missing: d.missing || null,
          message: ctx.errorText(err) };
      }
      props.importing = '';
      props.importResult = memory.importResult;
      await Promise.all([load(), ctx.reloadReference().catch(() => {})]);
    },
    onTemplate: (what) => ctx.download({ filename: ctx.t(`admin.templates.${what}Name`),
      blob: new Blob(['\ufeff', ctx.t(`admin.templates.${what}`)], { type: 'text/csv;charset=utf-8' }) }),
  };
  const draw = () => render(adminView(props));
  async function load() {
    try {
      const [users, units, areas] = await Promise.all(['users', 'units', 'areas'].map((w) => ctx.api.adminList(w)));
      props.data = { users, units, areas };
      props.error = '';
    } catch (err) {
      props.error = ctx.errorText(err);
    }
    draw();
  }
  draw();
  await load();
}

// Which fields the server refused, if it says ("name", "roles"...), in words.
function fieldsOf(err, t) {
  const d = err.details || {};
  const names = d.field ? [d.field] : Object.keys((d.fields && (d.fields.json || d.fields)) || {});
  const words = names.map((n) => (t(`admin.fields.${n}`) === `admin.fields.${n}` ? n : t(`admin.fields.${n}`)));
  return words.length ? t('admin.badFields', { fields: words.join('、') }) : '';
}
