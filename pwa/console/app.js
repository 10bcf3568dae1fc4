// app.js — the office console's one controller: login and session, the screens each
// role may open, routing on the address (#/screen/sub?filters), photos and downloads.
// The screen-specific wiring (what to load, what each button does) sits in
// controllers/*.js, called with the context built here; views build DOM and never
// fetch, api.js does every HTTP call.

import * as api from './api.js';
import { t, errorText } from './i18n/t.js';
import { parse } from './lib/route.js';
import { setZone, today } from './lib/format.js';
import { setCalendar } from './lib/workdays.js';
import { createShell, noAccessView, loadingView, errorView } from './views/shell.js';
import { loginView } from './views/login.js';
import { createViewer } from './views/viewer.js';
import { replace } from './views/dom.js';
import * as queue from './controllers/queue.js';
import * as ledger from './controllers/ledger.js';
import * as projects from './controllers/projects.js';
import * as map from './controllers/map.js';
import * as reports from './controllers/reports.js';
import * as duty from './controllers/duty.js';
import * as spot from './controllers/spot.js';
import * as feedback from './controllers/feedback.js';
import * as admin from './controllers/admin.js';

const KEY = 'zl-console-session';
const ORDER = ['queue', 'ledger', 'projects', 'map', 'reports', 'duty', 'spot', 'feedback', 'admin'];
const ALLOWED = { queue: ['office'], ledger: ['office', 'supervisor', 'admin', 'handler'],
  projects: ['office', 'supervisor', 'admin', 'handler'],
  map: ['office', 'supervisor', 'admin'], reports: ['office', 'supervisor', 'admin'],
  duty: ['office', 'supervisor', 'admin'], spot: ['office', 'supervisor', 'admin'],
  feedback: ['office', 'supervisor', 'admin'], admin: ['admin'] };
const CONTROLLERS = { queue, ledger, item: ledger, projects, project: projects, map, reports, duty, spot,
  feedback, admin };
// Pages of one record, opened from a screen's list: the screen they belong to.
const PAGES = { item: 'ledger', project: 'projects' };
const root = document.getElementById('app');

function readConfig() {
  try {
    return JSON.parse(document.querySelector('meta[name="zl-config"]').content);
  } catch {
    return { map: { tiles: [] } };
  }
}

const config = readConfig();
setZone(config.timezone || 'Asia/Shanghai');
setCalendar(config.calendar);
const state = { session: null, me: null, ref: null, shell: null, viewer: null, generation: 0 };

const roles = () => new Set((state.session && state.session.user.roles) || []);
const screensFor = () => ORDER.filter((s) => ALLOWED[s].some((r) => roles().has(r)));

function saveSession(session, remember) {
  const text = JSON.stringify(session);
  (remember ? localStorage : sessionStorage).setItem(KEY, text);
}

function loadSession() {
  const text = sessionStorage.getItem(KEY) || localStorage.getItem(KEY);
  try { return text ? JSON.parse(text) : null; } catch { return null; }
}

function clearSession() {
  sessionStorage.removeItem(KEY);
  localStorage.removeItem(KEY);
  state.session = null;
  state.me = null;
  api.setToken(null);
  api.forgetPhotos(); // the next user of this tab sees only what the server shows them
}

function reference(me) {
  return { categories: me.categories, units: me.units, areas: me.areas,
    categoryNames: new Map(me.categories.map((c) => [c.code, c.name])),
    unitNames: new Map(me.units.map((u) => [u.id, u.name])),
    areaNames: new Map(me.areas.map((a) => [a.id, a.name])) };
}

// ---- photos and files -------------------------------------------------------
function loadPhoto(img, sha, variant) {
  const want = `${sha}/${variant}`;
  img.dataset.want = want;
  api.photoUrl(sha, variant).then((url) => {
    if (img.dataset.want === want) img.src = url;
  }, () => { img.classList.add('broken'); });
}

function download({ blob, filename }) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

