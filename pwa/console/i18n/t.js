// t.js — looks a console message up in the catalogue by dotted key and fills {name}
// placeholders. One place to switch language; a missing key shows itself.

import zh from './zh-CN.js';

let catalogue = zh;

export function setCatalogue(next) { catalogue = next; }

export function t(key, params) {
  let value = catalogue;
  for (const part of key.split('.')) value = value == null ? undefined : value[part];
  if (typeof value !== 'string') return key;
  if (!params) return value;
  return value.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

// A name from a code table of the catalogue (status, category, flag...), or the code.
export function nameOf(table, code) {
  if (code === null || code === undefined || code === '') return '';
  const text = t(`${table}.${code}`);
  return text === `${table}.${code}` ? String(code) : text;
}

// A name from the first of several code tables that holds the code (a feature's own
// block may add codes to a shared table: spot.actions beside actions), or the code.
export function nameIn(tables, code) {
  for (const table of tables) {
    const text = nameOf(table, code);
    if (text !== String(code)) return text;
  }
  return nameOf(tables[0], code);
}

// An API error in words: the catalogue's text for its code, else the server's message.
export function errorText(err) {
  if (!err) return '';
  const own = t(`errors.${err.code}`);
  if (own !== `errors.${err.code}`) return own;
  return err.message || t('errors.unknown', { code: err.code || '?' });
}
