// public.js — the public progress page (晒账单): counts by status and category and a
// paged list of items with their township, unit, deadline, progress and before/after
// photos, from GET /api/v1/public/items (no login). Residents' data never reaches
// it; every text is set with textContent. Filters and page live in the address.

import text from './i18n/zh-CN.js';

const main = document.getElementById('main');
const STATES = ['new', 'assigned', 'rectified', 'long_term', 'closed'];
const STEP = { new: 1, assigned: 2, long_term: 2, rectified: 3, closed: 4 };
const PER_PAGE = 20;
const names = new Map(Object.entries(text.categories));

function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const fill = (s, params) => s.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
const statusName = (s) => text.status[s] || s;
const categoryName = (c) => names.get(c) || c;

function readQuery() {
  const q = new URLSearchParams(location.hash.slice(1));
  const page = Math.max(1, Number.parseInt(q.get('page') || '1', 10) || 1);
  const status = STATES.includes(q.get('status')) ? q.get('status') : '';
  const category = /^[a-z_]{1,40}$/.test(q.get('category') || '') ? q.get('category') : '';
  return { page, status, category };
}

function go(next) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(next)) if (v && !(k === 'page' && v === 1)) q.set(k, v);
  location.hash = q.toString();
}

function counts(data, query) {
  const total = Object.values(data.by_status).reduce((a, b) => a + b, 0);
  const maxCat = Math.max(1, ...Object.values(data.by_category));
  const pick = (key, value) => () => go({ ...query, [key]: query[key] === value ? '' : value, page: 1 });
  return h('section', { class: 'counts', 'aria-label': text.byStatus },
    h('p', { class: 'total', id: 'public-total' }, fill(text.total, { n: total })),
    h('h2', {}, text.byStatus),
    h('ul', { class: 'status-counts' }, STATES.map((s) => h('li', {},
      h('button', { type: 'button', class: `count st-${s}`, 'aria-pressed': String(query.status === s),
        'data-status': s, onclick: pick('status', s) },
      h('strong', {}, String(data.by_status[s] || 0)), h('span', {}, statusName(s)))))),
    h('h2', {}, text.byCategory),
    h('ul', { class: 'category-counts' }, Object.entries(data.by_category).sort((a, b) => b[1] - a[1])
      .map(([c, n]) => {
        const bar = h('span', { class: 'bar' });
        bar.style.width = `${Math.round((n / maxCat) * 100)}%`;
        return h('li', {}, h('button', { type: 'button', class: 'cat', 'aria-pressed': String(query.category === c),
          'data-category': c, onclick: pick('category', c) },
        h('span', { class: 'cat-name' }, categoryName(c)), h('span', { class: 'bar-track' }, bar),
        h('strong', {}, String(n))));
      })));
}

function photo(sha, label) {
  if (!sha) return h('p', { class: 'no-photo' }, text.noPhoto);
  const src = `/api/v1/public/photos/${encodeURIComponent(sha)}/display`;
  return h('a', { href: src, target: '_blank', rel: 'noopener' },
    h('img', { src, alt: `${label}${text.photo}`, loading: 'lazy', width: 320, height: 240 }));
}

function card(it) {
  const step = STEP[it.status] || 1;
  return h('li', { class: 'item', 'data-id': it.id },
    h('div', { class: 'item-head' },
      h('span', { class: 'cat-chip' }, it.category_name || categoryName(it.category)),
      it.township ? h('span', { class: 'town' }, it.township) : null,
      h('span', { class: `chip st-${it.status}` }, statusName(it.status)),
      it.overdue ? h('span', { class: 'chip late' }, text.overdue) : null),
    h('p', { class: 'desc' }, it.description),
    h('ol', { class: 'steps', 'aria-label': text.byStatus }, text.steps.map((s, i) => h('li', {
      class: i < step ? 'done' : '', 'aria-current': i === step - 1 ? 'step' : null }, s))),
    h('dl', { class: 'facts' },
      it.unit ? [h('dt', {}, text.unit), h('dd', {}, it.unit)] : null,
      it.deadline ? [h('dt', {}, text.deadline), h('dd', {}, it.deadline)] : null,
      [h('dt', {}, text.reported), h('dd', {}, it.reported_on)],
      it.closed_on ? [h('dt', {}, text.closedOn), h('dd', {}, it.closed_on)] : null,
      it.lat !== null && it.lon !== null ? [h('dt', {}, text.place), h('dd', {}, `${it.lat.toFixed(2)}, ${it.lon.toFixed(2)}`)] : null),
    h('div', { class: 'pair' },
      h('figure', {}, h('figcaption', {}, text.before), photo(it.photos.before[0], text.before)),
      h('figure', {}, h('figcaption', {}, text.after), photo(it.photos.after[0], text.after))));
}

function pager(data, query) {
  const pages = Math.max(1, Math.ceil(data.total / data.per_page));
  return h('nav', { class: 'pager' },
    h('button', { type: 'button', disabled: query.page <= 1, 'data-page': 'prev',
      onclick: () => go({ ...query, page: query.page - 1 }) }, text.prev),
    h('span', {}, fill(text.page, { page: query.page, pages })),
    h('button', { type: 'button', disabled: query.page >= pages, 'data-page': 'next',
      onclick: () => go({ ...query, page: query.page + 1 }) }, text.next));
}

async function load() {
  const query = readQuery();
  const q = new URLSearchParams({ page: query.page, per_page: PER_PAGE });
  if (query.status) q.set('status', query.status);
  if (query.category) q.set('category', query.category);
  main.setAttribute('aria-busy', 'true');
  try {
    const resp = await fetch(`/api/v1/public/items?${q}`, { credentials: 'omit', cache: 'no-store' });
    if (!resp.ok) throw new Error(String(resp.status));
    const data = await resp.json();
    for (const it of data.items) if (it.category_name) names.set(it.category, it.category_name);
    main.replaceChildren(counts(data, query), h('section', { class: 'list' }, h('h2', {}, text.list),
      data.items.length ? h('ol', { class: 'items' }, data.items.map(card)) : h('p', { class: 'empty' }, text.empty),
      pager(data, query)));
    document.documentElement.dataset.ready = 'public';
  } catch {
    main.replaceChildren(h('p', { class: 'error', role: 'alert' }, text.failed),
      h('button', { type: 'button', onclick: load }, text.retry));
    document.documentElement.dataset.ready = 'error';
  }
  main.removeAttribute('aria-busy');
}

window.addEventListener('hashchange', load);
load();
