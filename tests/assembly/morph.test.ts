// assembly/morph.ts against its twin (bit for bit) and against the disc written out here: dilation and
// erosion by discs of radius 1 to 4 on images narrower and wider than the SIMD interior, outside reading 0.

import { test } from "uvu";
import { Rng } from "../../bindings/model/rng.js";
import { onBoth, sameBits } from "../helpers.js";

test("morph_disc: twin's bits and the max / min over the disc, at every radius and size", async () => {
  const rng = new Rng(53);
  for (const [w, h] of [[1, 1], [5, 4], [9, 9], [16, 11], [33, 20]]) {
    const src = Float32Array.from({ length: w * h }, () => (rng.uniform() < 0.3 ? rng.uniform() : 0));
    for (const r of [1, 2, 3, 4]) {
      for (const grow of [1, 0]) {
        const { wasm, js } = await onBoth((m, b) => {
          const out = m.f32(w * h);
          b.kernels.morph_disc(out, m.f32(src), w, h, r, grow);
          return m.read(out, w * h);
        });
        const expected: number[] = [];
        for (let y = 0; y < h; y++) {
          for (let x = 0; x < w; x++) {
            const seen: number[] = [];
            for (let dy = -r; dy <= r; dy++) {
              for (let dx = -r; dx <= r; dx++) {
                if (dx * dx + dy * dy > r * r + r) continue;
                const inside = x + dx >= 0 && y + dy >= 0 && x + dx < w && y + dy < h;
                seen.push(inside ? src[(y + dy) * w + x + dx] : 0);
              }
            }
            expected.push(grow ? Math.max(0, ...seen) : Math.min(1, ...seen));
          }
        }
        const what = `${w}x${h}, r = ${r}, ${grow ? "dilation" : "erosion"}`;
        sameBits(wasm, js, what);
        sameBits(wasm, expected, what);
      }
    }
  }
});

test.run();
