// Plain-TypeScript twins of assembly/components.ts: the same flood (labels numbered by first pixel, row by
// row) and the same shapes (sums of whole numbers, exact in any order).

import type { MemoryViews } from "../memory.js";

/** f64 per part in stats: area, outline, x0, y0, x1, y1, Σx, Σy, Σx², Σy², Σxy. */
const STATS = 11;

export function componentTwins(heap: MemoryViews) {
  return {
    /** Labels the parts of the pixels with src >= threshold (8- or 4-connected); returns how many. */
    label_components(labels: number, src: number, w: number, h: number, threshold: number, eight: number, stack: number): number {
      const f32 = heap.f32, i32 = heap.i32;
      const L = labels >> 2, S = src >> 2, n = w * h;
      i32.fill(0, L, L + n);
      const todo = i32.subarray(stack >> 2, (stack >> 2) + n);
      // (The kernel keeps x and y per waiting pixel: stack holds 2n i32; the twin needs only n of them.)
      let next = 0;
      for (let start = 0; start < n; start++) {
        if (i32[L + start] !== 0 || f32[S + start] < threshold) continue;
        next++;
        i32[L + start] = next;
        let top = 0;
        todo[top++] = start;
        while (top > 0) {
          const p = todo[--top], x = p % w, y = (p - x) / w;
          for (let dy = -1; dy <= 1; dy++) {
            for (let dx = -1; dx <= 1; dx++) {
              const nx = x + dx, ny = y + dy;
              if (nx < 0 || ny < 0 || nx >= w || ny >= h || (!eight && dx !== 0 && dy !== 0)) continue;
              const q = ny * w + nx;
              if (i32[L + q] !== 0 || !(f32[S + q] >= threshold)) continue;
              i32[L + q] = next;
              todo[top++] = q;
            }
          }
        }
      }
      return next;
    },

    /** The shape of each part into stats [count, 11] f64. */
    component_stats(stats: number, labels: number, w: number, h: number, count: number): void {
      const f64 = heap.f64, i32 = heap.i32;
      const T = stats >> 3, L = labels >> 2;
      for (let i = 0; i < count; i++) f64.set([0, 0, Infinity, Infinity, -Infinity, -Infinity, 0, 0, 0, 0, 0], T + i * STATS);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const p = L + y * w + x, l = i32[p];
          if (l === 0) continue;
          const s = T + (l - 1) * STATS;
          f64[s]++;
          if (x === 0 || y === 0 || x === w - 1 || y === h - 1 || !i32[p - 1] || !i32[p + 1] || !i32[p - w] || !i32[p + w]) f64[s + 1]++;
          if (x < f64[s + 2]) f64[s + 2] = x;
          if (y < f64[s + 3]) f64[s + 3] = y;
          if (x + 1 > f64[s + 4]) f64[s + 4] = x + 1;
          if (y + 1 > f64[s + 5]) f64[s + 5] = y + 1;
          f64[s + 6] += x;
          f64[s + 7] += y;
          f64[s + 8] += x * x;
          f64[s + 9] += y * y;
          f64[s + 10] += x * y;
        }
      }
    },
  };
}
