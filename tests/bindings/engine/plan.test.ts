// bindings/engine/plan.ts: a pure function from shapes to offsets. Every tensor 16-byte aligned with at
// least 16 bytes before the next one starts, no overlaps, the four parameter-shaped blocks identically
// ordered, nothing for training in a plan to predict, the data set last, and sizes past 2 GiB kept exact.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { planMemory, type MemoryPlan } from "../../../bindings/engine/plan.js";
import { denseArchitecture } from "../../../bindings/engine/layers.js";

const reference = denseArchitecture(784, [50, 50], 10, "sigmoid");

/** [start, bytes] of every region a plan lays out, absolute. */
function regions(plan: MemoryPlan, arch = reference): [string, number, number][] {
  const out: [string, number, number][] = [];
  const blocks: [string, number][] = [["params", plan.params]];
  if (plan.training) blocks.push(["grads", plan.training.grads], ["m", plan.training.adamM], ["v", plan.training.adamV]);
  for (const [block, base] of blocks) for (const t of plan.tensors) out.push([`${block}.${t.name}`, base + t.offset, t.length * 4]);
  arch.layers.forEach((l, i) => {
    out.push([`output ${i}`, plan.layers[i].output, plan.batch * l.outputs * 4]);
    if (plan.training) out.push([`grad ${i}`, plan.training.layerGrads[i], plan.batch * l.outputs * 4]);
  });
  out.push(["input", plan.input, plan.batch * 784 * 4], ["probs", plan.probs, plan.batch * 10 * 4]);
  if (plan.training) {
    const d = plan.training.data;
    out.push(["labels", plan.training.labels, plan.batch * 4], ["images", d.images, d.count * d.dim], ["data labels", d.labels, d.count], ["order", d.order, d.count * 4]);
  }
  if (plan.sparse) out.push(["sparse index", plan.sparse.index, plan.batch * 784 * 4], ["sparse count", plan.sparse.count, plan.batch * 4]);
  return out;
}

function checkLayout(plan: MemoryPlan, base: number): void {
  const all = regions(plan).sort((a, b) => a[1] - b[1]);
  for (const [name, start] of all) {
    assert.is(start % 16, 0, `${name} is 16-byte aligned`);
    assert.ok(start >= base, `${name} starts after the heap base`);
  }
  for (let i = 1; i < all.length; i++) {
    const [prev, start, bytes] = all[i - 1];
    assert.ok(all[i][1] >= start + bytes + 16, `${prev} leaves 16 readable bytes before ${all[i][0]}`);
  }
  const [last, start, bytes] = all[all.length - 1];
  assert.ok(plan.end >= start + bytes + 16, `${last} ends inside the plan`);
}

test("a plan to predict: parameters, activations, input, probabilities and the input's nonzero lists only", () => {
  const plan = planMemory(reference, { batch: 64 }, 1000);
  assert.is(plan.training, undefined);
  assert.ok(plan.sparse, "the rows' nonzero inputs, for the sparse first layer");
  checkLayout(plan, 1000);
  assert.equal(plan.tensors.map((t) => [t.name, t.shape]), [
    ["dense_0.weight", [784, 50]], ["dense_0.bias", [50]], ["dense_1.weight", [50, 50]], ["dense_1.bias", [50]],
    ["dense_2.weight", [50, 10]], ["dense_2.bias", [10]],
  ]);
  const training = planMemory(reference, { batch: 64, trainingData: 0 }, 1000);
  assert.ok(plan.end < training.end - 3 * plan.blockBytes, "no gradients, no Adam moments");
});

test("a plan to train: four identically ordered blocks in a row, the data set last", () => {
  const plan = planMemory(reference, { batch: 32, trainingData: 1000 }, 1024);
  checkLayout(plan, 1024);
  const t = plan.training!;
  assert.equal([t.grads - plan.params, t.adamM - t.grads, t.adamV - t.adamM], [plan.blockBytes, plan.blockBytes, plan.blockBytes]);
  assert.is(plan.blockBytes % 16, 0);
  const starts = regions(plan).map(([, s]) => s);
  assert.ok(t.data.images >= Math.max(...starts.filter((s) => s < t.data.images)), "the data set comes after everything per batch");
  // Growing the data set or the batch never moves the parameters (they keep their values).
  const bigger = planMemory(reference, { batch: 128, trainingData: 60000 }, 1024);
  assert.is(bigger.params, plan.params);
  assert.equal(bigger.tensors, plan.tensors);
});

test("sizes past 2 GiB stay exact (no 32-bit wrap that would hide an impossible plan)", () => {
  const plan = planMemory(denseArchitecture(784, [1_000_000], 10, "softmax"), { batch: 1 }, 16);
  assert.ok(plan.end > 784 * 1_000_000 * 4, `end ${plan.end}`);
});

test("bad batches are refused", () => {
  for (const batch of [0, -1, 1.5, NaN]) assert.throws(() => planMemory(reference, { batch }, 16), /batch must be a positive integer/);
});

test.run();
