// route.js — the console's address: `#/screen/sub?filters`, so back/forward, reload
// and a bookmarked ledger query all work. Pure functions over strings.

export function parse(hash) {
  const raw = String(hash || '').replace(/^#\/?/, '');
  const [path, query = ''] = raw.split('?');
  const segments = path.split('/').filter(Boolean).map((p) => {
    try { return decodeURIComponent(p); } catch { return ''; }
  });
  return { screen: segments[0] || '', sub: segments[1] || '', params: new URLSearchParams(query) };
}

// Plain values -> query: arrays repeat their key; empty, null and false are left out.
export function toQuery(values) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(values || {})) {
    for (const v of [].concat(value)) {
      if (v === undefined || v === null || v === '' || v === false) continue;
      q.append(key, v === true ? 'true' : String(v));
    }
  }
  return q;
}

export function build(screen, sub = '', values = null) {
  let hash = `#/${screen}`;
  if (sub) hash += `/${encodeURIComponent(sub)}`;
  const q = values instanceof URLSearchParams ? values.toString() : toQuery(values).toString();
  return q ? `${hash}?${q}` : hash;
}

// Query -> values by a spec {name: 'list' | 'bool' | 'int' | 'text'}; unknown names are dropped.
export function read(params, spec) {
  const out = {};
  for (const [name, kind] of Object.entries(spec)) {
    if (kind === 'list') {
      const all = params.getAll(name).filter(Boolean);
      if (all.length) out[name] = all;
      continue;
    }
    const v = params.get(name);
    if (v === null || v === '') continue;
    if (kind === 'bool') out[name] = v === 'true';
    else if (kind === 'int') {
      const n = Number.parseInt(v, 10);
      if (Number.isFinite(n) && n > 0) out[name] = n;
    } else out[name] = v;
  }
  return out;
}
