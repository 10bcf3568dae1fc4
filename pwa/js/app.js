// app.js — the one controller that wires the rest: it builds the shell and the
// screens (tabs by the user's roles; controllers/field.js runs the handler's and
// the supervisor's), owns the in-memory state, routes between screens and runs the
// sync engine when the scheduler says so. Only what the first screen needs is imported
// statically (the server preloads exactly that); the outbox, the sync stack, the
// other screens and the service worker arrive right after the screen is usable.

import * as db from './store/db.js';
import { createLocator, POOR_ACCURACY_M } from './capture/geo.js';
import { createCaptureController } from './controllers/capture.js';
import { createShell, tabsFor } from './views/shell.js';
import { createTodayView } from './views/today.js';
import { createReportView } from './views/report.js';
import { haversineM, isToday } from './util/basics.js';
import { t } from './i18n/t.js';

const state = {
  session: null, me: null, deviceId: null, route: 'today', online: navigator.onLine,
  fix: null, geoError: null, waitingFix: false, records: [], reports: [], items: new Map(),
  projects: new Map(), projectsAt: null,
  summary: { pendingRecords: 0, pendingPhotos: 0, pendingBytes: 0, photoErrors: [] },
  syncStatus: { lastSuccess: null, errors: [] }, running: false, progress: null,
  storage: {}, version: null, draftPhotos: [], processing: false, saving: false,
  busyArea: null, nextRetryAt: null, login: { busy: false, message: '' }, lastTab: null,
};
const views = {};
const urls = new Map();
let shell; let locator; let capture;
let m = null; // the second-stage modules, once wired
let wiring = null;
const overlay = document.createElement('div');
overlay.className = 'overlay';

const roles = () => state.me?.user?.roles || state.session?.user?.roles || [];
const todayVisits = () => new Map(state.records
  .filter((r) => r.type === 'visit.checkin' && isToday(r.createdAt))
  .map((r) => [r.payload.area_id, r]));

