// photo.js — turn a picked or captured file into the bytes we upload: a JPEG of
// at most 2048 px (quality about 0.8), upright, with the camera's EXIF carried
// over (Orientation set to 1) so the server still reads GPS and time. HEIC and
// anything the browser cannot decode go unchanged. SHA-256 is computed here.

import { findExif, isJpeg, readOrientation, replaceExif, withOrientation } from './exif.js';

export const MAX_EDGE = 2048;
export const QUALITIES = [0.8, 0.7, 0.6];
export const BUDGET = 600 * 1024;

export function sniffMime(b) {
  if (isJpeg(b)) return 'image/jpeg';
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  const ascii = (from, to) => String.fromCharCode(...b.subarray(from, to));
  if (b.length > 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (b.length > 12 && ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12);
    if (['heic', 'heix', 'hevc', 'heim', 'heis', 'hevm', 'hevs'].includes(brand)) return 'image/heic';
    if (['mif1', 'msf1'].includes(brand)) return 'image/heif';
  }
  return null;
}

export async function sha256Hex(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', buffer));
  return [...digest].map((x) => x.toString(16).padStart(2, '0')).join('');
}

async function decode(blob) {
  if (typeof createImageBitmap === 'function') {
    try {
      return await createImageBitmap(blob, { imageOrientation: 'from-image' });
    } catch { /* fall back to an <img>, which also applies EXIF orientation */ }
  }
  if (typeof document === 'undefined') throw new Error('cannot decode');
  const url = URL.createObjectURL(blob);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return img;
  } finally {
    URL.revokeObjectURL(url);
  }
}

function canvasFor(width, height) {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(width, height);
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  return c;
}

function toJpeg(canvas, quality) {
  if (canvas.convertToBlob) return canvas.convertToBlob({ type: 'image/jpeg', quality });
  return new Promise((resolve, reject) => canvas.toBlob(
    (b) => (b ? resolve(b) : reject(new Error('encode failed'))), 'image/jpeg', quality));
}

export function fitWithin(width, height, max = MAX_EDGE) {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

// Re-encode decodable images; null when the original is the better upload.
async function reencode(bytes, mime) {
  const image = await decode(new Blob([bytes], { type: mime }));
  const srcW = image.width;
  const srcH = image.height;
  if (!srcW || !srcH) return null;
  const size = fitWithin(srcW, srcH);
  const canvas = canvasFor(size.width, size.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size.width, size.height);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(image, 0, 0, size.width, size.height);
  if (image.close) image.close();
  let out = null;
  for (const q of QUALITIES) {
    out = new Uint8Array(await (await toJpeg(canvas, q)).arrayBuffer());
    if (out.length <= BUDGET) break;
  }
  const app1 = mime === 'image/jpeg' ? findExif(bytes) : null;
  const orientation = app1 ? readOrientation(app1) : null;
  if (app1) out = replaceExif(out, withOrientation(app1, 1, size));
  const untouched = mime === 'image/jpeg' && size.width === srcW && size.height === srcH
    && (orientation === null || orientation === 1);
  if (untouched && out.length >= bytes.length) return null;
  return { bytes: out, width: size.width, height: size.height };
}

// -> {sha, mime, data: ArrayBuffer, size, width, height, name, resized, originalSize}
export async function preparePhoto(file) {
  const original = await file.arrayBuffer();
  const bytes = new Uint8Array(original);
  const sniffed = sniffMime(bytes);
  const mime = sniffed || file.type || 'application/octet-stream';
  let result = null;
  if (sniffed && sniffed !== 'image/heic' && sniffed !== 'image/heif') {
    try {
      result = await reencode(bytes, sniffed);
    } catch {
      result = null; // undecodable: the server gets the file as it is
    }
  }
  const data = result ? result.bytes.buffer.slice(result.bytes.byteOffset,
    result.bytes.byteOffset + result.bytes.byteLength) : original;
  return {
    sha: await sha256Hex(data),
    mime: result ? 'image/jpeg' : mime,
    data,
    size: data.byteLength,
    width: result?.width ?? null,
    height: result?.height ?? null,
    name: file.name || '',
    resized: Boolean(result),
    originalSize: original.byteLength,
  };
}
