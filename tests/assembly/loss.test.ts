// assembly/loss.ts: hand-computed values of the Keras reference loss (normalise, clip at 1e-7), softmax
// cross-entropy, their fused gradients against the JS twins, and count_correct.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { Rng } from "../../bindings/model/rng.js";
import { Layout, allclose, backends, randomArray } from "../helpers.js";

async function kerasLoss(s: number[], labels: number[], C: number) {
  const out: { loss: number; dz: Float32Array }[] = [];
  for (const backend of Object.values(await backends())) {
    const a = new Layout(backend);
    const ps = a.f32(s), pl = a.i32(labels), pdz = a.f32(s.length), ploss = a.f32(labels.length);
    backend.kernels.sigmoid_keras_loss(ploss, pdz, ps, pl, labels.length, C, labels.length);
    out.push({ loss: a.read(ploss, labels.length).reduce((x, y) => x + y, 0), dz: a.read(pdz, s.length) });
  }
  return out;
}

test("Keras loss: sigmoid outputs are normalised to sum 1 before -log", async () => {
  // s = [0.5, 0.25, 0.25]: p = s / 1 → -ln 0.5; s = [0.2, 0.2, 0.4]: p_2 = 0.5 → -ln 0.5 again.
  for (const r of await kerasLoss([0.5, 0.25, 0.25, 0.2, 0.2, 0.4], [0, 2], 3)) {
    allclose([r.loss], [2 * Math.log(2)], 1e-6, 1e-6, "summed loss");
  }
  // Unnormalised: s = [0.9, 0.9, 0.9] → p = 1/3 whatever the scale.
  for (const r of await kerasLoss([0.9, 0.9, 0.9], [1], 3)) allclose([r.loss], [Math.log(3)], 1e-6, 1e-6, "loss");
});

test("Keras loss: the true class's probability is clipped to [1e-7, 1 - 1e-7] and the gradient stops there", async () => {
  for (const r of await kerasLoss([1e-12, 0.5, 0.5], [0], 3)) {
    allclose([r.loss], [-Math.log(1e-7)], 1e-4, 1e-4, "loss at the lower clip");
    assert.ok(r.dz.every((g) => g === 0), `gradient is zero when clipped, got ${[...r.dz]}`);
  }
  for (const r of await kerasLoss([0.999, 1e-12, 1e-12], [0], 3)) {
    allclose([r.loss], [-Math.log(1 - 1e-7)], 0, 2e-7, "loss at the upper clip");
  }
});

test("Keras loss gradient: (1/Σs - [k=y]/s_y) · s(1-s) / B", async () => {
  const s = [0.6, 0.3, 0.1, 0.2, 0.7, 0.5];
  const labels = [0, 1];
  const expected: number[] = [];
  for (let r = 0; r < 2; r++) {
    const row = s.slice(r * 3, r * 3 + 3);
    const sum = row.reduce((x, y) => x + y);
    row.forEach((sk, k) => expected.push(((1 / sum - (k === labels[r] ? 1 / row[labels[r]] : 0)) * sk * (1 - sk)) / 2));
  }
  for (const r of await kerasLoss(s, labels, 3)) allclose(r.dz, expected, 1e-5, 1e-7, "dz");
});

test("softmax cross-entropy: -log p_y and (p - onehot) / B, matching the JS twin", async () => {
  const rng = new Rng(5);
  const B = 5, C = 10;
  const raw = randomArray(B * C, rng).map(Math.abs);
  const p: number[] = [];
  for (let r = 0; r < B; r++) {
    const row = [...raw.slice(r * C, r * C + C)];
    const sum = row.reduce((x, y) => x + y);
    p.push(...row.map((v) => v / sum));
  }
  const labels = [3, 0, 9, 1, 1];
  const expectedLoss = labels.reduce((acc, y, r) => acc - Math.log(p[r * C + y]), 0);
  for (const backend of Object.values(await backends())) {
    const a = new Layout(backend);
    const pp = a.f32(p), pl = a.i32(labels), pdz = a.f32(B * C), ploss = a.f32(B);
    backend.kernels.softmax_xent_loss(ploss, pdz, pp, pl, B, C, B);
    const rowLoss = a.read(ploss, B);
    allclose(rowLoss, labels.map((y, r) => -Math.log(p[r * C + y])), 1e-5, 1e-6, `${backend.engine.kind} loss per row`);
    allclose([rowLoss.reduce((x, y) => x + y, 0)], [expectedLoss], 1e-5, 1e-5, `${backend.engine.kind} loss`);
    // Rows 2..5 alone, scaled for the whole batch of 5: the same numbers as in the whole batch.
    const part = a.f32(3 * C), partLoss = a.f32(3);
    backend.kernels.softmax_xent_loss(partLoss, part, pp + 2 * C * 4, pl + 2 * 4, 3, C, B);
    assert.equal(Array.from(a.read(part, 3 * C)), Array.from(a.read(pdz, B * C).slice(2 * C)), "a thread's rows");
    const dz = a.read(pdz, B * C);
    allclose(dz, p.map((v, i) => (v - (labels[Math.floor(i / C)] === i % C ? 1 : 0)) / B), 1e-5, 1e-7, `${backend.engine.kind} dz`);
  }
});

test("count_correct takes the first maximum on ties", async () => {
  const out = [0.1, 0.7, 0.2, 0.5, 0.5, 0, 0.3, 0.3, 0.4];
  for (const backend of Object.values(await backends())) {
    const a = new Layout(backend);
    assert.is(backend.kernels.count_correct(a.f32(out), a.i32([1, 1, 2]), 3, 3), 2, backend.engine.kind);
    assert.is(backend.kernels.count_correct(a.f32(out), a.i32([1, 0, 2]), 3, 3), 3, backend.engine.kind);
  }
});

test.run();
