// route.js — the public page's addresses. The list keeps its tab and filters in the query
// (/public/?township=3&category=health&status=closed for problems, /public/?tab=projects&…
// for 民生实事) so a link can be shared; an item's page is /public/?item=<id> and a
// project's /public/?project=<id>, exactly what a 公示牌's QR code opens. Photo paths live
// here too, so views can show photos without knowing the API module.

export const STATES = ['assigned', 'long_term', 'rectified', 'closed'];
export const PROJECT_STATES = ['planned', 'in_progress', 'completed', 'in_use', 'closed'];
export const TABS = ['items', 'projects'];
const CODE = /^[a-z0-9_]{1,40}$/;

function positive(value) {
  const n = /^\d{1,10}$/.test(String(value ?? '')) ? Number(value) : 0;
  return n > 0 && n < 2 ** 31 ? n : null;
}

// The address -> {item} or {project} for a page, or {tab, filters} for a list.
export function readAddress(search = location.search) {
  const q = new URLSearchParams(search);
  const item = positive(q.get('item'));
  if (item) return { item };
  const project = positive(q.get('project'));
  if (project) return { project };
  const tab = q.get('tab') === 'projects' ? 'projects' : 'items';
  const category = q.get('category') || '';
  const status = q.get('status') || '';
  const states = tab === 'projects' ? PROJECT_STATES : STATES;
  return { tab, filters: {
    township: positive(q.get('township')),
    category: CODE.test(category) ? category : null,
    status: states.includes(status) ? status : null,
  } };
}

// A list's address for these filters (empty ones left out); the problems' list is the
// page's own address, the projects' carries tab=projects.
export function listHref(filters = {}, base = location.pathname, tab = 'items') {
  const q = new URLSearchParams();
  if (tab === 'projects') q.set('tab', 'projects');
  for (const key of ['township', 'category', 'status']) if (filters[key]) q.set(key, filters[key]);
  const query = q.toString();
  return query ? `${base}?${query}` : base;
}

// An item's page.
export function itemHref(id, base = location.pathname) {
  return `${base}?item=${Number(id)}`;
}

// A project's page.
export function projectHref(id, base = location.pathname) {
  return `${base}?project=${Number(id)}`;
}

// A public photo's derivative: 'thumb' or 'display' (re-encoded, no metadata).
export function photoUrl(sha, variant) {
  return `/api/v1/public/photos/${encodeURIComponent(sha)}/${variant === 'display' ? 'display' : 'thumb'}`;
}
