// t.js — looks a message up in the catalogue by dotted key and fills {name}
// placeholders. One place to switch language later; a missing key shows itself.

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

// A server or local error code in words: the catalogue's text, else the server's.
export function errorText(code, fallback) {
  const text = t(`errors.codes.${code}`);
  if (text !== `errors.codes.${code}`) return text;
  return fallback || t('errors.unknown', { code });
}

// A rejected mutation's error in words, naming the field when the server says which.
export function reasonText(error) {
  if (!error) return '';
  const reason = errorText(error.code, error.message);
  const d = error.details || {};
  const name = d.field || Object.keys(d.fields || {})[0];
  const field = name ? t(`errors.fields.${name}`) : '';
  return field && field !== `errors.fields.${name}` ? t('errors.withField', { reason, field }) : reason;
}
