// field.js — the controller of the handler's and supervisor's screens: the two
// work lists, the item page and which form it offers to whom. Item details come
// from GET /items/<id> and are kept in IndexedDB, so a page seen once (or
// fetched after a sync for the items on the user's lists) opens offline; their
// thumbnails go through the service worker's thumbnail cache the same way.
// The item page is everyone's (a cadre opens their reports' items from 我的上报);
// the work lists, the closing forms and the handler's 我单位的项目 (projects.js) are
// imported only for a handler or a supervisor (prepare()), so a cadre never
// downloads them.

import * as db from '../store/db.js';
import * as client from '../sync/client.js';
import * as outbox from '../store/outbox.js';
import { t, errorText } from '../i18n/t.js';
import { todayIn } from '../util/basics.js';
import { createItemView } from '../views/item.js';
import { VERIFY_MAX_DISTANCE_M } from '../views/itemparts.js';

const PREFETCH = 30; // item details fetched after one sync, at most
const UNSETTLED = new Set(['pending', 'needs_photos']);
const ITEM_TYPES = ['item.rectified', 'item.verify', 'item.recheck'];
const ROLE_SCREENS = ['handler', 'supervisor'];
// (server/web.py ROLE_SCREENS lists these modules and what they import)
const roleModules = () => Promise.all([import('../views/worklists.js'), import('./closing.js'),
  import('./projects.js')]);

