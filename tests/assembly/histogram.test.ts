// assembly/histogram.ts against its twin and against counts made here: whole planes sampled every step-th
// value, deviations from a centre, a lower cut, rectangles, neighbour differences; values exactly between two
// bins go up (Math.round), values past the ends land in the end bins, and histograms accumulate.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { Rng } from "../../bindings/model/rng.js";
import { onBoth } from "../helpers.js";

const BINS = 33;

/** Values 0..1 with ties between bins (k + 0.5) / 32 and some past either end. */
function values(n: number, rng: Rng): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => (i % 5 === 0 ? (rng.int(34) + 0.5) / 32 : i % 7 === 0 ? -0.2 : rng.uniform() * 1.1));
}

function countByDefinition(xs: number[], above: number, centre: number | null): { hist: number[]; count: number } {
  const hist = new Array(BINS).fill(0);
  let count = 0;
  for (const v of xs) {
    if (!(v > above)) continue;
    const b = Math.round((centre === null ? v : Math.abs(v - centre)) * 32);
    hist[Math.min(BINS - 1, Math.max(0, b))]++;
    count++;
  }
  return { hist, count };
}

test("histogram: every step-th value, deviations from a centre, a lower cut; halves round up; accumulates", async () => {
  const rng = new Rng(13);
  for (const n of [1, 7, 100, 1001]) {
    const src = values(n, rng);
    for (const step of [1, 3]) {
      for (const [centre, above] of [[NaN, -Infinity], [0.5, -Infinity], [NaN, 0.25], [0.3, 0.1]]) {
        const { wasm, js } = await onBoth((m, b) => {
          const hist = m.u8(BINS * 4), at = m.f32(src);
          const first = b.kernels.histogram(hist, at, n, step, 32, BINS, centre, above);
          const second = b.kernels.histogram(hist, at, n, step, 32, BINS, centre, above);
          return { first, second, hist: Array.from(m.readU32(hist, BINS)) };
        });
        const sampled = Array.from(src).filter((_, i) => i % step === 0);
        const expected = countByDefinition(sampled, above, Number.isNaN(centre) ? null : centre);
        for (const got of [wasm, js]) {
          assert.is(got.first, expected.count);
          assert.is(got.second, expected.count);
          assert.equal(got.hist, expected.hist.map((c) => 2 * c), `n ${n}, step ${step}, centre ${centre}, above ${above}: added twice`);
        }
      }
    }
  }
});

test("histogram: runs of values in one bin (paper) and runs that change bin, every SIMD tail", async () => {
  const rng = new Rng(14);
  for (const n of [3, 4, 13, 64, 515]) {
    const src = new Float32Array(n);
    for (let i = 0; i < n; ) {
      const v = rng.uniform() < 0.5 ? 0.9 : rng.uniform(), run = 1 + rng.int(12);
      for (let j = 0; j < run && i < n; j++, i++) src[i] = v;
    }
    for (const [centre, above] of [[NaN, -Infinity], [0.7, -Infinity], [NaN, 0.5]]) {
      const { wasm, js } = await onBoth((m, b) => {
        const hist = m.u8(BINS * 4);
        const count = b.kernels.histogram(hist, m.f32(src), n, 1, 32, BINS, centre, above);
        return { count, hist: Array.from(m.readU32(hist, BINS)) };
      });
      const expected = countByDefinition(Array.from(src), above, Number.isNaN(centre) ? null : centre);
      for (const got of [wasm, js]) assert.equal(got, { count: expected.count, hist: expected.hist }, `n ${n}, centre ${centre}, above ${above}`);
    }
  }
});

test("histogram_rect: the values of a rectangle of a plane", async () => {
  const rng = new Rng(17);
  const w = 23, h = 11, src = values(w * h, rng);
  for (const [x0, y0, x1, y1] of [[0, 0, w, h], [0, 0, w, 2], [3, 2, 4, 9], [20, 9, 23, 11], [5, 5, 5, 9]]) {
    const { wasm, js } = await onBoth((m, b) => {
      const hist = m.u8(BINS * 4);
      const count = b.kernels.histogram_rect(hist, m.f32(src), w, x0, y0, x1, y1, 32, BINS, 0.4, 0.05);
      return { count, hist: Array.from(m.readU32(hist, BINS)) };
    });
    const inside: number[] = [];
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) inside.push(src[y * w + x]);
    const expected = countByDefinition(inside, 0.05, 0.4);
    for (const got of [wasm, js]) assert.equal(got, { count: expected.count, hist: expected.hist }, `[${x0}, ${x1}) x [${y0}, ${y1})`);
  }
});

test("histogram_steps: differences between horizontal neighbours along every ystep-th row", async () => {
  const rng = new Rng(19);
  for (const [w, h, ystep] of [[1, 4, 1], [2, 3, 1], [17, 9, 2], [40, 25, 7]]) {
    const src = values(w * h, rng);
    const { wasm, js } = await onBoth((m, b) => {
      const hist = m.u8(BINS * 4);
      const count = b.kernels.histogram_steps(hist, m.f32(src), w, h, ystep, 32, BINS);
      return { count, hist: Array.from(m.readU32(hist, BINS)) };
    });
    const steps: number[] = [];
    for (let y = 0; y < h; y += ystep) for (let x = 0; x + 1 < w; x++) steps.push(Math.abs(src[y * w + x + 1] - src[y * w + x]));
    const expected = countByDefinition(steps, -Infinity, null);
    for (const got of [wasm, js]) assert.equal(got, { count: expected.count, hist: expected.hist }, `${w}x${h}, every ${ystep}`);
  }
});

test.run();
