// Plain-TypeScript twin of assembly/batch.ts: images [N,D] u8, labels [N] u8, order [N] i32, x [B,D] f32, y [B] i32.

import type { MemoryViews } from "../memory.js";

export function batchTwins(heap: MemoryViews) {
  return {
    /** x[r] = images[order[start + r]] · scale, y[r] its label, and each row's nonzero inputs listed; returns their count. */
    gather_batch(x: number, y: number, idx: number, nnz: number, images: number, labels: number, order: number, start: number, B: number, D: number, scale: number): number {
      const f32 = heap.f32, i32 = heap.i32, u8 = heap.u8;
      const X = x >> 2;
      // The kernel multiplies in f32; a u8 times an f32 is exact in f64, so one rounding gives the same bits.
      const s = Math.fround(scale);
      let total = 0;
      for (let r = 0; r < B; r++) {
        const n = i32[(order >> 2) + start + r];
        const src = images + n * D, dst = X + r * D, list = (idx >> 2) + r * D;
        let count = 0;
        for (let d = 0; d < D; d++) {
          f32[dst + d] = u8[src + d] * s;
          if (u8[src + d] !== 0) i32[list + count++] = d;
        }
        i32[(nnz >> 2) + r] = count;
        i32[(y >> 2) + r] = u8[labels + n];
        total += count;
      }
      return total;
    },

    /** Row r's nonzero column indices, ascending, into idx [B, D]; their count into nnz [B]; returns the total. */
    sparse_index(idx: number, nnz: number, x: number, B: number, D: number): number {
      const f32 = heap.f32, i32 = heap.i32;
      let total = 0;
      for (let r = 0; r < B; r++) {
        let n = 0;
        for (let d = 0; d < D; d++) if (f32[(x >> 2) + r * D + d] !== 0) i32[(idx >> 2) + r * D + n++] = d;
        i32[(nnz >> 2) + r] = n;
        total += n;
      }
      return total;
    },
  };
}
