// Plain-TypeScript twins of assembly/resample.ts: row outputs summed in f64, column steps rounded to f32.

import type { MemoryViews } from "../memory.js";

export function resampleTwins(heap: MemoryViews) {
  return {
    /** out [rows, m]: each row of src (stride floats apart) resampled along its length. */
    resample_rows(out: number, src: number, stride: number, rows: number, first: number, count: number, weight: number, span: number, m: number): void {
      const f32 = heap.f32, i32 = heap.i32;
      for (let r = 0; r < rows; r++) {
        const s = (src >> 2) + r * stride;
        for (let j = 0; j < m; j++) {
          let sum = 0;
          const at = s + i32[(first >> 2) + j];
          for (let t = 0; t < i32[(count >> 2) + j]; t++) sum += f32[at + t] * f32[(weight >> 2) + j * span + t];
          f32[(out >> 2) + r * m + j] = sum;
        }
      }
    },

    /** out [height, width]: tmp's rows resampled down the columns. */
    resample_cols(out: number, tmp: number, width: number, height: number, first: number, count: number, weight: number, span: number): void {
      const f32 = heap.f32, i32 = heap.i32;
      const O = out >> 2;
      f32.fill(0, O, O + width * height);
      for (let y = 0; y < height; y++) {
        for (let t = 0; t < i32[(count >> 2) + y]; t++) {
          const s = (tmp >> 2) + (i32[(first >> 2) + y] + t) * width, w = f32[(weight >> 2) + y * span + t];
          for (let x = 0; x < width; x++) f32[O + y * width + x] += f32[s + x] * w;
        }
      }
    },
  };
}
