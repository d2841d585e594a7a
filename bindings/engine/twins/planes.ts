// Plain-TypeScript twins of assembly/planes.ts: the same sums of whole numbers, the same f64 arithmetic
// rounded once to f32, so the same bits.

import type { MemoryViews } from "../memory.js";

/** A pixel's luma over white, times 255 x 255000. */
const FULL = 65025000;

export function planeTwins(heap: MemoryViews) {
  return {
    /** Luma over white and alpha of rgba, box-filtered by k; returns how many pixels are not opaque. */
    rgba_planes(luma: number, alpha: number, rgba: number, width: number, height: number, k: number, acc: number): number {
      void acc;
      const u8 = heap.u8, f32 = heap.f32;
      const w = Math.ceil(width / k);
      let translucent = 0;
      for (let cy = 0; cy * k < height; cy++) {
        const rows = Math.min(k, height - cy * k);
        for (let cx = 0; cx * k < width; cx++) {
          const cols = Math.min(k, width - cx * k);
          let s = 0, u = 0;
          for (let y = cy * k; y < cy * k + rows; y++) {
            for (let x = cx * k; x < cx * k + cols; x++) {
              const p = rgba + (y * width + x) * 4;
              const a = u8[p + 3];
              s += (299 * u8[p] + 587 * u8[p + 1] + 114 * u8[p + 2]) * a + (255 - a) * 255000;
              u += 255 - a;
              if (a !== 255) translucent++;
            }
          }
          const n = rows * cols;
          f32[(luma >> 2) + cy * w + cx] = s / (n * FULL);
          f32[(alpha >> 2) + cy * w + cx] = 1 - u / (255 * n);
        }
      }
      return translucent;
    },

    /** dst = a * src + b in f32. */
    plane_affine(dst: number, src: number, n: number, a: number, b: number): void {
      const f32 = heap.f32;
      const fa = Math.fround(a), fb = Math.fround(b);
      for (let i = 0; i < n; i++) f32[(dst >> 2) + i] = Math.fround(f32[(src >> 2) + i] * fa) + fb;
    },

    /** dst = (src - floor) * scale clamped to 0..1, in f64. */
    plane_normalize(dst: number, src: number, n: number, floor: number, scale: number): void {
      const f32 = heap.f32;
      for (let i = 0; i < n; i++) {
        const v = (f32[(src >> 2) + i] - floor) * scale;
        f32[(dst >> 2) + i] = v < 0 ? 0 : v > 1 ? 1 : v;
      }
    },

    /** ink = (paper - luma) / paper where luma < paper, else 0, in f64. */
    plane_darkness(ink: number, luma: number, n: number, paper: number): void {
      const f32 = heap.f32;
      for (let i = 0; i < n; i++) {
        const l = f32[(luma >> 2) + i];
        f32[(ink >> 2) + i] = l < paper ? (paper - l) / paper : 0;
      }
    },
  };
}
