// Plain-TypeScript twins of assembly/update.ts: a layer's gradient and Adam on the same parameters. The
// gradient is summed in f64 as the dense twins sum it, then Adam as adam_step's twin applies it.

import type { MemoryViews } from "../memory.js";

export function updateTwins(heap: MemoryViews) {
  /** Adam on the parameter at float index P with gradient g; its m and v sit `block` floats further on. */
  const adam = (f32: Float32Array, P: number, g: number, block: number, A: number) => {
    const lrT = f32[A], b1 = f32[A + 1], b2 = f32[A + 2], eps = f32[A + 3];
    const M = P + 2 * block, V = P + 3 * block;
    const m = (f32[M] += (g - f32[M]) * (1 - b1));
    const v = (f32[V] += (g * g - f32[V]) * (1 - b2));
    f32[P] -= (m * lrT) / (Math.sqrt(v) + eps);
  };
  return {
    /** Adam on weight rows from..to with their gradient xᵀ·dz over the batch (zero inputs skipped: same sums). */
    dense_update_weights(w: number, x: number, dz: number, B: number, IN: number, OUT: number, from: number, to: number, block: number, adamAt: number, sparse: number): void {
      void sparse;
      const f32 = heap.f32;
      const g = new Float64Array(OUT);
      for (let i = from; i < to; i++) {
        g.fill(0);
        for (let r = 0; r < B; r++) {
          const xv = f32[(x >> 2) + r * IN + i];
          if (xv === 0) continue;
          for (let o = 0; o < OUT; o++) g[o] += xv * f32[(dz >> 2) + r * OUT + o];
        }
        for (let o = 0; o < OUT; o++) adam(f32, (w >> 2) + i * OUT + o, Math.fround(g[o]), block >> 2, adamAt >> 2);
      }
    },

    /** Adam on a bias with its gradient Σ_rows dz. */
    dense_update_bias(b: number, dz: number, B: number, OUT: number, block: number, adamAt: number): void {
      const f32 = heap.f32;
      for (let o = 0; o < OUT; o++) {
        let g = 0;
        for (let r = 0; r < B; r++) g += f32[(dz >> 2) + r * OUT + o];
        adam(f32, (b >> 2) + o, Math.fround(g), block >> 2, adamAt >> 2);
      }
    },
  };
}
