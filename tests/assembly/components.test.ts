// assembly/components.ts against its twin and against a union-find labelling written here: 8- and
// 4-connected parts numbered by their first pixel row by row, on random ink of several densities (parts that
// touch the edges, wrap around holes, meet only at corners), and each part's shape sums.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { Rng } from "../../bindings/model/rng.js";
import { onBoth, sameBits } from "../helpers.js";

const STATS = 11;

/** Union-find over the ink pixels, then labels renumbered by first pixel in raster order. */
function labelsByDefinition(src: Float32Array, w: number, h: number, t: number, eight: boolean): Int32Array {
  const parent = Int32Array.from({ length: w * h }, (_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  const ink = (x: number, y: number) => x >= 0 && y >= 0 && x < w && y < h && src[y * w + x] >= t;
  const near = eight ? [[-1, -1], [0, -1], [1, -1], [-1, 0]] : [[0, -1], [-1, 0]];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!ink(x, y)) continue;
      for (const [dx, dy] of near) if (ink(x + dx, y + dy)) parent[root(y * w + x)] = root((y + dy) * w + x + dx);
    }
  }
  const number = new Map<number, number>();
  return Int32Array.from({ length: w * h }, (_, i) => {
    if (src[i] < t) return 0;
    const r = root(i);
    if (!number.has(r)) number.set(r, number.size + 1);
    return number.get(r)!;
  });
}

function statsByDefinition(labels: Int32Array, w: number, h: number, count: number): number[] {
  const stats: number[][] = Array.from({ length: count }, () => [0, 0, Infinity, Infinity, -Infinity, -Infinity, 0, 0, 0, 0, 0]);
  const at = (x: number, y: number) => (x >= 0 && y >= 0 && x < w && y < h ? labels[y * w + x] : 0);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const l = labels[y * w + x];
      if (!l) continue;
      const s = stats[l - 1];
      s[0]++;
      if (x === 0 || y === 0 || x === w - 1 || y === h - 1 || !at(x - 1, y) || !at(x + 1, y) || !at(x, y - 1) || !at(x, y + 1)) s[1]++;
      s[2] = Math.min(s[2], x);
      s[3] = Math.min(s[3], y);
      s[4] = Math.max(s[4], x + 1);
      s[5] = Math.max(s[5], y + 1);
      s[6] += x;
      s[7] += y;
      s[8] += x * x;
      s[9] += y * y;
      s[10] += x * y;
    }
  }
  return stats.flat();
}

test("label_components and component_stats: the union-find's parts and their shapes, 8- and 4-connected", async () => {
  const rng = new Rng(23);
  for (const [w, h] of [[1, 1], [5, 3], [17, 13], [64, 40]]) {
    for (const density of [0.2, 0.45, 0.7]) {
      const src = Float32Array.from({ length: w * h }, () => (rng.uniform() < density ? 0.5 + 0.5 * rng.uniform() : 0.4 * rng.uniform()));
      for (const eight of [1, 0]) {
        const { wasm, js } = await onBoth((m, b) => {
          const labels = m.i32(w * h);
          const count = b.kernels.label_components(labels, m.f32(src), w, h, 0.45, eight, m.i32(2 * w * h));
          const stats = m.f64(count * STATS);
          b.kernels.component_stats(stats, labels, w, h, count);
          return { count, labels: m.readI32(labels, w * h), stats: m.readF64(stats, count * STATS) };
        });
        const what = `${w}x${h}, density ${density}, ${eight ? 8 : 4}-connected`;
        const labels = labelsByDefinition(src, w, h, 0.45, eight === 1);
        const count = Math.max(0, ...labels);
        for (const got of [wasm, js]) {
          assert.is(got.count, count, what);
          assert.equal(Array.from(got.labels), Array.from(labels), what);
          sameBits(got.stats, statsByDefinition(labels, w, h, count), what);
        }
      }
    }
  }
});

test.run();
