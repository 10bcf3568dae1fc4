// route.js — the public page's addresses. The list keeps its filters in the query
// (/public/?township=3&category=health&status=closed) so a link can be shared, and an
// item's page is /public/?item=<id>, exactly what a 公示牌's QR code opens. Photo paths
// live here too, so views can show photos without knowing the API module.

export const STATES = ['assigned', 'long_term', 'rectified', 'closed'];
const CODE = /^[a-z0-9_]{1,40}$/;

function positive(value) {
  const n = /^\d{1,10}$/.test(String(value ?? '')) ? Number(value) : 0;
  return n > 0 && n < 2 ** 31 ? n : null;
}

// The address -> {item} for an item's page, or {filters} for the list.
export function readAddress(search = location.search) {
  const q = new URLSearchParams(search);
  const item = positive(q.get('item'));
  if (item) return { item };
  const category = q.get('category') || '';
  const status = q.get('status') || '';
  return { filters: {
    township: positive(q.get('township')),
    category: CODE.test(category) ? category : null,
    status: STATES.includes(status) ? status : null,
  } };
}

// The list's address for these filters (empty ones left out).
export function listHref(filters = {}, base = location.pathname) {
  const q = new URLSearchParams();
  for (const key of ['township', 'category', 'status']) if (filters[key]) q.set(key, filters[key]);
  const query = q.toString();
  return query ? `${base}?${query}` : base;
}

// An item's page.
export function itemHref(id, base = location.pathname) {
  return `${base}?item=${Number(id)}`;
}

// A public photo's derivative: 'thumb' or 'display' (re-encoded, no metadata).
export function photoUrl(sha, variant) {
  return `/api/v1/public/photos/${encodeURIComponent(sha)}/${variant === 'display' ? 'display' : 'thumb'}`;
}
