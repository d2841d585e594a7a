// assembly/darkness.ts against its twin (bit for bit) and against the definition written out here, on grids
// whose cells do not divide the picture, with desk cells and edge levels, every pixel and every 2nd and 3rd.

import { test } from "uvu";
import { Rng } from "../../bindings/model/rng.js";
import { onBoth, sameBits } from "../helpers.js";

interface Scene { w: number; h: number; c: number; luma: Float32Array; background: Float32Array; edge: Float32Array; region: Uint8Array }

function scene(w: number, h: number, c: number, rng: Rng): Scene {
  const g = Math.ceil(w / c) * Math.ceil(h / c);
  return {
    w, h, c,
    luma: Float32Array.from({ length: w * h }, () => rng.uniform()),
    background: Float32Array.from({ length: g }, () => 0.2 + 0.8 * rng.uniform()),
    edge: Float32Array.from({ length: g }, () => (rng.uniform() < 0.7 ? 2 : rng.uniform())),
    region: Uint8Array.from({ length: g }, () => (rng.uniform() < 0.8 ? 0 : rng.int(3))),
  };
}

/** The definition: the darkest of the cell's edge level and the four cells around the pixel's centre. */
function darknessByDefinition(s: Scene, step: number, noise: number, darkest: number): number[] {
  const gw = Math.ceil(s.w / s.c), gh = Math.ceil(s.h / s.c), out: number[] = [];
  const clamp = (v: number, hi: number) => Math.min(hi, Math.max(0, v));
  for (let y = 0; y < s.h; y += step) {
    for (let x = 0; x < s.w; x += step) {
      const cell = Math.floor(y / s.c) * gw + Math.floor(x / s.c);
      if (s.region[cell] === 2) {
        out.push(0);
        continue;
      }
      const gx = clamp(Math.floor((x + 0.5) / s.c - 0.5), gw - 1), gy = clamp(Math.floor((y + 0.5) / s.c - 0.5), gh - 1);
      const xs = [gx, Math.min(gw - 1, gx + 1)], ys = [gy, Math.min(gh - 1, gy + 1)];
      const b = Math.min(s.edge[cell], ...ys.flatMap((j) => xs.map((i) => s.background[j * gw + i])));
      out.push(Math.fround(Math.max(0, (b - s.luma[y * s.w + x] - noise) / Math.max(b, darkest))));
    }
  }
  return out;
}

test("darkness_grid: twin's bits and the definition, every pixel and every 2nd and 3rd, cells that do not divide the picture", async () => {
  const rng = new Rng(11);
  for (const [w, h, c] of [[1, 1, 1], [7, 5, 1], [13, 9, 2], [37, 21, 4], [50, 30, 7]]) {
    const s = scene(w, h, c, rng);
    for (const step of [1, 2, 3]) {
      for (const [noise, darkest] of [[0.01, 0.3], [0, 0]]) {
        const n = Math.ceil(w / step) * Math.ceil(h / step);
        const { wasm, js } = await onBoth((m, b) => {
          const ink = m.f32(n);
          b.kernels.darkness_grid(ink, m.f32(s.luma), w, h, c, step, m.f32(s.background), m.f32(s.edge), m.u8(s.region), noise, darkest, m.bytes(16 * w));
          return m.read(ink, n);
        });
        const what = `${w}x${h}, c = ${c}, step ${step}, noise ${noise}`;
        sameBits(wasm, js, what);
        sameBits(wasm, darknessByDefinition(s, step, noise, darkest), what);
      }
    }
  }
});

test.run();
