// Plain-TypeScript twin of assembly/shade.ts: the same breadth-first flood, in the same order.

import type { MemoryViews } from "../memory.js";

export function shadeTwins(heap: MemoryViews) {
  return {
    /** Clears the ink of shade reached from paper through pixels of the paper's brightness (see the kernel). */
    clear_shade(ink: number, luma: number, reference: number, queue: number, w: number, h: number, seed: number, step: number, noise: number): void {
      const f32 = heap.f32, i32 = heap.i32;
      const I = ink >> 2, L = luma >> 2, R = reference >> 2, Q = queue >> 2, n = w * h;
      for (let p = 0; p < n; p++) f32[R + p] = f32[I + p] <= seed ? f32[L + p] : -1;
      let head = 0, tail = 0;
      for (let p = 0; p < n; p++) {
        if (f32[R + p] < 0) continue;
        const x = p % w;
        if ((x > 0 && f32[R + p - 1] < 0) || (x < w - 1 && f32[R + p + 1] < 0) || (p >= w && f32[R + p - w] < 0) || (p < n - w && f32[R + p + w] < 0)) i32[Q + tail++] = p;
      }
      while (head < tail) {
        const p = i32[Q + head++], x = p % w, paper = f32[R + p];
        for (let k = 0; k < 4; k++) {
          const q = k === 0 ? (x > 0 ? p - 1 : -1) : k === 1 ? (x < w - 1 ? p + 1 : -1) : k === 2 ? p - w : p + w;
          if (q < 0 || q >= n || f32[R + q] >= 0 || Math.abs(f32[L + q] - paper) > Math.max(step * paper, noise)) continue;
          f32[R + q] = paper;
          f32[I + q] = 0;
          i32[Q + tail++] = q;
        }
      }
    },
  };
}
