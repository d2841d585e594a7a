// Plain-TypeScript twins of assembly/activations.ts (N elements, or B rows of C classes; byte offsets).

import type { MemoryViews } from "../memory.js";

export function activationTwins(heap: MemoryViews) {
  return {
    /** dz = dy where y > 0, else 0. Overwrites dz (may alias dy). */
    relu_backward(dz: number, dy: number, y: number, N: number): void {
      const f32 = heap.f32;
      const DZ = dz >> 2, DY = dy >> 2, Y = y >> 2;
      for (let k = 0; k < N; k++) f32[DZ + k] = f32[Y + k] > 0 ? f32[DY + k] : 0;
    },

    /** y = 1 / (1 + e^-z). Overwrites y (may alias z). */
    sigmoid_forward(y: number, z: number, N: number): void {
      const f32 = heap.f32;
      const Y = y >> 2, Z = z >> 2;
      for (let k = 0; k < N; k++) f32[Y + k] = 1 / (1 + Math.exp(-f32[Z + k]));
    },

    /** y = softmax(z) per row, max-subtracted. Overwrites y (may alias z). */
    softmax_forward(y: number, z: number, B: number, C: number): void {
      const f32 = heap.f32;
      for (let r = 0; r < B; r++) {
        const zr = (z >> 2) + r * C, yr = (y >> 2) + r * C;
        let m = f32[zr];
        for (let c = 1; c < C; c++) m = Math.max(m, f32[zr + c]);
        let s = 0;
        for (let c = 0; c < C; c++) s += Math.exp(f32[zr + c] - m);
        for (let c = 0; c < C; c++) f32[yr + c] = Math.exp(f32[zr + c] - m) / s;
      }
    },
  };
}
