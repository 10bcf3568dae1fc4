/* sw.js — the service worker: keeps the app shell for offline use and relays
 * Background Sync to the open app.
 * The server prepends `self.__ZL_PRECACHE__ = {version, files: [{url, hash}]}`,
 * derived from the files' content hashes, so any changed file makes a new worker.
 * - install: fetch every file (checking its SHA-256) into zl-shell-<version>; no
 *   skipWaiting — the page asks for it once the cadre agrees to update.
 * - activate: delete older zl-shell-* caches, take control of open pages.
 * - fetch: the shell cache-first; thumbnails cache-first in zl-thumbs (photos are
 *   content-addressed, so a cached one never goes stale); the API never cached.
 * - sync: ask an open page to run its sync engine (one code path for sync).
 */
const PRECACHE = self.__ZL_PRECACHE__ || { version: 'dev', files: [] };
const SHELL = `zl-shell-${PRECACHE.version}`;
const THUMBS = 'zl-thumbs';
const SHELL_URLS = new Set(PRECACHE.files.map((f) => f.url));
const THUMB_PATH = /^\/api\/v1\/photos\/[0-9a-f]{64}\/thumb$/;

async function sha256Hex(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', buffer));
  return Array.from(digest, (x) => x.toString(16).padStart(2, '0')).join('');
}

async function precacheOne(cache, file) {
  const resp = await fetch(new Request(`${file.url}?v=${file.hash.slice(0, 16)}`,
    { cache: 'no-cache', credentials: 'same-origin' }));
  if (!resp.ok) throw new Error(`precache ${file.url}: HTTP ${resp.status}`);
  const body = await resp.clone().arrayBuffer();
  if ((await sha256Hex(body)) !== file.hash) throw new Error(`precache ${file.url}: changed`);
  await cache.put(file.url, resp);
}

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) =>
    Promise.all(PRECACHE.files.map((f) => precacheOne(cache, f)))));
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
  if (type === 'SKIP_WAITING') self.skipWaiting();
  else if (type === 'VERSION' && event.ports[0]) event.ports[0].postMessage({ version: PRECACHE.version });
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
