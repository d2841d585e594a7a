// assembly/shade.ts against its twin and against the flood written out here (array methods, no typed
// memory): shade reached from paper through pixels of the same brightness is cleared, strokes
// and shade behind a step in brightness are kept.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { Rng } from "../../bindings/model/rng.js";
import { onBoth, sameBits } from "../helpers.js";

/**
 * The flood as the pipeline defines it: paper pixels that border darkness start it, in raster order; it
 * spreads breadth first, each pixel judged against the paper level of the flood that reaches it first.
 */
function clearByDefinition(ink: Float32Array, luma: Float32Array, w: number, h: number, seed: number, step: number, noise = 0): Float32Array {
  const out = ink.slice();
  const level = Array.from(ink, (v, i) => (v <= seed ? luma[i] : null));
  const neighbours = (p: number) => [p % w > 0 ? p - 1 : -1, p % w < w - 1 ? p + 1 : -1, p - w, p + w].filter((q) => q >= 0 && q < w * h);
  const queue = level.flatMap((l, p) => (l !== null && neighbours(p).some((q) => level[q] === null) ? [p] : []));
  for (let head = 0; head < queue.length; head++) {
    const p = queue[head], paper = level[p]!;
    for (const q of neighbours(p)) {
      if (level[q] !== null || Math.abs(luma[q] - paper) > Math.max(step * paper, noise)) continue;
      level[q] = paper;
      out[q] = 0;
      queue.push(q);
    }
  }
  return out;
}

test("clear_shade: shade of the paper's brightness is cleared, darker strokes stay", async () => {
  const rng = new Rng(41);
  const w = 30, h = 20;
  // Paper at 0.8 with a soft shade (0.78..0.82, judged dark) and a stroke at 0.3 with its own ink.
  const luma = new Float32Array(w * h).fill(0.8), ink = new Float32Array(w * h);
  for (let y = 5; y < 15; y++) for (let x = 3; x < 12; x++) { luma[y * w + x] = 0.78 + 0.04 * rng.uniform(); ink[y * w + x] = 0.2; }
  for (let y = 2; y < 18; y++) for (let x = 18; x < 21; x++) { luma[y * w + x] = 0.3; ink[y * w + x] = 0.6; }
  const { wasm, js } = await onBoth((m, b) => {
    const at = m.f32(ink);
    b.kernels.clear_shade(at, m.f32(luma), m.f32(w * h), m.i32(w * h), w, h, 0.05, 0.06, 0);
    return m.read(at, w * h);
  });
  sameBits(wasm, js);
  assert.ok(wasm.every((v, i) => (ink[i] === Math.fround(0.2) ? v === 0 : v === ink[i])), "the shade cleared, the stroke kept");
  sameBits(wasm, clearByDefinition(ink, luma, w, h, 0.05, 0.06), "the sweeps' result");
});

test("clear_shade: twin's bits and the sweeps' result on random scenes", async () => {
  const rng = new Rng(43);
  for (const [w, h, noise] of [[1, 1, 0], [7, 3, 0], [25, 19, 0], [25, 19, 0.04]]) {
    const luma = Float32Array.from({ length: w * h }, () => 0.5 + 0.1 * rng.uniform());
    const ink = Float32Array.from({ length: w * h }, () => (rng.uniform() < 0.5 ? 0 : 0.1 + 0.5 * rng.uniform()));
    const { wasm, js } = await onBoth((m, b) => {
      const at = m.f32(ink);
      b.kernels.clear_shade(at, m.f32(luma), m.f32(w * h), m.i32(w * h), w, h, 0.05, 0.06, noise);
      return m.read(at, w * h);
    });
    sameBits(wasm, js, `${w}x${h}`);
    sameBits(wasm, clearByDefinition(ink, luma, w, h, 0.05, 0.06, noise), `${w}x${h}, noise ${noise}`);
  }
});

test.run();
