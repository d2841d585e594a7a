// bindings/engine/network.ts: the analytic gradients of a whole network (every layer kind, both losses) against
// central finite differences of an independent f64 forward pass written here; wasm against JS after
// training steps; determinism of initialisation and training.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { Network } from "../../../bindings/engine/network.js";
import type { Engine } from "../../../bindings/engine/engine.js";
import { HEADS, type Architecture } from "../../../bindings/engine/layers.js";
import { KERAS_ADAM } from "../../../bindings/model/training.js";
import { Model } from "../../../bindings/model/model.js";
import { Rng } from "../../../bindings/model/rng.js";
import { nodeEngine } from "../../../bindings/node/files.js";
import { allclose } from "../../helpers.js";

/** Mean loss of the batch in f64, from the definitions: dense, ReLU, sigmoid + Keras loss or softmax CE. */
function referenceLoss({ layers, head }: Architecture, params: Map<string, Float64Array>, x: Float64Array, labels: number[]): number {
  const B = labels.length;
  let act = x;
  for (const [i, l] of layers.entries()) {
    const w = params.get(`dense_${i}.weight`)!, b = params.get(`dense_${i}.bias`)!;
    const out = new Float64Array(B * l.outputs);
    for (let r = 0; r < B; r++) {
      for (let o = 0; o < l.outputs; o++) {
        let z = b[o];
        for (let k = 0; k < l.inputs; k++) z += act[r * l.inputs + k] * w[k * l.outputs + o];
        out[r * l.outputs + o] = l.activation === "relu" ? Math.max(z, 0) : z;
      }
    }
    act = out;
  }
  const C = layers[layers.length - 1].outputs;
  let total = 0;
  for (let r = 0; r < B; r++) {
    const z = Array.from(act.slice(r * C, r * C + C));
    const y = labels[r];
    if (head.activation === "sigmoid") {
      const s = z.map((v) => 1 / (1 + Math.exp(-v)));
      const p = s[y] / s.reduce((a, b) => a + b);
      total += -Math.log(Math.min(Math.max(p, 1e-7), 1 - 1e-7));
    } else {
      const m = Math.max(...z);
      const lse = m + Math.log(z.reduce((a, v) => a + Math.exp(v - m), 0));
      total += lse - z[y];
    }
  }
  return total / B;
}

async function gradientCheck(backendName: "wasm" | "js", output: "sigmoid" | "softmax", hidden: "relu" | "linear") {
  const engine = await nodeEngine(backendName);
  const arch: Architecture = {
    layers: [
      { kind: "dense", inputs: 7, outputs: 6, activation: hidden },
      { kind: "dense", inputs: 6, outputs: 5, activation: hidden },
      { kind: "dense", inputs: 5, outputs: 4, activation: "linear" },
    ],
    head: HEADS[output],
  };
  const B = 3;
  const net = Model.initialize(engine, arch, 11, { batch: 8, trainingData: B }).network;
  const rng = new Rng(12);
  const images = new Uint8Array(B * 7).map(() => 20 + rng.int(236));
  const labels = new Uint8Array([0, 3, 2]);
  net.loadData(images, labels);
  const order = net.orderView();
  order.set([0, 1, 2]);
  const tensors = net.getTensors();
  net.gradients(0, B);
  const f32 = net.arena.views.f32;
  const grads = net.plan.training!.grads;
  const params = new Map(tensors.map((t) => [t.name, Float64Array.from(t.data)]));
  const x = Float64Array.from(images, (v) => Math.fround(v * Math.fround(1 / 255)));
  const h = 1e-5;
  for (const slot of net.plan.tensors) {
    const analytic = f32.slice((grads + slot.offset) >> 2, ((grads + slot.offset) >> 2) + slot.length);
    const numeric = new Float64Array(slot.length);
    const p = params.get(slot.name)!;
    for (let k = 0; k < slot.length; k++) {
      const keep = p[k];
      p[k] = keep + h; const up = referenceLoss(arch, params, x, [...labels]);
      p[k] = keep - h; const down = referenceLoss(arch, params, x, [...labels]);
      p[k] = keep;
      numeric[k] = (up - down) / (2 * h);
    }
    allclose(analytic, numeric, 2e-3, 2e-5, `${backendName} ${output}/${hidden} d${slot.name}`);
  }
}

for (const backend of ["wasm", "js"] as const) {
  for (const output of ["sigmoid", "softmax"] as const) {
    for (const hidden of ["relu", "linear"] as const) {
      test(`${backend}: ${output} output, ${hidden} hidden layers: gradients match finite differences`, () => gradientCheck(backend, output, hidden));
    }
  }
}

async function trainedTensors(engine: Engine, seed: number, steps: number, arch: Architecture) {
  const net = Model.initialize(engine, arch, seed, { batch: 16, trainingData: 64 }).network;
  const rng = new Rng(99);
  const n = 64;
  net.loadData(new Uint8Array(n * net.inputs).map(() => rng.int(256)), new Uint8Array(n).map(() => rng.int(net.classes)));
  const order = net.orderView();
  for (let i = 0; i < n; i++) order[i] = i;
  for (let s = 0; s < steps; s++) net.trainBatch((s * 16) % n, 16, KERAS_ADAM);
  return net.getTensors();
}

const shapes: Architecture = {
  layers: [
    { kind: "dense", inputs: 784, outputs: 50, activation: "relu" },
    { kind: "dense", inputs: 50, outputs: 50, activation: "relu" },
    { kind: "dense", inputs: 50, outputs: 10, activation: "linear" },
  ],
  head: HEADS.sigmoid,
};

