// signature.js — the resident's handwritten signature: a canvas drawn on with
// pointer events (finger, stylus or mouse alike; touch-action none so the page
// does not scroll under the pen), on a white ground so the PNG reads anywhere.
// toPng() gives the PNG bytes, or null when nothing was drawn.

import { h } from './dom.js';

const INK = '#111';
const MAX_SIDE = 1200; // px of the exported image, whatever the screen density

export function createSignaturePad({ label, onChange = () => {} }) {
  const canvas = h('canvas', { class: 'signature-pad', role: 'img', 'aria-label': label,
    'data-ink': '0' });
  const ctx = canvas.getContext('2d');
  let ink = false;
  let pen = null; // { id, x, y } while a pointer is down

  const scale = () => Math.min(window.devicePixelRatio || 1, MAX_SIDE / Math.max(1, canvas.clientWidth));

  function ground() {
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
  }

  // Match the bitmap to the laid-out size, keeping what was drawn.
  function fit() {
    const w = Math.round(canvas.clientWidth * scale());
    const hgt = Math.round(canvas.clientHeight * scale());
    if (!w || !hgt || (w === canvas.width && hgt === canvas.height)) return;
    let old = null;
    if (ink) {
      old = document.createElement('canvas');
      old.width = canvas.width;
      old.height = canvas.height;
      old.getContext('2d').drawImage(canvas, 0, 0);
    }
    canvas.width = w;
    canvas.height = hgt;
    ground();
    if (old) ctx.drawImage(old, 0, 0, w, hgt);
  }
  ground();
  if (typeof ResizeObserver === 'function') new ResizeObserver(fit).observe(canvas);

  function at(e) {
    const r = canvas.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * canvas.width) / r.width,
      y: ((e.clientY - r.top) * canvas.height) / r.height };
  }

  function stroke(from, to) {
    ctx.strokeStyle = INK;
    ctx.lineWidth = 2.6 * scale();
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
  }

  function mark() {
    if (!ink) { ink = true; canvas.dataset.ink = '1'; }
  }

  canvas.addEventListener('pointerdown', (e) => {
    if (pen || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    fit();
    try { canvas.setPointerCapture(e.pointerId); } catch { /* pointer already gone */ }
    const p = at(e);
    pen = { id: e.pointerId, ...p };
    stroke(p, { x: p.x + 0.1, y: p.y + 0.1 }); // a tap leaves a dot
    mark();
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!pen || e.pointerId !== pen.id) return;
    e.preventDefault();
    const events = e.getCoalescedEvents ? e.getCoalescedEvents() : [];
    for (const ev of events.length ? events : [e]) {
      const p = at(ev);
      stroke(pen, p);
      Object.assign(pen, p);
    }
  });
  const lift = (e) => {
    if (!pen || e.pointerId !== pen.id) return;
    pen = null;
    onChange();
  };
  for (const type of ['pointerup', 'pointercancel', 'lostpointercapture']) {
    canvas.addEventListener(type, lift);
  }

  return {
    el: canvas,
    get hasInk() { return ink; },
    clear() {
      ink = false;
      canvas.dataset.ink = '0';
      fit();
      ground();
      onChange();
    },
    toPng() {
      if (!ink) return Promise.resolve(null);
      return new Promise((resolve, reject) => canvas.toBlob(async (blob) => {
        if (!blob) { reject(new Error('encode failed')); return; }
        resolve({ data: await blob.arrayBuffer(), width: canvas.width, height: canvas.height });
      }, 'image/png'));
    },
  };
}
