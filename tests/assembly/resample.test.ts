// assembly/resample.ts against its twin (bit for bit) and against the two-dimensional sum written out here:
// area averaging down and linear interpolation up, along rows then down columns, with widths that leave SIMD
// tails and a source box inside a larger plane.

import { test } from "uvu";
import { Rng } from "../../bindings/model/rng.js";
import { allclose, onBoth, sameBits } from "../helpers.js";

/** Weights from n samples to m: each output's taps (first, weights), as the recipe builds them. */
function taps(n: number, m: number): { first: number; weights: number[] }[] {
  const scale = n / m;
  return Array.from({ length: m }, (_, j) => {
    if (scale >= 1) {
      const a = j * scale, b = (j + 1) * scale, first = Math.floor(a);
      const weights: number[] = [];
      for (let i = first; i < Math.ceil(b) && i < n; i++) weights.push(Math.max(0, Math.min(b, i + 1) - Math.max(a, i)) / scale);
      return { first, weights };
    }
    const c = Math.min(n - 1, Math.max(0, (j + 0.5) * scale - 0.5)), first = Math.floor(c), t = c - first;
    return { first, weights: t > 0 && first + 1 < n ? [1 - t, t] : [1] };
  });
}

function tables(list: { first: number; weights: number[] }[], offset: number) {
  const span = Math.max(...list.map((t) => t.weights.length));
  const weight = new Float32Array(list.length * span);
  list.forEach((t, j) => weight.set(t.weights, j * span));
  return { first: list.map((t) => t.first + offset), count: list.map((t) => t.weights.length), weight, span };
}

test("resample_rows then resample_cols: twin's bits, and the separable sum, shrinking and enlarging", async () => {
  const rng = new Rng(47);
  const W = 41, H = 37;
  const src = Float32Array.from({ length: W * H }, () => rng.uniform());
  for (const [x0, y0, bw, bh, width, height] of [[0, 0, 41, 37, 20, 17], [3, 5, 30, 25, 7, 9], [10, 2, 5, 4, 23, 13], [0, 0, 1, 1, 3, 5], [2, 2, 13, 13, 13, 13]]) {
    const cols = taps(bw, width), rows = taps(bh, height);
    const c = tables(cols, x0), r = tables(rows, 0);
    const { wasm, js } = await onBoth((m, b) => {
      const at = m.f32(src), tmp = m.f32(bh * width), out = m.f32(width * height);
      b.kernels.resample_rows(tmp, at + (y0 * W) * 4, W, bh, m.i32(c.first), m.i32(c.count), m.f32(c.weight), c.span, width);
      b.kernels.resample_cols(out, tmp, width, height, m.i32(r.first), m.i32(r.count), m.f32(r.weight), r.span);
      return m.read(out, width * height);
    });
    const what = `box ${bw}x${bh} at (${x0}, ${y0}) to ${width}x${height}`;
    sameBits(wasm, js, what);
    const expected: number[] = [];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let s = 0;
        rows[y].weights.forEach((wy, j) => cols[x].weights.forEach((wx, i) => (s += wy * wx * src[(y0 + rows[y].first + j) * W + x0 + cols[x].first + i])));
        expected.push(s);
      }
    }
    allclose(wasm, expected, 1e-5, 1e-6, what);
  }
});

test.run();
