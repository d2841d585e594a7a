// Plain-TypeScript twins of assembly/loss.ts: B rows, C classes; s, p, dz [B,C] f32; labels [B] i32.

import { KERAS_EPSILON } from "../layers.js";
import type { MemoryViews } from "../memory.js";

const EPS = Math.fround(KERAS_EPSILON);

export function lossTwins(heap: MemoryViews) {
  return {
    /** Keras' sparse categorical cross-entropy on sigmoid outputs; one loss per row; dz for a batch of B. */
    sigmoid_keras_loss(loss: number, dz: number, s: number, labels: number, rows: number, C: number, B: number): void {
      const f32 = heap.f32, i32 = heap.i32;
      for (let r = 0; r < rows; r++) {
        const sr = (s >> 2) + r * C, dr = (dz >> 2) + r * C;
        const y = i32[(labels >> 2) + r];
        let sum = 0;
        for (let c = 0; c < C; c++) sum += f32[sr + c];
        const sy = f32[sr + y];
        const p = sy / sum;
        const inside = p >= EPS && p <= 1 - EPS;
        f32[(loss >> 2) + r] = -Math.log(inside ? p : p > 1 - EPS ? 1 - EPS : EPS);
        const invSum = inside ? 1 / sum : 0;
        for (let c = 0; c < C; c++) {
          const sk = f32[sr + c];
          const g = invSum - (c === y && inside ? 1 / sy : 0);
          f32[dr + c] = (g * sk * (1 - sk)) / B;
        }
      }
    },

    /** Softmax cross-entropy: one loss per row; dz = (p - onehot) / B. */
    softmax_xent_loss(loss: number, dz: number, p: number, labels: number, rows: number, C: number, B: number): void {
      const f32 = heap.f32, i32 = heap.i32;
      for (let r = 0; r < rows; r++) {
        const pr = (p >> 2) + r * C, dr = (dz >> 2) + r * C;
        const y = i32[(labels >> 2) + r];
        f32[(loss >> 2) + r] = -Math.log(Math.max(f32[pr + y], EPS));
        for (let c = 0; c < C; c++) f32[dr + c] = (f32[pr + c] - (c === y ? 1 : 0)) / B;
      }
    },

    /** Rows whose largest output (first on ties) is the label. */
    count_correct(out: number, labels: number, B: number, C: number): number {
      const f32 = heap.f32, i32 = heap.i32;
      let correct = 0;
      for (let r = 0; r < B; r++) {
        const o = (out >> 2) + r * C;
        let best = 0;
        for (let c = 1; c < C; c++) if (f32[o + c] > f32[o + best]) best = c;
        if (best === i32[(labels >> 2) + r]) correct++;
      }
      return correct;
    },
  };
}
