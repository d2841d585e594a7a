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

    /** Enclosed paper areas of a group in its box (see assembly/components.ts); mask and stack are scratch. */
    group_holes(mask: number, stack: number, labels: number, member: number, members: number, w: number, x0: number, y0: number, bw: number, bh: number): number {
      const u8 = heap.u8, i32 = heap.i32, n = bw * bh;
      const m = u8.subarray(mask, mask + n), todo = i32.subarray(stack >> 2, (stack >> 2) + n);
      for (let y = 0; y < bh; y++) {
        for (let x = 0; x < bw; x++) {
          const l = i32[(labels >> 2) + (y0 + y) * w + x0 + x];
          m[y * bw + x] = l >= 0 && l < members ? u8[member + l] : 0;
        }
      }
      const minimum = Math.max(4, 0.001 * n);
      let count = 0;
      for (let pass = 0; pass < 2; pass++) {
        for (let start = 0; start < n; start++) {
          if (m[start]) continue;
          const x = start % bw, y = (start - x) / bw;
          if (pass === 0 && !(x === 0 || y === 0 || x === bw - 1 || y === bh - 1)) continue;
          let top = 0, area = 0;
          todo[top++] = start;
          m[start] = 2;
          while (top) {
            const p = todo[--top], px = p % bw;
            area++;
            if (px > 0 && !m[p - 1]) { m[p - 1] = 2; todo[top++] = p - 1; }
            if (px < bw - 1 && !m[p + 1]) { m[p + 1] = 2; todo[top++] = p + 1; }
            if (p >= bw && !m[p - bw]) { m[p - bw] = 2; todo[top++] = p - bw; }
            if (p < n - bw && !m[p + bw]) { m[p + bw] = 2; todo[top++] = p + bw; }
          }
          if (pass === 1 && area >= minimum) count++;
        }
      }
      return count;
    },

    /** A digit's patch: the group's ink and the unlabelled ink touching it, in a box; the rest 0. */
    group_patch(patch: number, ink: number, labels: number, member: number, members: number, w: number, h: number, x0: number, y0: number, pw: number, ph: number): void {
      const f32 = heap.f32, i32 = heap.i32, u8 = heap.u8, P = patch >> 2, I = ink >> 2, L = labels >> 2;
      const mine = (l: number) => l > 0 && l < members && u8[member + l] !== 0;
      f32.fill(0, P, P + pw * ph);
      for (let y = y0; y < y0 + ph; y++) {
        for (let x = x0; x < x0 + pw; x++) {
          const i = y * w + x, v = f32[I + i];
          if (v === 0) continue;
          let kept = false;
          if (i32[L + i]) kept = mine(i32[L + i]);
          else {
            for (let dy = -1; dy <= 1 && !kept; dy++) {
              for (let dx = -1; dx <= 1; dx++) {
                const nx = x + dx, ny = y + dy;
                if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
                if (mine(i32[L + ny * w + nx])) { kept = true; break; }
              }
            }
          }
          if (kept) f32[P + (y - y0) * pw + x - x0] = v;
        }
      }
    },

    /** Accumulates the histogram (1025 bins of round(1024 ink)) of a group's ink in a box; returns the pixels counted. */
    group_histogram(hist: number, ink: number, labels: number, member: number, members: number, w: number, x0: number, y0: number, bw: number, bh: number): number {
      const f32 = heap.f32, i32 = heap.i32, u8 = heap.u8, u32 = heap.u32, H = hist >> 2;
      let count = 0;
      for (let y = y0; y < y0 + bh; y++) {
        for (let x = x0; x < x0 + bw; x++) {
          const i = y * w + x, l = i32[(labels >> 2) + i];
          if (l <= 0 || l >= members || !u8[member + l]) continue;
          const b = Math.round(f32[(ink >> 2) + i] * 1024);
          if (b >= 0 && b <= 1024) u32[H + b]++;
          count++;
        }
      }
      return count;
    },
  };
}
