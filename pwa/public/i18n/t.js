// t.js — looks a public-page text up in the catalogue by dotted key and fills {name}
// placeholders. One place to switch language; a missing key shows itself.

import zh from './zh-CN.js';

const catalogue = zh;

export function t(key, params) {
  let value = catalogue;
  for (const part of key.split('.')) value = value == null ? undefined : value[part];
  if (typeof value !== 'string') return key;
  if (!params) return value;
  return value.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

// A name from a code table of the catalogue (status, steps, votes), or the code itself.
export function nameOf(table, code) {
  const text = t(`${table}.${code}`);
  return text === `${table}.${code}` ? String(code ?? '') : text;
}
