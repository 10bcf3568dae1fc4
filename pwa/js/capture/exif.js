// exif.js — carry a photo's EXIF over to its resized copy, so the server still
// reads GPS and capture time. Pure byte work on Uint8Arrays, no DOM, never throws
// on damaged input: it answers null (or the input unchanged) instead.
//   findExif(jpeg)             -> the first APP1 if it is Exif (marker included), or null
//   readOrientation(app1)      -> the IFD0 Orientation value or null
//   withOrientation(app1, 1, {width, height}) -> a copy with Orientation (and the
//                                 Exif pixel dimensions) rewritten; the canvas
//                                 already turned the pixels upright
//   replaceExif(jpeg, app1)    -> the JPEG with app1 right after SOI, replacing
//                                 its APP0 (JFIF) and any Exif APP1 it had

const SOI = 0xd8;
const SOS = 0xda;
const APP0 = 0xe0;
const APP1 = 0xe1;
const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0, 0]; // "Exif\0\0"
const TIFF_START = 10; // FF E1 len(2) "Exif\0\0"

export function isJpeg(b) {
  return b.length > 3 && b[0] === 0xff && b[1] === SOI && b[2] === 0xff;
}

// The header segments of a JPEG up to (not including) the scan.
export function segments(b) {
  const out = [];
  if (!isJpeg(b)) return out;
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return out; // not a marker: damaged header, stop here
    let marker = b[i + 1];
    while (marker === 0xff && i + 2 < b.length) { i += 1; marker = b[i + 1]; } // fill bytes
    if (marker === SOS || marker === 0xd9) break;
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) { i += 2; continue; }
    const length = (b[i + 2] << 8) | b[i + 3];
    if (length < 2 || i + 2 + length > b.length) return out;
    out.push({ marker, start: i, end: i + 2 + length });
    i += 2 + length;
  }
  return out;
}

function isExifSegment(b, seg) {
  if (seg.marker !== APP1 || seg.end - seg.start < TIFF_START + 8) return false;
  return EXIF_HEADER.every((v, k) => b[seg.start + 4 + k] === v);
}

// Only the first APP1 counts, as for the server's reader: cameras and phones write
// EXIF there; a later one is an editor's (no_exif.jpg has Photoshop's after XMP).
export function findExif(b) {
  const seg = segments(b).find((s) => s.marker === APP1);
  return seg && isExifSegment(b, seg) ? b.slice(seg.start, seg.end) : null;
}

// A little reader over the TIFF block inside an APP1 segment.
function tiff(app1) {
  if (!app1 || app1.length < TIFF_START + 8) return null;
  const view = new DataView(app1.buffer, app1.byteOffset + TIFF_START,
    app1.length - TIFF_START);
  const order = view.getUint16(0);
  if (order !== 0x4949 && order !== 0x4d4d) return null;
  const le = order === 0x4949;
  if (view.getUint16(2, le) !== 42) return null;
  return { view, le, ifd0: view.getUint32(4, le) };
}

// Entries of the IFD at `offset`: [{tag, type, count, at}] where `at` is the entry's
// offset in the TIFF block (value field at at+8).
function entries(t, offset) {
  const { view, le } = t;
  if (offset < 8 || offset + 2 > view.byteLength) return [];
  const n = view.getUint16(offset, le);
  const list = [];
  for (let k = 0; k < n; k += 1) {
    const at = offset + 2 + k * 12;
    if (at + 12 > view.byteLength) break;
    list.push({ tag: view.getUint16(at, le), type: view.getUint16(at + 2, le),
      count: view.getUint32(at + 4, le), at });
  }
  return list;
}

function readShortOrLong(t, e) {
  if (e.count !== 1) return null;
  if (e.type === 3) return t.view.getUint16(e.at + 8, t.le);
  if (e.type === 4) return t.view.getUint32(e.at + 8, t.le);
  return null;
}

function writeShortOrLong(t, e, value) {
  if (e.count !== 1) return;
  if (e.type === 3 && value <= 0xffff) t.view.setUint16(e.at + 8, value, t.le);
  else if (e.type === 4) t.view.setUint32(e.at + 8, value, t.le);
}

export function readOrientation(app1) {
  const t = tiff(app1);
  if (!t) return null;
  const e = entries(t, t.ifd0).find((x) => x.tag === 0x0112);
  return e ? readShortOrLong(t, e) : null;
}

export function withOrientation(app1, value = 1, size = null) {
  const copy = app1.slice();
  const t = tiff(copy);
  if (!t) return copy;
  const ifd0 = entries(t, t.ifd0);
  const orientation = ifd0.find((x) => x.tag === 0x0112);
  if (orientation) writeShortOrLong(t, orientation, value);
  const exifPointer = ifd0.find((x) => x.tag === 0x8769);
  if (size && exifPointer) {
    const sub = entries(t, t.view.getUint32(exifPointer.at + 8, t.le));
    const w = sub.find((x) => x.tag === 0xa002);
    const h = sub.find((x) => x.tag === 0xa003);
    if (w) writeShortOrLong(t, w, size.width);
    if (h) writeShortOrLong(t, h, size.height);
  }
  return copy;
}

export function replaceExif(jpeg, app1) {
  if (!isJpeg(jpeg) || !app1 || app1.length > 0xffff + 2) return jpeg;
  const segs = segments(jpeg);
  const drop = segs.filter((s) => (s.marker === APP0) || isExifSegment(jpeg, s));
  const parts = [jpeg.subarray(0, 2), app1];
  let from = 2;
  for (const s of drop) {
    parts.push(jpeg.subarray(from, s.start));
    from = s.end;
  }
  parts.push(jpeg.subarray(from));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
