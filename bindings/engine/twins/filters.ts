// Plain-TypeScript twins of assembly/filters.ts: block means summed in the kernel's order (down each column
// of a cell in f64, then across), and the same van Herk / Gil-Werman passes for the square filters.

import type { MemoryViews } from "../memory.js";

export function filterTwins(heap: MemoryViews) {
  /** One line of square_filter: `len` cells from `start`, `stride` apart (see the kernel). */
  function filterLine(src: number, use: number, start: number, stride: number, len: number, r: number, grow: number, out: number): void {
    const f32 = heap.f32, u8 = heap.u8;
    const none = grow ? -1 : 2, k = 2 * r + 1, padded = Math.ceil((len + 2 * r) / k) * k;
    const line = new Float32Array(padded), fore = new Float32Array(padded), back = new Float32Array(padded);
    for (let i = 0; i < padded; i++) {
      const j = i - r, p = start + j * stride;
      line[i] = j < 0 || j >= len || (use !== 0 && !u8[use + p]) ? none : f32[(src >> 2) + p];
    }
    for (let i = 0; i < padded; i++) {
      const v = line[i];
      fore[i] = i % k === 0 ? v : grow ? (v > fore[i - 1] ? v : fore[i - 1]) : v < fore[i - 1] ? v : fore[i - 1];
    }
    for (let i = padded - 1; i >= 0; i--) {
      const v = line[i];
      back[i] = i % k === k - 1 ? v : grow ? (v > back[i + 1] ? v : back[i + 1]) : v < back[i + 1] ? v : back[i + 1];
    }
    for (let j = 0; j < len; j++) {
      const a = back[j], b = fore[j + 2 * r];
      f32[(out >> 2) + start + j * stride] = grow ? (a > b ? a : b) : a < b ? a : b;
    }
  }

  return {
    /** mean [ceil(h / c), ceil(w / c)] = the mean of src over each cell of c x c pixels. */
    block_mean(mean: number, src: number, w: number, h: number, c: number, acc: number): void {
      void acc;
      const f32 = heap.f32;
      const gw = Math.ceil(w / c), column = new Float64Array(w);
      for (let y0 = 0, gy = 0; y0 < h; y0 += c, gy++) {
        const rows = Math.min(c, h - y0);
        column.fill(0);
        for (let y = y0; y < y0 + rows; y++) for (let x = 0; x < w; x++) column[x] += f32[(src >> 2) + y * w + x];
        for (let x0 = 0, gx = 0; x0 < w; x0 += c, gx++) {
          const cols = Math.min(c, w - x0);
          let s = 0;
          for (let x = x0; x < x0 + cols; x++) s += column[x];
          f32[(mean >> 2) + gy * gw + gx] = s / (rows * cols);
        }
      }
    },

    /** out = max (grow) or min of src over the square of radius r, reading cells where use is 1; -1 / 2 where none. */
    square_filter(out: number, src: number, use: number, w: number, h: number, r: number, grow: number, tmp: number, line: number): void {
      void line;
      for (let y = 0; y < h; y++) filterLine(src, use, y * w, 1, w, r, grow, tmp);
      for (let x = 0; x < w; x++) filterLine(tmp, 0, x, w, h, r, grow, out);
    },

    /** use = 1 where region is `which` at the cell and at all its neighbours inside the grid. */
    cells_inner(use: number, region: number, gw: number, gh: number, which: number): void {
      const u8 = heap.u8;
      for (let y = 0; y < gh; y++) {
        for (let x = 0; x < gw; x++) {
          let inner = 1;
          for (let j = Math.max(0, y - 1); j <= Math.min(gh - 1, y + 1); j++) {
            for (let i = Math.max(0, x - 1); i <= Math.min(gw - 1, x + 1); i++) if (u8[region + j * gw + i] !== which) inner = 0;
          }
          u8[use + y * gw + x] = inner;
        }
      }
    },
  };
}
