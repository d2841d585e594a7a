// Plain-TypeScript twins of assembly/histogram.ts: bin round(x * scale) clamped to 0..bins-1 with x = v or
// |v - centre|, values not above `above` skipped; histograms accumulate.

import type { MemoryViews } from "../memory.js";

function bin(v: number, scale: number, bins: number, centre: number): number {
  const r = Math.round((Number.isNaN(centre) ? v : Math.abs(v - centre)) * scale);
  return r >= 0 ? (r > bins - 1 ? bins - 1 : r) : 0;
}

export function histogramTwins(heap: MemoryViews) {
  return {
    /** Adds every step-th value above `above` of src (n values) to hist; returns how many. */
    histogram(hist: number, src: number, n: number, step: number, scale: number, bins: number, centre: number, above: number): number {
      const f32 = heap.f32, u32 = heap.u32;
      let added = 0;
      for (let i = 0; i < n; i += step) {
        const v = f32[(src >> 2) + i];
        if (!(v > above)) continue;
        u32[(hist >> 2) + bin(v, scale, bins, centre)]++;
        added++;
      }
      return added;
    },

    /** Adds the values above `above` of the rectangle [x0, x1) x [y0, y1) of a plane w wide; returns how many. */
    histogram_rect(hist: number, src: number, w: number, x0: number, y0: number, x1: number, y1: number, scale: number, bins: number, centre: number, above: number): number {
      const f32 = heap.f32, u32 = heap.u32;
      let added = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const v = f32[(src >> 2) + y * w + x];
          if (!(v > above)) continue;
          u32[(hist >> 2) + bin(v, scale, bins, centre)]++;
          added++;
        }
      }
      return added;
    },

    /** Adds |src[x + 1] - src[x]| along every ystep-th row; returns how many. */
    histogram_steps(hist: number, src: number, w: number, h: number, ystep: number, scale: number, bins: number): number {
      const f32 = heap.f32, u32 = heap.u32;
      let added = 0;
      for (let y = 0; y < h; y += ystep) {
        const row = (src >> 2) + y * w;
        for (let x = 0; x + 1 < w; x++) {
          u32[(hist >> 2) + bin(Math.abs(f32[row + x + 1] - f32[row + x]), scale, bins, NaN)]++;
          added++;
        }
      }
      return added;
    },
  };
}
