// Plain-TypeScript twins of assembly/png.ts: the same filters, packing and widening, byte for byte.

import type { MemoryViews } from "../memory.js";

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

export function pngTwins(heap: MemoryViews) {
  return {
    /** Reverses filters 0-4 and packs the rows (row r at data + r * bpl). */
    png_unfilter(data: number, rows: number, bpl: number, bpp: number): void {
      const u8 = heap.u8;
      for (let y = 0; y < rows; y++) {
        const out = data + y * bpl, src = out + y + 1, type = u8[src - 1], up = out - bpl;
        for (let x = 0; x < bpl; x++) {
          const a = x >= bpp ? u8[out + x - bpp] : 0;
          const b = y > 0 ? u8[up + x] : 0;
          const c = x >= bpp && y > 0 ? u8[up + x - bpp] : 0;
          const predicted = type === 1 ? a : type === 2 ? b : type === 3 ? (a + b) >> 1 : type === 4 ? paeth(a, b, c) : 0;
          u8[out + x] = (u8[src + x] + predicted) & 255;
        }
      }
    },

    /** 8-bit grey, grey+alpha, RGB or RGBA samples to RGBA8. */
    png_rgba8(out: number, data: number, pixels: number, channels: number): void {
      const u8 = heap.u8;
      for (let i = 0; i < pixels; i++) {
        const s = data + i * channels, o = out + i * 4;
        const grey = channels < 3;
        u8[o] = u8[s];
        u8[o + 1] = grey ? u8[s] : u8[s + 1];
        u8[o + 2] = grey ? u8[s] : u8[s + 2];
        u8[o + 3] = channels === 2 ? u8[s + 1] : channels === 4 ? u8[s + 3] : 255;
      }
    },

    /** 8-bit palette indices to RGBA8; -1, or the first pixel whose index is past the palette. */
    png_palette8(out: number, data: number, pixels: number, palette: number, colors: number): number {
      const u8 = heap.u8;
      for (let i = 0; i < pixels; i++) {
        const j = u8[data + i];
        if (j >= colors) return i;
        u8.copyWithin(out + i * 4, palette + j * 4, palette + j * 4 + 4);
      }
      return -1;
    },

    /** Scatters one Adam7 pass of whole-byte pixels into the image's rows. */
    png_adam7(image: number, pass: number, w: number, h: number, bpp: number, x0: number, y0: number, dx: number, dy: number): void {
      const u8 = heap.u8, sw = x0 < w ? Math.ceil((w - x0) / dx) : 0;
      let src = pass;
      for (let row = y0; row < h; row += dy) {
        for (let i = 0; i < sw; i++) {
          const dst = image + (row * w + x0 + i * dx) * bpp;
          for (let c = 0; c < bpp; c++) u8[dst + c] = u8[src + i * bpp + c];
        }
        src += sw * bpp;
      }
    },
  };
}
