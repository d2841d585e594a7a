// Plain-TypeScript twin of assembly/darkness.ts, written as the pass reads: per pixel, the darkest of its own
// cell's edge level and the four cells around it, in f64.

import type { MemoryViews } from "../memory.js";

export function darknessTwins(heap: MemoryViews) {
  return {
    /** ink = max(0, (b - luma - noise) / max(b, darkest)) for every step-th pixel; 0 on desk cells (region 2). */
    darkness_grid(ink: number, luma: number, w: number, h: number, c: number, step: number, background: number, edge: number, region: number, noise: number, darkest: number, row: number): void {
      void row;
      const f32 = heap.f32, u8 = heap.u8;
      const gw = Math.ceil(w / c), gh = Math.ceil(h / c);
      const B = background >> 2, E = edge >> 2;
      const col0 = new Int32Array(w), col1 = new Int32Array(w);
      for (let x = 0; x < w; x++) {
        col0[x] = Math.min(gw - 1, Math.max(0, Math.floor((x + 0.5) / c - 0.5)));
        col1[x] = Math.min(gw - 1, col0[x] + 1);
      }
      let o = ink >> 2;
      for (let y = 0; y < h; y += step) {
        const gy0 = Math.min(gh - 1, Math.max(0, Math.floor((y + 0.5) / c - 0.5)));
        const r0 = gy0 * gw, r1 = Math.min(gh - 1, gy0 + 1) * gw, own = Math.floor(y / c) * gw;
        for (let x = 0; x < w; x += step, o++) {
          const cell = own + Math.floor(x / c);
          if (u8[region + cell] === 2) {
            f32[o] = 0;
            continue;
          }
          let b = f32[E + cell];
          for (const v of [f32[B + r0 + col0[x]], f32[B + r0 + col1[x]], f32[B + r1 + col0[x]], f32[B + r1 + col1[x]]]) if (v < b) b = v;
          const d = (b - f32[(luma >> 2) + y * w + x] - noise) / (b > darkest ? b : darkest);
          f32[o] = d > 0 ? d : 0;
        }
      }
    },
  };
}
