// controllers/projects.js — the 民生实事台账 (filters in the address, paging, export of the
// filters shown, the office's sheet import with its row errors) and a project's page
// (load; the office's status step and 节点 with a 倒排工期 proposal; 项目进展 with photos
// uploaded first; the supervisor's 现场验收销号 with the browser's position; the 公示牌).
// Called by app.js with its context; renders through views only.

import { projectsView, SPEC } from '../views/projects.js';
import { projectView } from '../views/project.js';
import { read, build } from '../lib/route.js';
import { wanNumber } from '../lib/format.js';

let lastList = '#/projects';

/** A refusal of a project request in words: the block's own texts, then the shared ones. */
export function refusal(ctx, err) {
  const d = err.details || {};
  const named = Object.keys((d.fields && (d.fields.json || d.fields)) || {}).map((f) => {
    const word = ctx.t(`projects.fields.${f}`);
    return word === `projects.fields.${f}` ? f : word;
  });
  if (err.code === 'validation_failed' && !named.length) return ctx.errorText(err);
  const n = err.code === 'investment_decreased' ? wanNumber(d.investment_done_wan) : d.percent;
  const key = `projects.errors.${err.code}`;
  const own = ctx.t(key, { n, m: d.max_m, fields: named.join('、') });
  return own === key ? ctx.errorText(err) : own;
}

async function showList(ctx, r) {
  const render = ctx.renderer();
  const filters = read(r.params, SPEC);
  lastList = build('projects', '', r.params);
  const props = {
    filters, ref: ctx.ref, data: null, error: '', readOnly: !ctx.has('office'), canImport: ctx.has('office'),
    exporting: '', importing: false, importResult: null,
    onSearch: (values) => ctx.go(build('projects', '', { ...values, page: 1 })),
    onReset: () => ctx.go('#/projects'),
    onPage: (page) => ctx.go(build('projects', '', { ...filters, page })),
    onOpen: (id) => ctx.go(`#/project/${id}`),
    onRetry: () => load(),
    onExport: async (format) => {
      props.exporting = format;
      draw();
      try {
        const { page, per_page: perPage, ...shown } = filters;
        const file = await ctx.api.exportProjects(format, shown);
        ctx.download(file);
        ctx.toast(ctx.t('projects.sheet.exported', { name: file.filename }));
      } catch (err) {
        ctx.toast(ctx.errorText(err), 'error');
      }
      props.exporting = '';
      draw();
    },
    onImport: async (file) => {
      props.importing = true;
      draw();
      try {
        props.importResult = await ctx.api.importProjects(file);
      } catch (err) {
        const d = err.details || {};
        props.importResult = { rows: err.code === 'import_failed' ? d.rows || [] : [], total: d.total,
          message: ctx.errorText(err) };
      }
      props.importing = false;
      await load();
    },
    onTemplate: () => ctx.download({ filename: ctx.t('projects.sheet.templateName'),
      blob: new Blob(['\ufeff', ctx.t('projects.sheet.templateText')], { type: 'text/csv;charset=utf-8' }) }),
  };
  const draw = () => render(projectsView(props));
  async function load() {
    try {
      props.data = await ctx.api.listProjects({ ...filters, per_page: filters.per_page || 50 });
      props.error = '';
    } catch (err) {
      props.error = ctx.errorText(err);
    }
    draw();
  }
  draw();
  await load();
}

