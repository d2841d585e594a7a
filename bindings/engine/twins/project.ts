// Plain-TypeScript twins of assembly/project.ts: the same runs, votes and bins in the same f64 arithmetic.

import type { MemoryViews } from "../memory.js";

const indexOf = (transposed: number, w: number, m: number, c: number) => (transposed ? m * w + c : c * w + m);

export function projectTwins(heap: MemoryViews) {
  return {
    /** (main, cross) pairs of ink >= low in runs across the lines no longer than thick; returns the i32 written. */
    thin_runs(pairs: number, ink: number, w: number, h: number, transposed: number, low: number, thick: number): number {
      const f32 = heap.f32, i32 = heap.i32;
      const mains = transposed ? h : w, crosses = transposed ? w : h;
      let n = 0;
      for (let m = 0; m < mains; m++) {
        let start = -1;
        for (let c = 0; c <= crosses; c++) {
          const on = c < crosses && f32[(ink >> 2) + indexOf(transposed, w, m, c)] >= low;
          if (on && start < 0) start = c;
          if (on || start < 0) continue;
          if (c - start <= thick) {
            for (let k = start; k < c; k++) {
              i32[(pairs >> 2) + n++] = m;
              i32[(pairs >> 2) + n++] = k;
            }
          }
          start = -1;
        }
      }
      return n;
    },

    /** Sharpness of the soft-binned projection of every stride-th point. */
    projection_sharpness(counts: number, points: number, n: number, stride: number, cos: number, sin: number, offset: number, bin: number, bins: number): number {
      const f64 = heap.f64, i32 = heap.i32;
      const C = counts >> 3, P = points >> 2;
      f64.fill(0, C, C + bins + 1);
      for (let i = 0; i < n; i += 2 * stride) {
        const at = (i32[P + i + 1] * cos - i32[P + i] * sin + offset) / bin - 0.5;
        const b = Math.floor(at), f = at - b;
        f64[C + b] += 1 - f;
        f64[C + b + 1] += f;
      }
      const half = 8;
      let sum = 0, window = 0;
      for (let b = 0; b < Math.min(bins, half); b++) window += f64[C + b];
      for (let b = 0; b < bins; b++) {
        if (b + half < bins) window += f64[C + b + half];
        if (b - half - 1 >= 0) window -= f64[C + b - half - 1];
        const excess = f64[C + b] - window / (2 * half + 1);
        if (excess > 0) sum += excess * excess;
      }
      return sum;
    },

    /** hits[bin]++ and the main coordinate's range per bin, for each point. */
    project_points(hits: number, lo: number, hi: number, points: number, n: number, cos: number, sin: number, offset: number, scale: number): void {
      const f64 = heap.f64, i32 = heap.i32;
      for (let i = 0; i < n; i += 2) {
        const m = i32[(points >> 2) + i];
        const b = Math.floor((i32[(points >> 2) + i + 1] * cos - m * sin + offset) * scale);
        f64[(hits >> 3) + b]++;
        if (m < f64[(lo >> 3) + b]) f64[(lo >> 3) + b] = m;
        if (m > f64[(hi >> 3) + b]) f64[(hi >> 3) + b] = m;
      }
    },

    /** The paper pixels of every mstep-th line along the main axis, binned as project_points bins points. */
    project_paper(chord: number, lo: number, hi: number, paper: number, w: number, h: number, transposed: number, cos: number, sin: number, offset: number, scale: number, mstep: number): void {
      const f64 = heap.f64, u8 = heap.u8;
      const mains = transposed ? h : w, crosses = transposed ? w : h;
      for (let m = 0; m < mains; m += mstep) {
        for (let c = 0; c < crosses; c++) {
          if (paper !== 0 && !u8[paper + indexOf(transposed, w, m, c)]) continue;
          const b = Math.floor((c * cos - m * sin + offset) * scale);
          f64[(chord >> 3) + b] += mstep;
          if (m < f64[(lo >> 3) + b]) f64[(lo >> 3) + b] = m;
          if (m > f64[(hi >> 3) + b]) f64[(hi >> 3) + b] = m;
        }
      }
    },
  };
}
