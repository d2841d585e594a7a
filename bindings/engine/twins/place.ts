// Plain-TypeScript twins of assembly/place.ts: the same box, stroke width and placing by centre of mass.

import type { MemoryViews } from "../memory.js";

export function placeTwins(heap: MemoryViews) {
  return {
    /** The box of the pixels with img >= threshold into box [4] i32; 0 when there are none. */
    ink_box(box: number, img: number, w: number, h: number, threshold: number): number {
      const f32 = heap.f32, i32 = heap.i32;
      let x0 = w, y0 = h, x1 = 0, y1 = 0;
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          if (f32[(img >> 2) + y * w + x] < threshold) continue;
          if (x < x0) x0 = x;
          if (x >= x1) x1 = x + 1;
          if (y < y0) y0 = y;
          if (y >= y1) y1 = y + 1;
        }
      }
      if (x1 <= x0) return 0;
      i32.set([x0, y0, x1, y1], box >> 2);
      return 1;
    },

    /** Twice the ink's area over its outline; 0 without ink. */
    stroke_width(img: number, w: number, h: number, threshold: number): number {
      const f32 = heap.f32, I = img >> 2;
      let area = 0, outline = 0;
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const i = I + y * w + x;
          if (f32[i] < threshold) continue;
          area++;
          if (x === 0 || x === w - 1 || y === 0 || y === h - 1 || f32[i - 1] < threshold || f32[i + 1] < threshold || f32[i - w] < threshold || f32[i + w] < threshold) outline++;
        }
      }
      return outline ? (2 * area) / outline : 0;
    },

    /** img written into out [side, side] with its centre of mass on the middle pixel, clamped to 0..1. */
    place_by_mass(out: number, img: number, w: number, h: number, side: number): void {
      const f32 = heap.f32, I = img >> 2, O = out >> 2;
      let m = 0, mx = 0, my = 0;
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const v = f32[I + y * w + x];
          m += v;
          mx += v * (x + 0.5);
          my += v * (y + 0.5);
        }
      }
      const cx = m > 0 ? mx / m : w / 2, cy = m > 0 ? my / m : h / 2;
      const left = Math.min(side - w, Math.max(0, Math.round(side / 2 + 0.5 - cx)));
      const top = Math.min(side - h, Math.max(0, Math.round(side / 2 + 0.5 - cy)));
      f32.fill(0, O, O + side * side);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const v = f32[I + y * w + x];
          f32[O + (top + y) * side + left + x] = v < 0 ? 0 : v > 1 ? 1 : v;
        }
      }
    },
  };
}
