// dom.js — the one way console views build DOM: elements with properties, attributes,
// listeners and children, where strings always become text nodes. No innerHTML
// anywhere, so text typed by anyone (descriptions, names, reasons) never turns into markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

function apply(el, props) {
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.setAttribute('class', value);
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key in el && !key.includes('-') && typeof value !== 'string' && !(el instanceof SVGElement)) {
      el[key] = value;
    } else el.setAttribute(key, value === true ? '' : String(value));
  }
  return el;
}

export function h(tag, props = {}, ...children) {
  return append(apply(document.createElement(tag), props), children);
}

export function s(tag, props = {}, ...children) {
  return append(apply(document.createElementNS(SVG_NS, tag), props), children);
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

// A <select> with options [{value, label}] (or groups {label, options}), one selected.
export function select(props, options, selected) {
  const chosen = new Set([].concat(selected ?? []).map(String));
  const opt = (o) => h('option', { value: String(o.value), selected: chosen.has(String(o.value)) }, o.label);
  return h('select', props, options.map((o) => (o.options
    ? h('optgroup', { label: o.label }, o.options.map(opt)) : opt(o))));
}

// A labelled form field: <label><span>name</span>control</label>.
export function field(label, control, hint) {
  return h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), control,
    hint ? h('small', { class: 'hint' }, hint) : null);
}

// The form's values by name; checkboxes give booleans (or arrays when several share a name).
export function formValues(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled) continue;
    if (el.type === 'checkbox') {
      const many = form.querySelectorAll(`input[type=checkbox][name="${el.name}"]`).length > 1;
      if (many) { out[el.name] = out[el.name] || []; if (el.checked) out[el.name].push(el.value); }
      else out[el.name] = el.checked;
    } else if (el.type === 'file') out[el.name] = el.files[0] || null;
    else if (el.multiple) out[el.name] = [...el.selectedOptions].map((o) => o.value);
    else out[el.name] = el.type === 'password' ? el.value : el.value.trim();
  }
  return out;
}
