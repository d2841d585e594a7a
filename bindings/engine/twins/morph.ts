// Plain-TypeScript twin of assembly/morph.ts: the max or min over the disc, offsets in the same order.

import type { MemoryViews } from "../memory.js";

export function morphTwins(heap: MemoryViews) {
  return {
    /** out = max (grow, from 0) or min (from 1) of src over the disc dx² + dy² <= r² + r; outside reads 0. */
    morph_disc(out: number, src: number, w: number, h: number, r: number, grow: number): void {
      const f32 = heap.f32;
      const disc: number[] = [];
      for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) if (dx * dx + dy * dy <= r * r + r) disc.push(dx, dy);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          let v = grow ? 0 : 1;
          for (let k = 0; k < disc.length; k += 2) {
            const nx = x + disc[k], ny = y + disc[k + 1];
            const s = nx >= 0 && ny >= 0 && nx < w && ny < h ? f32[(src >> 2) + ny * w + nx] : 0;
            if (grow ? s > v : s < v) v = s;
          }
          f32[(out >> 2) + y * w + x] = v;
        }
      }
    },
  };
}