function locate(props, ctx, draw) {
  if (!navigator.geolocation) {
    props.locateNote = ctx.t('projects.verify.noLocation');
    draw();
    return;
  }
  props.locateNote = ctx.t('projects.verify.locating');
  draw();
  navigator.geolocation.getCurrentPosition((pos) => {
    const { latitude: lat, longitude: lon, accuracy } = pos.coords;
    props.located = { lat: Number(lat.toFixed(6)), lon: Number(lon.toFixed(6)), accuracy_m: accuracy };
    props.locateNote = ctx.t('projects.verify.located', { m: Math.round(accuracy) });
    draw();
  }, () => {
    props.locateNote = ctx.t('projects.verify.noLocation');
    draw();
  }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
}

async function showProject(ctx, r) {
  const render = ctx.renderer();
  const id = Number.parseInt(r.sub, 10);
  const props = {
    project: null, error: '', busy: false, ref: ctx.ref, backHref: lastList, loadPhoto: ctx.loadPhoto,
    onPhoto: ctx.openPhotos, canEdit: ctx.has('office'), canProgress: ctx.has('office') || ctx.has('handler'),
    canVerify: ctx.has('supervisor'), canOverride: ctx.has('office') && ctx.has('supervisor'),
    canPlacard: ctx.has('office') || ctx.has('admin'), proposal: null, failed: null, located: null,
    locateNote: '', uploading: '', placard: '',
    onRetry: () => load(),
    onStatus: (status) => change('status', { status }, () => ctx.api.editProject(id, { status }),
      () => ctx.t('projects.statusForm.done', { s: ctx.t(`projects.status.${status}`) })),
    onMilestones: (list) => change('milestones', { milestones: list },
      () => ctx.api.editProject(id, { milestones: list }), () => ctx.t('projects.milestones.saved')),
    onPlan: async () => {
      try {
        const plan = await ctx.api.planMilestones(props.project.due, props.project.start || undefined);
        props.proposal = plan.milestones.map(({ name, due }) => ({ name, due, done_on: null }));
        props.failed = null;
      } catch (err) {
        ctx.toast(refusal(ctx, err), 'error');
      }
      draw();
    },
    onProgress: (body, photos) => change('progress', body, async () => ctx.api.postProgress(id,
      { ...body, photos: await upload(photos) }), () => ctx.t('projects.progress.posted')),
    onVerify: (body, photos) => change('verify', body, async () => ctx.api.verifyProject(id,
      { ...body, photos: await upload(photos) }), (answer) => ctx.t(answer.status === 'closed'
      ? 'projects.verify.closed' : 'projects.verify.returned')),
    onLocate: () => locate(props, ctx, draw),
    onPlacard: async () => {
      try {
        props.placard = await ctx.api.projectPlacardPage(id);
      } catch (err) {
        ctx.toast(refusal(ctx, err), 'error');
      }
      draw();
    },
    onPlacardPdf: async () => {
      try {
        const file = await ctx.api.projectPlacardPdf(id);
        ctx.download({ ...file, filename: ctx.t('projects.placard.name', { id }) });
      } catch (err) {
        ctx.toast(refusal(ctx, err), 'error');
      }
    },
  };
  const draw = () => render(projectView(props));
  async function upload(photos) {
    const shas = [];
    for (const [i, file] of photos.entries()) {
      props.uploading = ctx.t('projects.progress.uploading', { i: i + 1, n: photos.length });
      draw();
      shas.push(await ctx.api.uploadPhoto(file));
    }
    props.uploading = '';
    return shas;
  }
  // One change of the project: busy, the request, the answer drawn (or the refusal in its form).
  async function change(form, body, request, done) {
    props.busy = true;
    props.failed = null;
    draw();
    try {
      const answer = await request();
      props.project = answer;
      if (form === 'milestones') props.proposal = null;
      props.placard = '';
      ctx.toast(done(answer));
    } catch (err) {
      const text = refusal(ctx, err);
      props.failed = { form, body, text };
      ctx.toast(text, 'error');
    }
    props.busy = false;
    props.uploading = '';
    draw();
  }
  async function load() {
    try {
      props.project = await ctx.api.getProject(id);
      props.error = '';
      document.title = ctx.t('projects.page.docTitle', { name: props.project.name });
    } catch (err) {
      props.error = err.status === 404 ? ctx.t('projects.page.notFound') : ctx.errorText(err);
    }
    draw();
  }
  if (!Number.isInteger(id) || id < 1) {
    props.error = ctx.t('projects.page.notFound');
    draw();
    return;
  }
  await load();
}

export function show(ctx, r) {
  return r.screen === 'project' ? showProject(ctx, r) : showList(ctx, r);
}
