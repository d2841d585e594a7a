// assembly/place.ts against its twin and against definitions written out here: the ink's box at a threshold,
// stroke width as twice the area over the outline (a solid bar of known width), and placing by centre of mass
// in 28x28 with the shift rounded as Math.round does (halves up) and values clamped to 0..1.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { Rng } from "../../bindings/model/rng.js";
import { onBoth, sameBits } from "../helpers.js";

test("ink_box: the smallest box holding every pixel at the threshold; none on an empty image", async () => {
  const w = 13, h = 9, img = new Float32Array(w * h);
  img[2 * w + 3] = 0.5;
  img[7 * w + 10] = 0.03;
  img[5 * w + 12] = 0.019;
  for (const [threshold, expected] of [[0.02, [3, 2, 11, 8]], [0.5, [3, 2, 4, 3]], [0.6, null]] as const) {
    const { wasm, js } = await onBoth((m, b) => {
      const box = m.i32([-1, -1, -1, -1]);
      const found = b.kernels.ink_box(box, m.f32(img), w, h, threshold);
      return found ? Array.from(m.readI32(box, 4)) : null;
    });
    assert.equal(wasm, expected, `threshold ${threshold}`);
    assert.equal(js, expected);
  }
});

test("stroke_width: a solid bar's width, and 0 without ink", async () => {
  for (const [w, h, bar] of [[40, 30, 6], [41, 30, 1], [20, 60, 11]]) {
    const img = new Float32Array(w * h);
    for (let y = 3; y < h - 3; y++) for (let x = 5; x < 5 + bar; x++) img[y * w + x] = 0.9;
    const { wasm, js } = await onBoth((m, b) => [b.kernels.stroke_width(m.f32(img), w, h, 0.5), b.kernels.stroke_width(m.f32(w * h), w, h, 0.5)]);
    const length = h - 6, area = bar * length;
    // The outline: both long sides and both ends (a bar one or two wide is all outline).
    const outline = bar <= 2 ? area : 2 * length + 2 * (bar - 2);
    assert.equal(wasm, [(2 * area) / outline, 0]);
    assert.equal(js, wasm);
  }
});

test("place_by_mass: centre of mass on the middle pixel, whole-pixel shift, halves rounded up, clamped", async () => {
  const rng = new Rng(59);
  for (const [w, h] of [[1, 1], [20, 13], [7, 20], [20, 20]]) {
    const img = Float32Array.from({ length: w * h }, () => (rng.uniform() < 0.4 ? rng.uniform() * 1.1 - 0.05 : 0));
    const { wasm, js } = await onBoth((m, b) => {
      const out = m.f32(new Array(28 * 28).fill(7));
      b.kernels.place_by_mass(out, m.f32(img), w, h, 28);
      return m.read(out, 28 * 28);
    });
    sameBits(wasm, js, `${w}x${h}`);
    let mass = 0, mx = 0, my = 0;
    img.forEach((v, i) => {
      mass += v;
      mx += v * ((i % w) + 0.5);
      my += v * (Math.floor(i / w) + 0.5);
    });
    const left = Math.min(28 - w, Math.max(0, Math.round(14.5 - mx / mass))), top = Math.min(28 - h, Math.max(0, Math.round(14.5 - my / mass)));
    const expected = new Array(28 * 28).fill(0);
    img.forEach((v, i) => (expected[(top + Math.floor(i / w)) * 28 + left + (i % w)] = Math.min(1, Math.max(0, v))));
    sameBits(wasm, expected, `${w}x${h}`);
  }
  // A centre of mass exactly between two pixels: Math.round sends the shift up (f64.nearest would send 0.5 to 0).
  const img = Float32Array.of(0, 1, 1, 0);
  const { wasm } = await onBoth((m, b) => {
    const out = m.f32(28 * 28);
    b.kernels.place_by_mass(out, m.f32(img), 4, 1, 28);
    return m.read(out, 28 * 28);
  });
  // cx = 2, cy = 0.5: left = round(12.5) = 13, top = round(14) = 14.
  assert.equal(Array.from(wasm.subarray(14 * 28 + 13, 14 * 28 + 17)), [0, 1, 1, 0]);
  assert.is(wasm[14 * 28 + 14], 1);
});

test.run();
