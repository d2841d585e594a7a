// Plain-TypeScript twins of assembly/planes.ts: each pixel's luma over white in f64, summed into its cell's
// f32 in raster order, the same f64 arithmetic rounded once to f32: the same bits.

import type { MemoryViews } from "../memory.js";

export function planeTwins(heap: MemoryViews) {
  return {
    /** Luma over white and alpha of rgba, box-filtered by k; returns how many pixels are not opaque. */
    rgba_planes(luma: number, alpha: number, rgba: number, width: number, height: number, k: number, acc: number): number {
      void acc;
      const u8 = heap.u8, f32 = heap.f32;
      const w = Math.ceil(width / k), h = Math.ceil(height / k), L = luma >> 2, A = alpha >> 2;
      let translucent = 0;
      f32.fill(0, L, L + w * h);
      // Holds transparency (255 - a) while summing.
      f32.fill(0, A, A + w * h);
      for (let y = 0; y < height; y++) {
        const row = Math.floor(y / k) * w;
        for (let x = 0; x < width; x++) {
          const p = rgba + (y * width + x) * 4, d = row + Math.floor(x / k);
          const a = u8[p + 3], l = 0.299 * u8[p] + 0.587 * u8[p + 1] + 0.114 * u8[p + 2];
          if (a === 255) {
            f32[L + d] += l;
            continue;
          }
          translucent++;
          f32[L + d] += (l * a) / 255 + 255 - a;
          f32[A + d] += 255 - a;
        }
      }
      for (let cy = 0; cy < h; cy++) {
        const rows = Math.min(k, height - cy * k);
        for (let cx = 0; cx < w; cx++) {
          const n = 255 * rows * Math.min(k, width - cx * k), d = cy * w + cx;
          f32[L + d] /= n;
          f32[A + d] = 1 - f32[A + d] / n;
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
