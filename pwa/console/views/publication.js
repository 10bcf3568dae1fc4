// publication.js — 公开 on an item page: whether residents see the item and, if not, why
// (未受理, or 不公开 with its reason); the text the redaction ran over beside the public
// text, each hidden span marked with its kind in words and shown as ＊; for the office the
// edit of the public text (the server redacts it again), 恢复原文 and the 不公开 switch with
// its required reason; the public page, and the 公示牌 to print or as PDF. It also names
// the timeline's publication events. Every server string becomes a text node.

import { h, field, formValues } from './dom.js';
import { t, nameOf } from '../i18n/t.js';
import { dateTime } from '../lib/format.js';

const kindName = (kind) => nameOf('publication.kinds', kind);

// Server offsets count code points; slice by code points so a character outside the BMP
// (an emoji in a report) does not shift the marks.
function segments(text, spans) {
  const chars = Array.from(text || '');
  const out = [];
  let at = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.start < at || s.end <= s.start || s.end > chars.length) continue;
    out.push({ text: chars.slice(at, s.start).join('') });
    out.push({ text: chars.slice(s.start, s.end).join(''), kind: s.kind });
    at = s.end;
  }
  out.push({ text: chars.slice(at).join('') });
  return out.filter((seg) => seg.text);
}

/** The source text with each redacted span highlighted and followed by its kind. */
function markedSource(text, spans) {
  return segments(text, spans).map((seg) => (seg.kind ? [
    h('mark', { class: 'redaction', dataset: { kind: seg.kind }, title: kindName(seg.kind) }, seg.text),
    h('span', { class: 'redaction-kind' }, kindName(seg.kind))] : seg.text));
}

/** The public text with the ＊ runs marked at the same places. */
function markedPublic(text, spans) {
  return segments(text, spans).map((seg) => (seg.kind
    ? h('mark', { class: 'masked', dataset: { kind: seg.kind }, title: kindName(seg.kind) }, seg.text) : seg.text));
}

// What was hidden, in words: 隐去个人信息 3 处：门牌 1 处、姓名 1 处、电话 1 处.
function foundLine(spans) {
  if (!spans.length) return t('publication.foundNone');
  const counts = new Map();
  for (const s of spans) counts.set(s.kind, (counts.get(s.kind) || 0) + 1);
  const list = [...counts].map(([kind, n]) => t('publication.kindCount', { kind: kindName(kind), n })).join('、');
  return t('publication.found', { n: spans.length, list });
}

function stateLine(pub) {
  const key = pub.public ? 'public' : pub.not_public_because || 'not_accepted';
  return [h('p', { class: pub.public ? 'pub-state ok-box' : 'pub-state warn-box', id: 'pub-state',
    dataset: { state: key } }, t(`publication.state.${key}`)),
  pub.hidden && pub.hidden_reason ? h('p', { id: 'pub-hidden-reason' },
    t('publication.hiddenReason', { r: pub.hidden_reason })) : null];
}

// The public page and the 公示牌, for an item residents can see.
function outward(it, pub, p) {
  if (!pub.public) return null;
  const frame = p.placard ? h('iframe', { class: 'print-frame', id: 'placard-frame',
    title: t('publication.placardFrame'), sandbox: 'allow-same-origin allow-modals' }) : null;
  if (frame) frame.srcdoc = p.placard;
  return [h('div', { class: 'row no-print' },
    h('a', { href: `/public/?item=${it.id}`, id: 'pub-view', target: '_blank', rel: 'noopener' },
      t('publication.view')),
    p.canPlacard ? [
      h('button', { type: 'button', class: 'btn small', id: 'pub-placard', disabled: p.pubBusy,
        onclick: p.onPlacard }, t('publication.placard')),
      h('button', { type: 'button', class: 'btn small', id: 'pub-placard-pdf', disabled: p.pubBusy,
        onclick: p.onPlacardPdf }, t('publication.placardPdf')),
      frame ? h('button', { type: 'button', class: 'btn small primary', id: 'placard-print',
        onclick: () => frame.contentWindow && frame.contentWindow.print() }, t('publication.doPrint')) : null,
    ] : null), frame];
}

function texts(pub) {
  return [h('div', { class: 'pub-compare' },
    h('div', { class: 'pub-col', id: 'pub-source' },
      h('h4', {}, t(pub.edited ? 'publication.source' : 'publication.original')),
      h('p', { class: 'pub-text' }, markedSource(pub.source, pub.redactions))),
    h('div', { class: 'pub-col', id: 'pub-public' }, h('h4', {}, t('publication.text')),
      h('p', { class: 'pub-text' }, markedPublic(pub.text, pub.redactions)))),
  h('p', { class: 'muted small', id: 'pub-found' }, foundLine(pub.redactions)),
  pub.edited ? h('details', { class: 'pub-original', id: 'pub-original' },
    h('summary', {}, t('publication.originalBelow')), h('p', { class: 'pub-text' }, pub.original)) : null,
  pub.updated_at ? h('p', { class: 'muted small', id: 'pub-updated' },
    t('publication.updated', { name: pub.updated_by_name || '', at: dateTime(pub.updated_at) })) : null];
}

