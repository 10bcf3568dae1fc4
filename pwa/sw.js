/* sw.js — the service worker: keeps the app shell for offline use and relays
 * Background Sync to the open app.
 * The server prepends `self.__ZL_PRECACHE__ = {version, files, roles}` (each a list of
 * {url, hash}), derived from the files' content hashes, so any changed file makes a
 * new worker. `files` is the core shell; `roles` the handler's and supervisor's screens.
 * - install: fetch every core file (checking its SHA-256) into zl-shell-<version>,
 *   plus the role screens when an older shell cache held them (a role user keeps
 *   working offline across versions); no skipWaiting — the page asks for it once the
 *   cadre agrees to update. A file whose copy in the HTTP cache has the listed hash
 *   (the page has usually just loaded it) is taken from there, not fetched again.
 * - message KEEP_ROLES: the page of a handler or supervisor asks, after login, to keep
 *   the role screens in the current version's cache; answers {ok}.
 * - activate: delete older zl-shell-* caches, take control of open pages.
 * - fetch: the shell (core and role screens) cache-first; thumbnails cache-first in
 *   zl-thumbs (photos are content-addressed, so a cached one never goes stale); the
 *   API never cached.
 * - sync: ask an open page to run its sync engine (one code path for sync).
 */
const PRECACHE = self.__ZL_PRECACHE__ || { version: 'dev', files: [], roles: [] };
const SHELL = `zl-shell-${PRECACHE.version}`;
const THUMBS = 'zl-thumbs';
const ROLES = PRECACHE.roles || [];
const SHELL_URLS = new Set([...PRECACHE.files, ...ROLES].map((f) => f.url));
const THUMB_PATH = /^\/api\/v1\/photos\/[0-9a-f]{64}\/thumb$/;

async function sha256Hex(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', buffer));
  return Array.from(digest, (x) => x.toString(16).padStart(2, '0')).join('');
}

// The file as this version lists it: what the HTTP cache holds when its hash is
// right (the page has usually just loaded it: no request at all), else the server's.
async function precacheOne(cache, file) {
  for (const mode of ['force-cache', 'no-cache']) {
    const resp = await fetch(new Request(file.url, { cache: mode, credentials: 'same-origin' }));
    if (!resp.ok) throw new Error(`precache ${file.url}: HTTP ${resp.status}`);
    const body = await resp.clone().arrayBuffer();
    if ((await sha256Hex(body)) === file.hash) return cache.put(file.url, resp);
  }
  throw new Error(`precache ${file.url}: changed`);
}

// Whether another shell cache holds a role screen: its user needs them offline.
async function rolesKeptBefore() {
  for (const name of await caches.keys()) {
    if (!name.startsWith('zl-shell-') || name === SHELL) continue;
    const old = await caches.open(name);
    for (const f of ROLES) if (await old.match(f.url)) return true;
  }
  return false;
}

async function keepRoles() {
  const cache = await caches.open(SHELL);
  await Promise.all(ROLES.map(async (f) => (await cache.match(f.url)) || precacheOne(cache, f)));
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const carry = await rolesKeptBefore();
    const cache = await caches.open(SHELL);
    await Promise.all(PRECACHE.files.map((f) => precacheOne(cache, f)));
    if (carry) await keepRoles();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('zl-shell-') && name !== SHELL) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  const type = event.data && event.data.type;
  const reply = (answer) => event.ports[0]?.postMessage(answer);
  if (type === 'SKIP_WAITING') self.skipWaiting();
  else if (type === 'VERSION') reply({ version: PRECACHE.version });
  else if (type === 'KEEP_ROLES') {
    event.waitUntil(keepRoles().then(() => reply({ ok: true }), () => reply({ ok: false })));
  }
});

async function fromShell(request, key) {
  const cached = await caches.match(key, { cacheName: SHELL });
  return cached || fetch(request);
}

async function thumb(request) {
  const cache = await caches.open(THUMBS);
  const cached = await cache.match(request.url);
  if (cached) return cached;
  const resp = await fetch(request);
  if (resp.ok) await cache.put(request.url, resp.clone());
  return resp;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && (url.pathname === '/' || url.pathname === '/index.html')) {
    event.respondWith(fromShell(request, '/'));
  } else if (THUMB_PATH.test(url.pathname)) {
    event.respondWith(thumb(request));
  } else if (SHELL_URLS.has(url.pathname) && url.pathname !== '/') {
    event.respondWith(fromShell(request, url.pathname));
  }
});

// Background Sync: the engine lives in the page; wake it and wait for its answer.
async function askPageToSync() {
  const pages = await self.clients.matchAll({ type: 'window' });
  if (!pages.length) return; // the app syncs on its own when next opened
  const answer = await new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve({ ok: false }), 4 * 60 * 1000);
    channel.port1.onmessage = (e) => { clearTimeout(timer); resolve(e.data || {}); };
    pages[0].postMessage({ type: 'zl-sync' }, [channel.port2]);
  });
  if (!answer.ok) throw new Error('sync not finished; the browser will try again');
}

self.addEventListener('sync', (event) => {
  if (event.tag === 'zl-outbox') event.waitUntil(askPageToSync());
});