export function createFieldController(ctx) {
  const { state } = ctx;
  const page = { id: null, detail: null, status: '', fetchedAt: null, error: '' };
  const thumbsKept = new Set(); // thumbnails known to be in the worker's cache
  const roles = () => state.me?.user?.roles || state.session?.user?.roles || [];
  const maxM = () => state.me?.settings?.verify_max_distance_m ?? VERIFY_MAX_DISTANCE_M;
  const myUnit = () => state.me?.user?.unit_id ?? null;

  // The freshest facts about an item: the detail, or the pulled summary when newer.
  function itemOf(id) {
    const summary = state.items.get(id);
    const detail = page.id === id ? page.detail : null;
    if (!detail) return summary;
    return summary && summary.change_seq > detail.change_seq ? { ...detail, ...summary } : detail;
  }

  let closing = null; // the closing forms' controller, once the role screens are loaded
  let projects = null; // 我单位的项目's controller, likewise
  let loading = null;
  const open = (id) => ctx.navigate(`item/${id}`);

  // Load the role screens once, if the user holds a role that has them; false when
  // they could not be loaded (offline and never kept).
  function prepare() {
    if (!roles().some((r) => ROLE_SCREENS.includes(r))) return Promise.resolve(true);
    loading ||= roleModules().then(([lists, closingMod, projectsMod]) => {
      closing = closingMod.createClosingController(ctx, { maxM, itemOf });
      projects = projectsMod.createProjectsController(ctx);
      ctx.views.tasks = lists.createTasksView({ onOpen: open });
      ctx.views.verify = lists.createVerifyListView({ onOpen: open });
      return true;
    }, () => { loading = null; return false; });
    return loading;
  }

  ctx.views.item = createItemView({
    photoUrl: ctx.photoUrl,
    onBack: () => ctx.navigate(state.lastTab || ''),
    onDiscard: async (id) => {
      if (!(await ctx.shell.confirm(t('records.discardConfirm'), { danger: true }))) return;
      await outbox.discard(id);
      await ctx.refresh();
    },
  });

  function actionFor(item, records) {
    if (!item || !closing) return {};
    const has = (r) => roles().includes(r);
    const waiting = (type) => records.some((r) => r.type === type && UNSETTLED.has(r.state));
    if (has('handler') && item.unit_id != null && item.unit_id === myUnit()
      && (item.status === 'assigned' || item.status === 'long_term')) {
      return waiting('item.rectified') ? { formNote: t('item.rectifyPending') }
        : { form: closing.view('rectify', item.id) };
    }
    if (has('supervisor') && item.status === 'rectified') {
      if (waiting('item.verify')) return { formNote: t('item.verifyPending') };
      if (item.lat == null || item.lon == null) return { formNote: t('item.noVerifyPosition') };
      return { form: closing.view('verify', item.id) };
    }
    if (has('supervisor') && item.status === 'closed' && item.spot_check) { // 周抽查
      if (waiting('item.recheck')) return { formNote: t('recheck.pending') };
      if (item.lat == null || item.lon == null) return { formNote: t('item.noVerifyPosition') };
      return { form: closing.view('recheck', item.id) };
    }
    return {};
  }

  function render(which) {
    const today = todayIn();
    const common = { me: state.me, items: state.items, records: state.records, today };
    if (which === 'tasks') ctx.views.tasks?.update(common);
    else if (which === 'verify') ctx.views.verify?.update({ ...common, fix: state.fix, maxM: maxM() });
    else if (which === 'projects' || which === 'project') projects?.render(which);
    else if (which === 'item' && page.id) {
      const records = state.records.filter((r) => ITEM_TYPES.includes(r.type)
        && r.payload?.item_id === page.id);
      const item = itemOf(page.id);
      ctx.views.item.update({ id: page.id, item: state.items.get(page.id), detail: page.detail,
        status: page.status, fetchedAt: page.fetchedAt, error: page.error, me: state.me,
        fix: state.fix, today, records, ...actionFor(item, records) });
    }
  }

  async function load(id) {
    if (!navigator.onLine || !state.session || state.session.expired) {
      page.status = page.detail ? 'offline' : 'none';
      render('item');
      return;
    }
    try {
      const detail = await client.item(id);
      await db.putDetail(detail);
      if (page.id !== id) return;
      const now = new Date().toISOString();
      Object.assign(page, { detail, fetchedAt: now, status: '', error: '' });
    } catch (err) {
      if (page.id !== id) return;
      const offline = err.kind === 'network' || err.kind === 'timeout';
      page.status = err.status === 404 ? 'missing'
        : (!page.detail ? (offline ? 'none' : 'failed') : (offline ? 'offline' : 'failed'));
      page.error = offline ? '' : errorText(err.code, err.message);
    }
    render('item');
  }

  // Show item `id`: the kept copy at once, then the server's when online.
  async function show(id) {
    if (page.id !== id) Object.assign(page, { id, detail: null, fetchedAt: null, error: '' });
    page.status = 'loading';
    const cached = await db.getDetail(id).catch(() => null);
    if (page.id !== id) return;
    if (cached) Object.assign(page, { detail: cached, fetchedAt: cached.fetchedAt });
    render('item');
    await load(id);
  }

  // The items the user's lists show: worth having offline.
  function listed(items) {
    const has = (r) => roles().includes(r);
    return [...items.values()].filter((i) => (has('supervisor')
      && (i.status === 'rectified' || (i.status === 'closed' && i.spot_check)))
      || (has('handler') && i.unit_id != null && i.unit_id === myUnit()
        && ['assigned', 'long_term', 'rectified'].includes(i.status)));
  }

  // After a sync: refresh the open page if it changed, keep the listed items' details.
  async function afterSync() {
    const seqs = await db.detailSeqs();
    const items = new Map((await db.listItems()).map((i) => [i.id, i])); // as just pulled
    const current = page.id && items.get(page.id);
    if (current && page.detail && current.change_seq !== page.detail.change_seq) await load(page.id);
    const wanted = listed(items);
    const stale = wanted.filter((i) => seqs.get(i.id) !== i.change_seq && i.id !== page.id)
      .slice(0, PREFETCH);
    for (const item of stale) {
      if (!navigator.onLine) return;
      try {
        await db.putDetail(await client.item(item.id));
      } catch (err) {
        if (err.kind !== 'client') return; // offline, server trouble or a 401: next sync
      }
    }
    await keepThumbs(wanted);
  }

  // Fetch the before/after thumbnails once through the worker, which keeps them.
  async function keepThumbs(items) {
    if (!navigator.serviceWorker?.controller) return;
    for (const item of items) {
      const detail = await db.getDetail(item.id);
      for (const p of detail?.photos || []) {
        if ((p.kind !== 'before' && p.kind !== 'after') || thumbsKept.has(p.sha256)) continue;
        if (!navigator.onLine) return;
        if (await client.thumb(p.sha256)) thumbsKept.add(p.sha256);
      }
    }
  }
  // the worker took control after the first sync: now the thumbnails can be kept
  navigator.serviceWorker?.addEventListener('controllerchange',
    () => db.listItems().then((all) => keepThumbs(listed(new Map(all.map((i) => [i.id, i])))))
      .catch(() => {}));

  return {
    render,
    show,
    showProject: (id) => projects?.show(id),
    afterSync,
    prepare,
    hasRoleScreens: () => Boolean(closing),
    isDirty: () => Boolean(closing?.isDirty() || projects?.isDirty()),
    // logout: forget the forms and the open page (IndexedDB is wiped by the session)
    reset() {
      closing?.reset();
      projects?.reset();
      Object.assign(page, { id: null, detail: null, status: '', fetchedAt: null, error: '' });
      thumbsKept.clear();
    },
  };
}