// The area a new report most likely belongs to: the latest check-in today, else
// the assigned area whose radius holds the current position.
function suggestedArea() {
  const visits = [...todayVisits().values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  if (visits.length) return visits[0].payload.area_id;
  const fix = state.fix;
  const inside = (state.me?.areas || []).filter((a) => a.assigned && fix && a.lat != null
    && haversineM(fix.lat, fix.lon, a.lat, a.lon) <= (a.radius_m || 0));
  return inside.length ? inside[0].id : null;
}

const reportState = () => ({ me: state.me, fix: state.fix, geoError: state.geoError,
  waitingFix: state.waitingFix, photos: state.draftPhotos, processing: state.processing,
  saving: state.saving, poorM: POOR_ACCURACY_M, suggestedArea: suggestedArea() });

function syncState() {
  const s = state.summary;
  const errors = [...(state.syncStatus.errors || []),
    ...s.photoErrors.map((p) => ({ kind: 'photo', sha: p.sha, name: p.name, ...p.error }))];
  const wait = state.nextRetryAt ? Math.max(0, Math.round((state.nextRetryAt - Date.now()) / 1000)) : 0;
  return { ...s, errors, online: state.online, running: state.running, progress: state.progress,
    lastSuccess: state.syncStatus.lastSuccess, storage: state.storage, version: state.version,
    user: state.session?.user, nextRetryIn: state.online ? wait : 0, records: state.records,
    me: state.me, items: state.items, projects: state.projects };
}

function render(which = state.route) {
  if (!state.session || !views[which]) return;
  if (which === 'today') views.today.update({ me: state.me, fix: state.fix, busy: state.busyArea,
    geoError: state.geoError, visits: todayVisits(), records: state.records });
  else if (which === 'report') views.report.update(reportState());
  else if (which === 'records') views.records.update(state);
  else if (which === 'sync') views.sync.update(syncState());
  else m?.field?.render(which); // the handler's and supervisor's screens
}

// Routes: the tabs the user's roles open, item/<id> (an item page) and, for a user
// with 我单位的项目, project/<id> (a project page).
async function navigate(route, { replace = false } = {}) {
  const tabs = tabsFor(roles());
  const [name, arg] = String(route || '').split('/');
  const paged = name === 'item' || (name === 'project' && tabs.includes('projects'));
  const id = paged ? Number.parseInt(arg, 10) || 0 : 0;
  const next = id > 0 ? name : (tabs.includes(name) ? name : tabs[0]);
  const hash = id > 0 ? `${name}/${id}` : next;
  state.route = next;
  if (id <= 0) state.lastTab = next;
  if (replace) history.replaceState(null, '', `#${hash}`);
  else if (location.hash !== `#${hash}`) history.pushState(null, '', `#${hash}`);
  shell.setRoute(next);
  if (!views[next] || id > 0) await wire().then(() => m.field.prepare());
  if (state.route !== next) return;
  if (!views[next]) { shell.toast(t('app.screenUnavailable'), 'error'); return; }
  if (next === 'item') { m.field.show(id); scrollTo(0, 0); }
  if (next === 'project') { m.field.showProject(id); scrollTo(0, 0); }
  shell.main.replaceChildren(views[next].el);
  render(next);
  if (next === 'sync') refreshStorage();
}

async function refresh() {
  const { outbox } = await wire();
  const summary = await outbox.summary();
  state.summary = summary;
  state.records = summary.records;
  state.items = new Map((await db.listItems()).map((i) => [i.id, i]));
  state.reports = await db.listReports();
  state.projects = new Map((await db.listProjects()).map((p) => [p.id, p]));
  state.projectsAt = await db.kvGet('projectsFetchedAt');
  shell.setTabs(tabsFor(roles()));
  shell.setPending(summary.pendingRecords);
  render();
}

async function refreshStorage() {
  state.storage = await db.storageInfo();
  if (state.route === 'sync') render('sync');
}

async function photoUrl(sha) {
  if (urls.has(sha)) return urls.get(sha);
  const kept = await db.getPhotoWithData(sha);
  let blob = kept && !/hei[cf]$/.test(kept.meta.mime) ? new Blob([kept.data], { type: kept.meta.mime }) : null;
  if (!blob && state.session) blob = await m.client.thumb(sha).catch(() => null); // HEIC: undecodable
  if (!blob) return null;
  const url = URL.createObjectURL(blob);
  urls.set(sha, url);
  return url;
}

// ---- the account's screens, shared with the controllers ----------------------
const ctx = {
  state, views, render, refresh, refreshStorage, reportState, todayVisits, navigate, photoUrl,
  get shell() { return shell; }, get locator() { return locator; },
  get scheduler() { return m.scheduler; },
  loginState(patch) { Object.assign(state.login, patch); updateLogin(); },
  async afterSave() {
    await refresh();
    m.schedulerMod.requestBackgroundSync();
    m.scheduler.trigger('saved');
  },
  forgetUrls() { for (const u of urls.values()) URL.revokeObjectURL(u); urls.clear(); },
  showLogin() {
    m?.field?.reset();
    overlay.remove();
    document.body.classList.add('logged-out');
    shell.main.replaceChildren(views.login.el);
    updateLogin();
    markReady('login');
  },
  showRelogin() {
    shell.el.append(overlay);
    overlay.replaceChildren(views.login.el);
    updateLogin();
    views.login.focus();
  },
  async enterApp(wasExpired, draft) {
    overlay.remove();
    document.body.classList.remove('logged-out');
    m?.client.setToken(state.session.token);
    if (!state.records.length) state.records = await db.listRecords();
    if (!wasExpired) await capture.restoreDraft(draft);
    shell.setTabs(tabsFor(roles()));
    await navigate(location.hash.slice(1), { replace: true });
    markReady(state.route);
    locator.start();
    await wire();
    refresh();
    refreshStorage();
    // a handler's or supervisor's screens: loaded now, and kept by the worker for offline use
    m.field.prepare().then(() => m.field.hasRoleScreens() && m.updater.keepRoleScreens());
    if (wasExpired) m.scheduler.resume(); else m.scheduler.start();
  },
};

function updateLogin() {
  views.login.update({ ...state.login, expired: Boolean(state.session?.expired),
    fixedUser: state.session?.expired ? state.session.username : '', online: state.online });
}

function markReady(what) {
  if (document.documentElement.dataset.ready) return;
  document.documentElement.dataset.ready = what;
  performance.mark('zl-ready');
}

// ---- second stage -------------------------------------------------------------
function wire() {
  wiring ||= Promise.all([import('./store/outbox.js'), import('./sync/client.js'),
    import('./sync/engine.js'), import('./sync/scheduler.js'), import('./controllers/session.js'),
    import('./controllers/update.js'), import('./views/login.js'), import('./views/records.js'),
    import('./views/sync.js'), import('./controllers/field.js'), import('./controllers/syncrun.js'),
  ]).then(([outbox, client, engine, schedulerMod, sessionMod, updateMod, login, records, sync,
    field, syncrun]) => {
    m = { outbox, client, engine, schedulerMod };
    m.field = field.createFieldController(ctx);
    client.setToken(state.session?.token);
    m.scheduler = schedulerMod.createScheduler(syncrun.createSyncRunner(ctx, () => m),
      { onWait: (at) => { state.nextRetryAt = at; render('sync'); } });
    m.session = sessionMod.createSessionController(ctx);
    m.updater = updateMod.createUpdater({ shell,
      isDirty: () => views.report.isDirty() || m.field.isDirty(),
      onVersion: (v) => { state.version = v; render('sync'); } });
    views.login = login.createLoginView({ onSubmit: (u, p) => m.session.login(u, p),
      onLater: () => overlay.remove() });
    const onDiscard = async (id) => {
      if (!(await shell.confirm(t('records.discardConfirm'), { danger: true }))) return;
      await outbox.discard(id);
      await refresh();
    };
    views.records = records.createRecordsView({ photoUrl, onOpen: (id) => navigate(`item/${id}`),
      onDiscard });
    views.sync = sync.createSyncView({
      onSync: async () => {
        if (state.session?.expired) { ctx.showRelogin(); return; }
        if (!navigator.onLine) { shell.toast(t('app.offline'), 'warn'); return; }
        await outbox.clearPhotoErrors();
        m.scheduler.trigger('manual');
      },
      onPersist: async () => { await db.requestPersist(); refreshStorage(); },
      onDiscard,
      onGiveUp: async (id) => {
        if (!(await shell.confirm(t('sync.giveUpConfirm')))) return;
        await outbox.giveUpRefusedPhotos(id);
        await refresh();
      },
      onLogout: () => m.session.logout(),
    });
    m.updater.register();
    return m;
  });
  return wiring;
}

// ---- boot -------------------------------------------------------------------
async function boot() {
  shell = createShell({ navigate, update: () => m?.updater.apply() });
  document.getElementById('app').replaceChildren(shell.el);
  shell.setOnline(state.online);
  views.today = createTodayView({ onCheckIn: (id) => capture.checkIn(id), onRetryFix: () => locator.retry(),
    onReport: async (id) => { await navigate('report'); views.report.selectArea(id); } });
  views.report = createReportView({ onFiles: (f) => capture.addFiles(f),
    onRemovePhoto: (sha) => capture.removePhoto(sha), onWaitFix: () => capture.waitFix(),
    onSave: (v) => capture.saveReport(v), onDraft: (v) => capture.draftChanged(v),
    onClear: () => capture.clearForm() });
  locator = createLocator((fix, error) => {
    state.fix = fix;
    state.geoError = error;
    if (['today', 'report', 'verify', 'item', 'project'].includes(state.route)) render();
  });
  capture = createCaptureController(ctx);
  const onNet = () => {
    state.online = navigator.onLine;
    shell.setOnline(state.online);
    if (!state.online) shell.toast(t('app.offline'), 'warn');
    render('sync');
  };
  addEventListener('online', onNet);
  addEventListener('offline', onNet);
  addEventListener('popstate', () => state.session && navigate(location.hash.slice(1), { replace: true }));
  setInterval(() => { if (state.route === 'sync' && state.nextRetryAt) render('sync'); }, 1000);
  let draft;
  [state.session, state.me, state.deviceId, state.syncStatus, draft, state.records] =
    await Promise.all([...['session', 'me', 'deviceId', 'syncStatus', db.DRAFT_KEY]
      .map((k) => db.kvGet(k)), db.listRecords()]);
  state.syncStatus ||= { lastSuccess: null, errors: [] };
  if (!state.session) {
    await wire();
    ctx.showLogin();
    return;
  }
  views.report.update(reportState());
  await ctx.enterApp(false, draft ?? null);
  if (state.session.expired) ctx.showRelogin();
}

boot();
