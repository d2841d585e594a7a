// assembly/adam.ts: one and several steps against the update written out from the Adam paper, and the
// JS twin; zero gradients in alignment padding leave parameters untouched.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { Rng } from "../../bindings/model/rng.js";
import { Layout, allclose, backends, randomArray } from "../helpers.js";

test("adam_step follows Keras' Adam for three steps", async () => {
  const N = 12;
  const rng = new Rng(3);
  const p0 = randomArray(N, rng), grads = [randomArray(N, rng), randomArray(N, rng), randomArray(N, rng)];
  grads[0][5] = 0; // a parameter with no gradient yet must not move
  const lr = 0.001, b1 = 0.9, b2 = 0.999, eps = 1e-7;
  // f64 reference: m and v with bias correction folded into the step size.
  const p = [...p0], m = new Array(N).fill(0), v = new Array(N).fill(0);
  const expected: number[][] = [];
  for (let t = 1; t <= 3; t++) {
    const g = grads[t - 1];
    const lrT = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    for (let k = 0; k < N; k++) {
      m[k] = b1 * m[k] + (1 - b1) * g[k];
      v[k] = b2 * v[k] + (1 - b2) * g[k] * g[k];
      p[k] -= (lrT * m[k]) / (Math.sqrt(v[k]) + eps);
    }
    expected.push([...p]);
  }
  for (const backend of Object.values(await backends())) {
    const a = new Layout(backend);
    const pp = a.f32(p0), pg = a.f32(N), pm = a.f32(N), pv = a.f32(N);
    for (let t = 1; t <= 3; t++) {
      new Float32Array(backend.buffer, pg, N).set(grads[t - 1]);
      const lrT = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
      backend.kernels.adam_step(pp, pg, pm, pv, N, lrT, b1, b2, eps);
      allclose(a.read(pp, N), expected[t - 1], 1e-5, 1e-6, `${backend.engine.kind} step ${t}`);
      if (t === 1) assert.is(a.read(pp, N)[5], p0[5], "untouched without gradient");
    }
  }
});

test.run();
