// assembly/project.ts against its twin and against definitions written out here: thin runs of ink in both
// families, the soft-binned projection's sharpness at several tilts and bin sizes, and points and paper
// binned by their offset across lines (with a paper mask, every line or every 2nd).

import { test } from "uvu";
import * as assert from "uvu/assert";
import { Rng } from "../../bindings/model/rng.js";
import { onBoth, sameBits } from "../helpers.js";

function inkPlane(w: number, h: number, rng: Rng): Float32Array {
  return Float32Array.from({ length: w * h }, () => (rng.uniform() < 0.35 ? 0.3 + 0.7 * rng.uniform() : 0.2 * rng.uniform()));
}

test("thin_runs: (main, cross) of ink in runs no longer than thick, main-major, both families", async () => {
  const rng = new Rng(29);
  for (const [w, h] of [[1, 1], [9, 7], [31, 20], [67, 45]]) {
    const ink = inkPlane(w, h, rng);
    for (const transposed of [0, 1]) {
      for (const thick of [1, 2, 4]) {
        const { wasm, js } = await onBoth((m, b) => {
          const pairs = m.i32(2 * w * h);
          const n = b.kernels.thin_runs(pairs, m.f32(ink), w, h, transposed, 0.3, thick);
          return Array.from(m.readI32(pairs, n));
        });
        const expected: number[] = [];
        const mains = transposed ? h : w, crosses = transposed ? w : h;
        const on = (m: number, c: number) => ink[transposed ? m * w + c : c * w + m] >= 0.3;
        for (let m = 0; m < mains; m++) {
          for (let c = 0; c < crosses; ) {
            if (!on(m, c)) { c++; continue; }
            let end = c;
            while (end < crosses && on(m, end)) end++;
            if (end - c <= thick) for (let k = c; k < end; k++) expected.push(m, k);
            c = end;
          }
        }
        assert.equal(wasm, expected, `${w}x${h}, transposed ${transposed}, thick ${thick}`);
        assert.equal(js, expected);
      }
    }
  }
});

test("projection_sharpness: the squared excess of each soft bin over the mean of the 17 around it", async () => {
  const rng = new Rng(31);
  const mains = 60, crosses = 40, n = 400;
  const points = Int32Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? rng.int(mains) : 5 * rng.int(8)));
  for (const [degrees, bin, stride] of [[0, 1, 1], [3.25, 1, 2], [-30, 4, 1], [44.5, 0.5, 3]]) {
    const t = (degrees * Math.PI) / 180, cos = Math.cos(t), sin = Math.sin(t);
    const offset = mains + bin, bins = Math.ceil((crosses + 2 * mains) / bin) + 3;
    const { wasm, js } = await onBoth((m, b) => b.kernels.projection_sharpness(m.f64(bins + 8), m.i32(points), 2 * n, stride, cos, sin, offset, bin, bins));
    const counts = new Float64Array(bins + 1);
    for (let i = 0; i < 2 * n; i += 2 * stride) {
      const at = (points[i + 1] * cos - points[i] * sin + offset) / bin - 0.5, b = Math.floor(at);
      counts[b] += 1 - (at - b);
      counts[b + 1] += at - b;
    }
    let expected = 0;
    for (let b = 0; b < bins; b++) {
      let window = 0;
      for (let j = Math.max(0, b - 8); j <= Math.min(bins - 1, b + 8); j++) window += counts[j];
      const excess = counts[b] - window / 17;
      if (excess > 0) expected += excess * excess;
    }
    assert.is(wasm, js, `${degrees} degrees: twin's bits`);
    assert.ok(Math.abs(wasm - expected) <= 1e-9 * expected, `${degrees} degrees: ${wasm} vs ${expected}`);
    assert.ok(expected > 0);
  }
});

test("project_points and project_paper: counts and the main coordinate's range per bin", async () => {
  const rng = new Rng(37);
  const w = 29, h = 17;
  const paper = Uint8Array.from({ length: w * h }, () => (rng.uniform() < 0.8 ? 1 : 0));
  const points = Int32Array.from({ length: 120 }, (_, i) => (i % 2 === 0 ? rng.int(w) : rng.int(h)));
  for (const transposed of [0, 1]) {
    for (const [degrees, mstep, masked] of [[0, 1, true], [7.5, 2, true], [-20, 2, false]] as const) {
      const t = (degrees * Math.PI) / 180, cos = Math.cos(t), sin = Math.sin(t);
      const mains = transposed ? h : w, crosses = transposed ? w : h;
      const offset = mains, bins = Math.ceil((crosses + 2 * mains) * 2) + 2;
      const { wasm, js } = await onBoth((m, b) => {
        const fresh = () => [m.f64(bins), m.f64(new Array(bins).fill(Infinity)), m.f64(new Array(bins).fill(-Infinity))];
        const [hits, hitLo, hitHi] = fresh(), [chord, lo, hi] = fresh();
        b.kernels.project_points(hits, hitLo, hitHi, m.i32(points), points.length, cos, sin, offset, 2);
        b.kernels.project_paper(chord, lo, hi, masked ? m.u8(paper) : 0, w, h, transposed, cos, sin, offset, 2, mstep);
        return [hits, hitLo, hitHi, chord, lo, hi].map((p) => Array.from(m.readF64(p, bins)));
      });
      const expected = Array.from({ length: 6 }, (_, i) => new Array(bins).fill(i % 3 === 0 ? 0 : i % 3 === 1 ? Infinity : -Infinity));
      const add = (set: number, m: number, c: number, weight: number) => {
        const b = Math.floor((c * cos - m * sin + offset) * 2);
        expected[set][b] += weight;
        expected[set + 1][b] = Math.min(expected[set + 1][b], m);
        expected[set + 2][b] = Math.max(expected[set + 2][b], m);
      };
      for (let i = 0; i < points.length; i += 2) add(0, points[i], points[i + 1], 1);
      for (let m = 0; m < mains; m += mstep) {
        for (let c = 0; c < crosses; c++) if (!masked || paper[transposed ? m * w + c : c * w + m]) add(3, m, c, mstep);
      }
      for (let i = 0; i < 6; i++) {
        sameBits(wasm[i], js[i], `array ${i}, transposed ${transposed}, ${degrees} degrees`);
        sameBits(wasm[i], expected[i], `array ${i}, transposed ${transposed}, ${degrees} degrees`);
      }
    }
  }
});

test.run();
