// projects.js — the controller of the handler's 我单位的项目: the list and the project page
// from the projects the phone keeps (sync/projects.js pulls them), each as it will stand
// once this phone's unsynced updates are applied, and 填报进展 on the page of a project of
// the handler's unit that is not closed. What the form holds is read and checked on the
// phone by the server's rule (util/progress.js, the tested copy of sync/projects.py), so
// a lower percent or investment, or investment above the total without a reason, is
// said at once; a good one becomes a `project.progress` record with its photos and GPS
// in the outbox (photoform.js), pushed when online like any other. A refusal by the
// server shows on the page, the list and 同步.

import * as outbox from '../store/outbox.js';
import { t, reasonText } from '../i18n/t.js';
import { todayIn } from '../util/basics.js';
import { applyProgress, CLOSED, parsePercent, parseWan, progressReason, standing }
  from '../util/progress.js';
import { createPhotoForms } from './photoform.js';
import { createProjectsView } from '../views/projects.js';
import { createProjectView } from '../views/project.js';
import { createProgressForm, MAX_PHOTOS } from '../views/progress.js';

const TYPE = 'project.progress';
const UNSETTLED = new Set(['pending', 'needs_photos']);

export function createProjectsController(ctx) {
  const { state } = ctx;
  const page = { id: null };
  const myUnit = () => state.me?.user?.unit_id ?? null;
  const isHandler = () => (state.me?.user?.roles || state.session?.user?.roles || []).includes('handler');
  const kept = () => state.projects || new Map();
  const projectOf = (id) => (kept().has(id) ? standing(kept().get(id), state.records) : null);

  function update(f) {
    f.view.update({ photos: f.photos, processing: f.processing, saving: f.saving,
      project: projectOf(f.id), fix: state.fix });
    kit.recheck(f);
  }
  const kit = createPhotoForms(ctx, { render: update, maxPhotos: MAX_PHOTOS });

  // The update the form holds and whether it is above the total, or the message of the
  // first thing wrong with it (the server's order: the text, the figures, then the rule).
  function read(f) {
    const v = f.view.values();
    const project = projectOf(f.id);
    if (!v.text.trim()) return { message: t('projects.need.text') };
    const percent = parsePercent(v.percent);
    if (Number.isNaN(percent)) return { message: t('projects.need.percentNumber') };
    const done = parseWan(v.done);
    if (Number.isNaN(done)) return { message: t('projects.need.doneNumber') };
    if (!project) return { message: t('projects.notKept') };
    const change = { text: v.text.trim(), percent, investment_done_wan: done,
      over_budget_reason: v.reason.trim() || null };
    const out = applyProgress(project, change);
    if (!out.ok) return { message: progressReason(out.error) || reasonText(out.error) };
    return { change, over: out.over_budget };
  }

  async function save(f) {
    const got = read(f);
    if (got.message) {
      kit.complain(f, got.message, () => !read(f).message);
      return undefined;
    }
    f.saving = true;
    update(f);
    const { change } = got;
    const fix = ctx.locator.fix;
    const payload = { project_id: f.id, text: change.text, photos: f.photos.map((p) => p.sha) };
    if (change.percent != null) payload.percent = change.percent;
    if (change.investment_done_wan != null) payload.investment_done_wan = change.investment_done_wan;
    if (got.over) payload.over_budget_reason = change.over_budget_reason;
    if (fix) {
      Object.assign(payload, { lat: fix.lat, lon: fix.lon,
        accuracy_m: Math.round(fix.accuracy * 10) / 10 });
    }
    return kit.commit(f, TYPE, payload, payload.photos);
  }

  // The form (or why there is none) on a project's page.
  function action(project, records) {
    if (!project || !isHandler() || project.unit_id !== myUnit()) return {};
    if (project.status === CLOSED) return { formNote: t('projects.closedNote') };
    const f = kit.form('progress', project.id, (actions) => createProgressForm(actions), save);
    update(f);
    const waiting = records.some((r) => UNSETTLED.has(r.state));
    return { form: f.view.el, formNote: waiting ? t('projects.pendingNote') : '' };
  }

  ctx.views.projects = createProjectsView({ onOpen: (id) => ctx.navigate(`project/${id}`) });
  ctx.views.project = createProjectView({
    photoUrl: ctx.photoUrl,
    onBack: () => ctx.navigate(state.lastTab || 'projects'),
    onDiscard: async (id) => {
      if (!(await ctx.shell.confirm(t('records.discardConfirm'), { danger: true }))) return;
      await outbox.discard(id);
      await ctx.refresh();
    },
  });

  function render(which) {
    const today = todayIn();
    if (which === 'projects') {
      const projects = new Map([...kept().keys()].map((id) => [id, projectOf(id)]));
      ctx.views.projects.update({ me: state.me, projects, records: state.records, today,
        online: state.online, keptAt: state.projectsAt });
    } else if (which === 'project' && page.id) {
      const project = projectOf(page.id);
      const records = state.records.filter((r) => r.type === TYPE && r.payload?.project_id === page.id);
      ctx.views.project.update({ id: page.id, project, me: state.me, today, online: state.online,
        records, missing: Boolean(state.projectsAt) && !project, ...action(project, records) });
    }
  }

  return {
    render,
    show(id) { page.id = id; render('project'); },
    isDirty: kit.isDirty,
    reset() { kit.reset(); page.id = null; },
  };
}