// A form of the office's whose refusal (p.pubFailed) comes back with what was sent.
function officeForm(id, which, p, controls, buttons, check) {
  const kept = p.pubFailed && p.pubFailed.which === which ? p.pubFailed : null;
  const message = h('p', { class: 'error', role: 'alert' }, kept ? kept.text : '');
  const form = h('form', { class: 'action-form', id }, controls(kept ? kept.body : null),
    h('div', { class: 'row' }, buttons), message);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const problem = check(formValues(form));
    message.textContent = problem || '';
  });
  return form;
}

function editForm(pub, p) {
  const kept = p.pubFailed && p.pubFailed.which === 'text';
  const form = officeForm('pub-edit-form', 'text', p, (sent) => field(t('publication.editLabel'),
    h('textarea', { name: 'text', rows: 4, maxlength: '4000', id: 'pub-edit-text' },
      sent && typeof sent.text === 'string' ? sent.text : pub.source), t('publication.editHint')),
  [h('button', { type: 'submit', class: 'btn primary', id: 'pub-save', disabled: p.pubBusy }, t('publication.save')),
    pub.edited ? h('button', { type: 'button', class: 'btn ghost', id: 'pub-restore', disabled: p.pubBusy,
      onclick: () => p.onPublication({ text: null }, 'restore') }, t('publication.restore')) : null],
  (v) => {
    if (!v.text) return t('publication.needText');
    p.onPublication({ text: v.text }, 'text');
    return '';
  });
  return h('details', { class: 'pub-edit', id: 'pub-edit', open: Boolean(kept || p.pubEditing) },
    h('summary', {}, t('publication.edit')), form);
}

function hideForm(pub, p) {
  if (pub.hidden) {
    return h('div', { class: 'row' }, h('button', { type: 'button', class: 'btn', id: 'pub-release',
      disabled: p.pubBusy, onclick: () => p.onPublication({ hidden: false }, 'release') }, t('publication.release')));
  }
  const form = officeForm('pub-hide-form', 'hide', p, (sent) => field(t('publication.hideLabel'),
    h('textarea', { name: 'hidden_reason', rows: 2, maxlength: '500', id: 'pub-hide-reason',
      'aria-required': 'true', placeholder: t('publication.hideHint') }, (sent && sent.hidden_reason) || '')),
  [h('button', { type: 'submit', class: 'btn danger', id: 'pub-hide', disabled: p.pubBusy }, t('publication.hide'))],
  (v) => {
    if (!v.hidden_reason) return t('publication.needReason');
    p.onPublication({ hidden: true, hidden_reason: v.hidden_reason }, 'hide');
    return '';
  });
  const kept = p.pubFailed && p.pubFailed.which === 'hide';
  return h('details', { class: 'pub-edit', id: 'pub-hide-box', open: Boolean(kept) },
    h('summary', {}, t('publication.hideTitle')), form);
}

// The 公开 section of an item page (null for a role that may not read it).
export function publicationSection(it, p) {
  if (!p.canReadPub) return null;
  const pub = p.pub;
  let body;
  if (p.pubError) body = h('p', { class: 'error' }, p.pubError);
  else if (!pub) body = h('p', { class: 'loading' }, t('app.loading'));
  else {
    body = [stateLine(pub), outward(it, pub, p), texts(pub),
      p.canEditPub ? [editForm(pub, p), hideForm(pub, p)]
        : h('p', { class: 'muted small', id: 'pub-read-only' }, t('publication.readOnly'))];
  }
  return h('section', { class: 'panel', id: 'publication',
    dataset: pub ? { public: String(pub.public), hidden: String(pub.hidden) } : {} },
  h('h3', {}, t('publication.title')), body);
}

/** seq -> {label, lines} of each publication event: what it changed from the one before. */
export function publicationEvents(events) {
  const out = new Map();
  let prev = { hidden: false, text: null };
  for (const ev of events || []) {
    if (ev.action !== 'publication') continue;
    const b = ev.payload || {};
    const now = { hidden: Boolean(b.hidden), text: b.text || null };
    let key;
    if (now.hidden !== prev.hidden) key = now.hidden ? 'hide' : 'release';
    else if (now.text !== prev.text) key = now.text ? 'edit' : 'restore';
    else key = now.hidden ? 'hide' : (now.text ? 'edit' : 'restore');
    const lines = [];
    if (now.text && now.text !== prev.text) lines.push(t('publication.event.text', { t: now.text }));
    if (now.hidden && b.hidden_reason) lines.push(t('publication.event.reason', { r: b.hidden_reason }));
    out.set(ev.seq, { label: t(`publication.event.${key}`), lines });
    prev = now;
  }
  return out;
}
