// From unfiltered scanlines to RGBA8, for every colour type, bit depth, tRNS and interlace: Adam7
// de-interlacing of sub-byte pixels (whole-byte pixels are scattered by png_adam7) and the general conversion (sub-byte and 16-bit depths, transparency keys). The common
// 8-bit layouts go through the png_* kernels instead (png.ts picks); this is the rest, done bit-exactly,
// row padding of 1, 2 and 4-bit rows included.

import type { ImageWorkspace } from "./workspace.js";

const CHANNELS = [1, 0, 3, 1, 2, 0, 4];

interface Header { width: number; height: number; depth: number; ctype: number }

/** Packed, unfiltered rows (ceil(width * bpp / 8) bytes each) and the palette and transparency chunks. */
export interface DecodedScanlines extends Header { data: ArrayBuffer | Uint8Array; tabs: Record<string, unknown> }

/** Bits per pixel. */
function bitsPerPixel(h: Header): number {
  return CHANNELS[h.ctype] * h.depth;
}

/** Reads `bits` bits (1, 2, 4 or 8) of `data` at bit offset `at`, most significant first as PNG packs them. */
function readBits(data: Uint8Array, at: number, bits: number): number {
  return (data[at >> 3] >> (8 - bits - (at & 7))) & ((1 << bits) - 1);
}

/**
 * Adam7 de-interlacing into row-padded scanlines (rows of ceil(width * bpp / 8) bytes). The filtered
 * passes sit at `at` in the workspace; each is unfiltered in place by the png_unfilter kernel, then its
 * pixels are scattered bit-exactly. Returns the de-interlaced rows (a copy).
 */
export function deinterlace(ws: ImageWorkspace, at: number, length: number, header: Header): Uint8Array {
  const { width: w, height: h } = header;
  const bpp = bitsPerPixel(header), bpl = Math.ceil((w * bpp) / 8);
  const img = new Uint8Array(h * bpl);
  const passes = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];
  let di = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const sw = x0 < w ? Math.ceil((w - x0) / dx) : 0, sh = y0 < h ? Math.ceil((h - y0) / dy) : 0;
    if (sw === 0 || sh === 0) continue;
    const passBpl = Math.ceil((sw * bpp) / 8);
    ws.arena.kernels.png_unfilter(at + di, sh, passBpl, Math.max(1, bpp >> 3));
    const data = ws.u8(at, length);
    for (let y = 0, row = y0; row < h; y++, row += dy) {
      for (let i = 0, col = x0; col < w; i++, col += dx) {
        const src = (di + y * passBpl) * 8 + i * bpp;
        const dst = row * bpl * 8 + col * bpp;
        if (bpp >= 8) {
          for (let b = 0; b < bpp >> 3; b++) img[(dst >> 3) + b] = data[(src >> 3) + b];
        } else {
          img[dst >> 3] |= readBits(data, src, bpp) << (8 - bpp - (dst & 7));
        }
      }
    }
    di += sh * (1 + passBpl);
  }
  return img;
}

/** Row-padded scanlines (as upng-js's decode leaves them) to RGBA8, straight alpha. Throws a RangeError for a
 *  palette index past the palette (png.ts words it as damage). */
export function toRgba8(image: DecodedScanlines): Uint8Array {
  const { width: w, height: h, depth, ctype } = image;
  const data = image.data instanceof Uint8Array ? image.data : new Uint8Array(image.data);
  const bpl = Math.ceil((w * bitsPerPixel(image)) / 8);
  const out = new Uint8Array(w * h * 4);
  const trns = image.tabs.tRNS as number | number[] | Uint8Array | undefined;
  const palette = image.tabs.PLTE as number[] | undefined;
  // Sample c of pixel x in row y, as its raw value (0 .. 2^depth - 1) and scaled to 8 bits.
  const raw = (y: number, x: number, c: number): number => {
    const at = y * bpl * 8 + (x * CHANNELS[ctype] + c) * depth;
    if (depth === 16) return (data[at >> 3] << 8) | data[(at >> 3) + 1];
    if (depth === 8) return data[at >> 3];
    return readBits(data, at, depth);
  };
  // Fast paths for the common 8-bit layouts (photos, screenshots, canvas exports); the general loop below
  // handles every other depth and colour type.
  if (depth === 8 && (ctype === 6 || (ctype === 2 && !Array.isArray(trns)))) {
    for (let y = 0; y < h; y++) {
      const row = data.subarray(y * bpl, y * bpl + bpl);
      if (ctype === 6) { out.set(row, y * w * 4); continue; }
      for (let x = 0, o = y * w * 4, i = 0; x < w; x++, o += 4, i += 3) {
        out[o] = row[i]; out[o + 1] = row[i + 1]; out[o + 2] = row[i + 2]; out[o + 3] = 255;
      }
    }
    return out;
  }
  if (depth === 8 && ctype === 0 && typeof trns !== "number") {
    for (let y = 0; y < h; y++) {
      for (let x = 0, o = y * w * 4, i = y * bpl; x < w; x++, o += 4, i++) {
        const v = data[i];
        out[o] = v; out[o + 1] = v; out[o + 2] = v; out[o + 3] = 255;
      }
    }
    return out;
  }
  const max = (1 << depth) - 1;
  const colors = palette ? Math.floor(palette.length / 3) : 0;
  const to8 = (v: number) => (depth === 16 ? v >> 8 : ctype === 3 ? v : Math.round((v * 255) / max));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 4;
      if (ctype === 3) {
        const j = raw(y, x, 0);
        // An index past the palette is damage (libpng refuses it too); drawing it black would invent ink.
        if (j >= colors) throw new RangeError(`pixel (${x}, ${y}) uses palette entry ${j}, but the palette has ${colors} colours`);
        out[o] = palette![3 * j]; out[o + 1] = palette![3 * j + 1]; out[o + 2] = palette![3 * j + 2];
        out[o + 3] = trns && typeof trns !== "number" && j < trns.length ? trns[j] : 255;
      } else if (ctype === 0 || ctype === 4) {
        const v = raw(y, x, 0);
        out[o] = out[o + 1] = out[o + 2] = to8(v);
        out[o + 3] = ctype === 4 ? to8(raw(y, x, 1)) : typeof trns === "number" && v === trns ? 0 : 255;
      } else {
        const r = raw(y, x, 0), g = raw(y, x, 1), b = raw(y, x, 2);
        out[o] = to8(r); out[o + 1] = to8(g); out[o + 2] = to8(b);
        const key = Array.isArray(trns) && trns.length === 3 && r === trns[0] && g === trns[1] && b === trns[2];
        out[o + 3] = ctype === 6 ? to8(raw(y, x, 3)) : key ? 0 : 255;
      }
    }
  }
  return out;
}
