// bindings/augment.ts: the warp's geometry (identity, shift, rotation), stroke width, pixel range, and
// that augmentation draws only from the Rng it is given (same seed, same batch; same seed, same model).

import { test } from "uvu";
import * as assert from "uvu/assert";
import { applyAugment, augmentScratch, drawAugment, stroke, warp } from "../../../bindings/model/augment.js";
import { AUGMENT_DRAWS } from "../../../bindings/engine/plan.js";
import { centreOfMass } from "../../../bindings/image/preprocess.js";
import { loadSplit } from "../../../bindings/node/data.js";
import { Rng } from "../../../bindings/model/rng.js";
import { nodeEngine } from "../../../bindings/node/files.js";
import { Model } from "../../../bindings/model/model.js";
import { denseArchitecture } from "../../../bindings/engine/layers.js";
import { KERAS_ADAM } from "../../../bindings/model/training.js";
import { fit } from "../../../bindings/model/fit.js";
import { sliceDataset } from "../../../bindings/model/idx.js";

const mnist = loadSplit("test");
const digit = (i: number) => Float32Array.from(mnist.images.subarray(i * 784, i * 784 + 784), (v) => v / 255);
const blob = (cx: number, cy: number) => Float32Array.from({ length: 784 }, (_, i) => Math.max(0, 1 - Math.hypot((i % 28) + 0.5 - cx, Math.floor(i / 28) + 0.5 - cy) / 3));
const sum = (a: Float32Array) => a.reduce((s, v) => s + v, 0);

test("identity parameters leave an image unchanged, bit for bit", () => {
  const src = digit(3), dst = new Float32Array(784);
  warp(dst, src, 28, 0, 1, 1, 0, 0, 0);
  assert.equal(Array.from(dst), Array.from(src));
  stroke(dst, src, 28, 0);
  assert.equal(Array.from(dst), Array.from(src));
});

test("a shift moves the centre of mass by the shift", () => {
  const src = blob(12, 15), dst = new Float32Array(784);
  warp(dst, src, 28, 0, 1, 1, 0, 2, -1.5);
  const [x0, y0] = centreOfMass(src, 28, 28), [x1, y1] = centreOfMass(dst, 28, 28);
  assert.ok(Math.abs(x1 - x0 - 2) < 0.02 && Math.abs(y1 - y0 + 1.5) < 0.02, `moved by ${x1 - x0}, ${y1 - y0}`);
});

test("a rotation turns a point about the centre by the angle (0.3 rad)", () => {
  const src = blob(20, 14), dst = new Float32Array(784);
  const angle = 0.3;
  warp(dst, src, 28, angle, 1, 1, 0, 0, 0);
  const [x, y] = centreOfMass(dst, 28, 28);
  const ex = 14 + 6 * Math.cos(angle), ey = 14 + 6 * Math.sin(angle);
  assert.ok(Math.hypot(x - ex, y - ey) < 0.1, `centre ${x}, ${y}; expected ${ex}, ${ey}`);
});

test("stroke makes ink bolder or thinner and keeps values in 0..1", () => {
  const src = digit(0), bold = new Float32Array(784), thin = new Float32Array(784);
  stroke(bold, src, 28, 0.6);
  stroke(thin, src, 28, -0.6);
  assert.ok(sum(bold) > sum(src) * 1.2, `bold ${sum(bold)} vs ${sum(src)}`);
  assert.ok(sum(thin) < sum(src) * 0.8, `thin ${sum(thin)} vs ${sum(src)}`);
  for (const v of [...bold, ...thin]) assert.ok(v >= 0 && v <= 1);
});

test("an augmented batch stays in 0..1, keeps its ink near the centre, and depends only on the seed", () => {
  const rows = 64, batch = new Float32Array(rows * 784);
  for (let r = 0; r < rows; r++) batch.set(digit(r), r * 784);
  const augment = (x: Float32Array, rng: Rng) => {
    const draws = new Float64Array(rows * AUGMENT_DRAWS);
    drawAugment(rng, rows, draws);
    applyAugment(x, draws, 0, rows, augmentScratch());
  };
  const a = batch.slice(), b = batch.slice(), c = batch.slice();
  augment(a, new Rng(11));
  augment(b, new Rng(11));
  augment(c, new Rng(12));
  // Applied in two pieces (as two threads would), the draws give the same images.
  const split = batch.slice(), draws = new Float64Array(rows * AUGMENT_DRAWS);
  drawAugment(new Rng(11), rows, draws);
  applyAugment(split, draws, 20, rows, augmentScratch());
  applyAugment(split, draws, 0, 20, augmentScratch());
  assert.equal(Array.from(split), Array.from(a), "any split of the rows, the same batch");
  assert.equal(Array.from(a), Array.from(b), "same seed, same batch");
  assert.ok(a.some((v, i) => v !== c[i]), "another seed, another batch");
  assert.ok(a.some((v, i) => v !== batch[i]), "the batch changed");
  for (const v of a) assert.ok(v >= 0 && v <= 1, `value ${v}`);
  for (let r = 0; r < rows; r++) {
    const [x, y] = centreOfMass(a.subarray(r * 784, (r + 1) * 784), 28, 28);
    assert.ok(Math.abs(x - 14.5) < 4 && Math.abs(y - 14.5) < 4, `image ${r} centre ${x}, ${y}`);
  }
});

test("training with augmentation: the same seed gives the same model bytes", async () => {
  const data = sliceDataset(loadSplit("train"), 0, 2000);
  const train = async () => {
    const model = Model.initialize(await nodeEngine("wasm"), denseArchitecture(784, [32], 10, "softmax"), 5, { batch: 50 });
    await fit(model.network, data, { epochs: 1, batch: 50, adam: KERAS_ADAM, seed: 5, augment: true });
    return model.toSafetensors();
  };
  const [x, y] = [await train(), await train()];
  assert.equal(Buffer.compare(Buffer.from(x), Buffer.from(y)), 0);
});

test.run();