// ---- the context controllers get ---------------------------------------------
const ctx = {
  api, config, state, t, download, loadPhoto,
  get ref() { return state.ref; },
  get user() { return state.session && state.session.user; },
  today: () => today(),
  has: (role) => roles().has(role),
  canAct: () => roles().has('office'),
  errorText: (err) => errorText(err),
  toast: (text, kind) => state.shell && state.shell.toast(text, kind),
  openPhotos: (shas, i) => state.viewer.open(shas, i),
  async reloadReference() {
    state.me = await api.me();
    state.ref = reference(state.me);
  },
  go: (hash) => { if (location.hash === hash) route(); else location.hash = hash; },
  // A render for the route that asked: a late answer for a screen left behind is dropped.
  renderer() {
    const generation = state.generation;
    return (el) => { if (generation === state.generation) replace(state.shell.main, el); };
  },
};

// ---- routing -------------------------------------------------------------------
function route() {
  if (!state.session || !state.me) return;
  state.generation += 1;
  document.title = t('app.name'); // a screen may name itself (the item and project pages do)
  const r = parse(location.hash);
  const allowed = screensFor();
  const parent = PAGES[r.screen];
  const screen = parent ? (allowed.includes(parent) ? r.screen : '') : r.screen;
  if (!allowed.length) {
    replace(state.shell.main, noAccessView({ onLogout: logout }));
    return;
  }
  if (!CONTROLLERS[screen] || (!PAGES[screen] && !allowed.includes(screen))) {
    const home = ['queue', 'admin'].find((s) => allowed.includes(s)) || allowed[0];
    location.replace(`#/${home}`);
    return;
  }
  state.shell.setScreen(PAGES[screen] || screen);
  replace(state.shell.main, loadingView());
  const render = ctx.renderer();
  CONTROLLERS[screen].show(ctx, r).catch((err) => render(errorView(errorText(err), () => route())));
}

// ---- session -----------------------------------------------------------------
async function start() {
  api.setToken(state.session.token);
  replace(root, loadingView());
  try {
    state.me = await api.me();
  } catch (err) {
    if (err.status === 401) return showLogin(t('app.expired'));
    replace(root, errorView(errorText(err), () => start()));
    return undefined;
  }
  state.ref = reference(state.me);
  state.session.user = state.me.user;
  state.shell = createShell({ onLogout: logout });
  state.viewer = createViewer({ loadPhoto, canOriginal: ['office', 'supervisor', 'admin'].some((r) => roles().has(r)),
    onOriginal: (sha) => api.photoOriginal(sha).then((f) => download({ ...f,
      filename: `${sha.slice(0, 16)}.${(f.blob.type.split('/')[1] || 'jpg').replace('jpeg', 'jpg')}` }),
    (err) => ctx.toast(errorText(err), 'error')) });
  state.shell.setUser(state.me.user, screensFor());
  replace(root, state.shell.el, state.viewer.el);
  root.removeAttribute('aria-busy');
  document.documentElement.dataset.ready = 'console';
  route();
  return undefined;
}

function showLogin(message = '', busy = false) {
  clearSession();
  root.removeAttribute('aria-busy');
  replace(root, loginView({ message, busy, onSubmit: submitLogin }));
  document.documentElement.dataset.ready = 'login';
}

async function submitLogin({ username, password, remember }) {
  replace(root, loginView({ busy: true, onSubmit: submitLogin }));
  try {
    const { token, user } = await api.login(username, password);
    state.session = { token, user };
    saveSession(state.session, remember);
    await start();
  } catch (err) {
    showLogin(errorText(err));
  }
}

async function logout() {
  try { await api.logout(); } catch { /* the token is dropped here anyway */ }
  showLogin();
}

api.whenUnauthorized(() => { if (state.session) showLogin(t('app.expired')); });
window.addEventListener('hashchange', route);
state.session = loadSession();
if (state.session && state.session.token) start();
else showLogin();
