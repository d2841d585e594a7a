// Plain-TypeScript twin of assembly/adam.ts: four identically ordered blocks of N floats.

import type { MemoryViews } from "../memory.js";

export function adamTwins(heap: MemoryViews) {
  return {
    /** m += (g - m)(1 - β1); v += (g² - v)(1 - β2); p -= lrT·m / (√v + ε). */
    adam_step(p: number, g: number, m: number, v: number, N: number, lrT: number, beta1: number, beta2: number, eps: number): void {
      const f32 = heap.f32;
      const P = p >> 2, G = g >> 2, M = m >> 2, V = v >> 2;
      const a = 1 - beta1, c = 1 - beta2;
      for (let k = 0; k < N; k++) {
        const gk = f32[G + k];
        const mk = (f32[M + k] += (gk - f32[M + k]) * a);
        const vk = (f32[V + k] += (gk * gk - f32[V + k]) * c);
        f32[P + k] -= (mk * lrT) / (Math.sqrt(vk) + eps);
      }
    },
  };
}
