// rate.js — the 群众评议 form on an item's or a project's page: 满意 / 基本满意 / 不满意 and
// an optional text, no login and no personal fields. After sending it thanks and shows the new
// counts; a refusal says why (429: when to try again). Sending is the controller's.

import { h, replace } from '../dom.js';
import { t, nameOf } from '../i18n/t.js';
import { waitSpan, waitUntil } from '../format.js';

export const RATINGS = ['satisfied', 'basic', 'unsatisfied'];
const MAX = 500;

// The counts box: 满意 N · 基本满意 N · 不满意 N.
export function countsBox(counts) {
  const c = counts || {};
  return h('ul', { class: 'votes', id: 'votes' }, RATINGS.map((r) => h('li', { dataset: { rating: r } },
    h('strong', { class: 'n' }, String(c[r] || 0)), h('span', {}, nameOf('votes', r)))));
}

// The form's words for the target: an item's (rate.*), or a project's where they differ
// (rate.project.*).
function words(target) {
  return (key, params) => {
    const own = target === 'project' ? t(`rate.project.${key}`, params) : null;
    return own && own !== `rate.project.${key}` ? own : t(`rate.${key}`, params);
  };
}

// Words for a refused or failed sending.
export function refusal(err, target = 'item') {
  const w = words(target);
  if (err.status === 429) {
    const s = err.retryAfter ?? 3600;
    return w('tooMany', { wait: waitSpan(s), when: waitUntil(s) });
  }
  if (err.status === 404) return w('gone');
  if (err.status === 422) return w('invalid', { message: err.message || '' });
  if (err.status === 0) return w('network');
  return w('failed');
}

// The form; send({rating, text}) -> Promise<{counts}>; onCounts(counts) after success;
// target 'item' or 'project' chooses the words.
export function rateForm({ send, onCounts, target = 'item' }) {
  const w = words(target);
  const status = h('p', { id: 'rate-status', class: 'rate-status', role: 'status', 'aria-live': 'polite' });
  const counter = h('small', { class: 'counter', id: 'rate-counter' }, t('rate.counter', { n: 0, max: MAX }));
  const text = h('textarea', { id: 'rate-text', name: 'text', rows: 3, maxlength: MAX,
    placeholder: w('placeholder'), 'aria-describedby': 'rate-privacy',
    oninput: () => replace(counter, t('rate.counter', { n: [...text.value].length, max: MAX })) });
  const button = h('button', { type: 'submit', id: 'rate-send', class: 'btn primary' }, t('rate.send'));
  const form = h('form', { id: 'rate-form', class: 'rate', noValidate: true },
    h('h3', {}, t('rate.title')),
    h('fieldset', { class: 'choices' }, h('legend', {}, w('ask')),
      RATINGS.map((r) => h('label', { class: 'choice', dataset: { rating: r } },
        h('input', { type: 'radio', name: 'rating', value: r }), h('span', {}, nameOf('votes', r))))),
    h('label', { class: 'field', for: 'rate-text' }, t('rate.text')), text, counter,
    h('p', { id: 'rate-privacy', class: 'privacy' }, t('rate.privacy')),
    button, status);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const rating = (form.querySelector('input[name=rating]:checked') || {}).value;
    status.className = 'rate-status error';
    if (!rating) { replace(status, t('rate.pick')); return; }
    button.disabled = true;
    replace(button, t('rate.sending'));
    replace(status);
    try {
      const answer = await send({ rating, text: text.value.trim() });
      onCounts(answer.counts);
      replace(form, h('p', { id: 'rate-thanks', class: 'thanks', role: 'status' }, t('rate.thanks')));
    } catch (err) {
      status.className = 'rate-status error';
      replace(status, refusal(err, target));
      button.disabled = false;
      replace(button, t('rate.send'));
    }
  });
  return form;
}
