// Plain-TypeScript twins of assembly/filters.ts: block means summed in f32 in raster order, as the kernel
// does, and the same van Herk / Gil-Werman passes for the square filters.

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
    /** mean [ceil(h / c), ceil(w / c)] = the mean of src over each cell of c x c pixels, summed in f32 in raster order. */
    block_mean(mean: number, src: number, w: number, h: number, c: number, acc: number): void {
      void acc;
      const f32 = heap.f32, M = mean >> 2, S = src >> 2;
      const gw = Math.ceil(w / c), gh = Math.ceil(h / c);
      f32.fill(0, M, M + gw * gh);
      for (let y = 0; y < h; y++) {
        const row = M + Math.floor(y / c) * gw;
        for (let x = 0; x < w; x++) f32[row + Math.floor(x / c)] += f32[S + y * w + x];
      }
      for (let gy = 0; gy < gh; gy++) {
        const rows = Math.min(c, h - gy * c);
        for (let gx = 0; gx < gw; gx++) f32[M + gy * gw + gx] /= rows * Math.min(c, w - gx * c);
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

    /** The deepest chessboard distance of the grid's bright cells (above level, closed over 3 x 3) to a dark one. */
    bright_depth(depth: number, mask: number, grid: number, gw: number, gh: number, level: number): number {
      const g = gw * gh, f32 = heap.f32;
      const bright3 = heap.u8.subarray(mask, mask + g), grown = heap.i32.subarray(depth >> 2, (depth >> 2) + g);
      for (let p = 0; p < g; p++) bright3[p] = f32[(grid >> 2) + p] > level ? 1 : 0;
      for (let pass = 0; pass < 2; pass++) {
        // Pass 0: max over 3 x 3 into grown; pass 1: min over 3 x 3 of grown into bright3.
        const [src, dst, want] = pass === 0 ? [bright3, grown, 1] : [grown, bright3, 0];
        for (let y = 0; y < gh; y++) {
          for (let x = 0; x < gw; x++) {
            let v = 1 - want;
            for (let dy = -1; dy <= 1 && v !== want; dy++) {
              const ny = y + dy;
              if (ny < 0 || ny >= gh) continue;
              for (let dx = -1; dx <= 1; dx++) {
                const nx = x + dx;
                if (nx >= 0 && nx < gw && src[ny * gw + nx] === want) { v = want; break; }
              }
            }
            dst[y * gw + x] = v;
          }
        }
      }
      const d = grown;
      let deepest = 0;
      for (let p = 0; p < g; p++) {
        const x = p % gw;
        let v = bright3[p] ? g : 0;
        if (v && x > 0 && d[p - 1] + 1 < v) v = d[p - 1] + 1;
        if (v && p >= gw && d[p - gw] + 1 < v) v = d[p - gw] + 1;
        if (v && p >= gw && x > 0 && d[p - gw - 1] + 1 < v) v = d[p - gw - 1] + 1;
        if (v && p >= gw && x < gw - 1 && d[p - gw + 1] + 1 < v) v = d[p - gw + 1] + 1;
        d[p] = v;
      }
      for (let p = g - 1; p >= 0; p--) {
        const x = p % gw;
        let v = d[p];
        if (v && x < gw - 1 && d[p + 1] + 1 < v) v = d[p + 1] + 1;
        if (v && p < g - gw && d[p + gw] + 1 < v) v = d[p + gw] + 1;
        if (v && p < g - gw && x < gw - 1 && d[p + gw + 1] + 1 < v) v = d[p + gw + 1] + 1;
        if (v && p < g - gw && x > 0 && d[p + gw - 1] + 1 < v) v = d[p + gw - 1] + 1;
        d[p] = v;
        if (v > deepest) deepest = v;
      }
      return deepest;
    },
  };
}