test("wasm and JS backends agree after 20 Adam steps on the reference shapes", async () => {
  const a = await trainedTensors(await nodeEngine("wasm"), 5, 20, shapes);
  const b = await trainedTensors(await nodeEngine("js"), 5, 20, shapes);
  for (let i = 0; i < a.length; i++) allclose(a[i].data, b[i].data, 1e-3, 1e-4, a[i].name);
});

test("training's fused gradient-and-Adam kernels give the bits of the gradient kernels followed by adam_step", async () => {
  const engine = await nodeEngine("wasm");
  const fused = Model.initialize(engine, shapes, 5, { batch: 16, trainingData: 64 }).network;
  const apart = Model.initialize(engine, shapes, 5, { batch: 16, trainingData: 64 }).network;
  const rng = new Rng(99);
  // MNIST-like inputs: most pixels exactly 0, so the sparse path is taken too.
  const images = new Uint8Array(64 * 784).map(() => (rng.uniform() < 0.8 ? 0 : rng.int(256)));
  const labels = new Uint8Array(64).map(() => rng.int(10));
  for (const net of [fused, apart]) {
    net.loadData(images, labels);
    net.orderView().forEach((_, i, order) => { order[i] = i; });
  }
  const t = apart.plan.training!, block = apart.plan.blockBytes;
  let b1 = 1, b2 = 1;
  for (let s = 0; s < 12; s++) {
    fused.trainBatch((s * 16) % 64, 16, KERAS_ADAM);
    apart.gradients((s * 16) % 64, 16);
    b1 *= KERAS_ADAM.beta1;
    b2 *= KERAS_ADAM.beta2;
    const lrT = (KERAS_ADAM.learningRate * Math.sqrt(1 - b2)) / (1 - b1);
    apart.arena.kernels.adam_step(apart.plan.params, t.grads, t.adamM, t.adamV, block >> 2, lrT, KERAS_ADAM.beta1, KERAS_ADAM.beta2, KERAS_ADAM.epsilon);
  }
  const a = fused.getTensors(), b = apart.getTensors();
  for (let i = 0; i < a.length; i++) assert.ok(Buffer.from(a[i].data.buffer).equals(Buffer.from(b[i].data.buffer)), `${a[i].name}: the same bits`);
});

test("the same seed gives bit-identical weights; another seed does not", async () => {
  const a = await trainedTensors(await nodeEngine("wasm"), 5, 10, shapes);
  const b = await trainedTensors(await nodeEngine("wasm"), 5, 10, shapes);
  const c = await trainedTensors(await nodeEngine("wasm"), 6, 10, shapes);
  for (let i = 0; i < a.length; i++) {
    assert.ok(Buffer.from(a[i].data.buffer).equals(Buffer.from(b[i].data.buffer)), `${a[i].name} differs between identical runs`);
  }
  assert.not.ok(Buffer.from(a[0].data.buffer).equals(Buffer.from(c[0].data.buffer)), "different seeds gave the same weights");
});

test("Glorot-uniform initialisation: weights within ±√(6/(in+out)), biases zero", async () => {
  const net = Model.initialize(await nodeEngine("wasm"), shapes, 1, { batch: 32 }).network;
  for (const t of net.getTensors()) {
    if (t.name.endsWith(".bias")) { assert.ok(t.data.every((v) => v === 0), t.name); continue; }
    const limit = Math.sqrt(6 / (t.shape[0] + t.shape[1]));
    const max = t.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    assert.ok(max <= limit && max > 0.9 * limit, `${t.name}: max |w| ${max}, limit ${limit}`);
  }
});

test("predict returns rows that sum to 1, in chunks larger than the planned batch", async () => {
  const net = Model.initialize(await nodeEngine("wasm"), shapes, 2, { batch: 4 }).network;
  const n = 11;
  const pixels = new Float32Array(n * 784).map((_, i) => ((i * 7919) % 255) / 255);
  const probs = net.predict(pixels);
  assert.is(probs.length, n * 10);
  for (let r = 0; r < n; r++) allclose([probs.slice(r * 10, r * 10 + 10).reduce((a, b) => a + b)], [1], 1e-5, 1e-6, `row ${r}`);
  // Row 7 predicted alone equals row 7 in the batch.
  const one = net.predict(pixels.slice(7 * 784, 8 * 784));
  allclose(one, probs.slice(70, 80), 0, 0, "row 7 alone");
});

test("prediction's sparse first layer (rows mostly zeros) gives the dense layer's bits, on both engines", async () => {
  for (const kind of ["wasm", "js"] as const) {
    const net = Model.initialize(await nodeEngine(kind), shapes, 3, { batch: 5 }).network;
    // Five rows with a digit's share of ink (a fifth nonzero), and ink in the last column.
    const pixels = new Float32Array(5 * 784).map((_, i) => ((i * 7919) % 5 === 0 || i === 783 ? ((i * 31) % 255) / 255 : 0));
    const sparse = net.predict(pixels);
    // Row 0 again, beside four rows all ink (the pass more than half nonzero): the dense kernels.
    const denseRows = new Float32Array(5 * 784).fill(0.5);
    denseRows.set(pixels.subarray(0, 784), 0);
    const mixed = net.predict(denseRows);
    allclose(mixed.slice(0, 10), sparse.slice(0, 10), 0, 0, `${kind}: row 0 through the dense kernels`);
  }
});

test.run();
