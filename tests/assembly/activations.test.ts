// assembly/activations.ts against the JS twins and the definitions, on lengths with SIMD tails.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { Rng } from "../../bindings/model/rng.js";
import { Layout, allclose, backends, randomArray } from "../helpers.js";

for (const N of [1, 7, 33, 320]) {
  test(`relu_backward N=${N} passes dy where y > 0`, async () => {
    const rng = new Rng(N);
    const dy = randomArray(N, rng), y = randomArray(N, rng);
    for (const backend of Object.values(await backends())) {
      const a = new Layout(backend);
      const pdy = a.f32(dy), py = a.f32(y), pdz = a.f32(N);
      backend.kernels.relu_backward(pdz, pdy, py, N);
      assert.equal([...a.read(pdz, N)], [...dy].map((g, i) => (y[i] > 0 ? g : 0)), backend.engine.kind);
    }
  });

  test(`sigmoid_forward N=${N} is 1/(1+e^-z)`, async () => {
    const z = randomArray(N, new Rng(N + 1), 20);
    for (const backend of Object.values(await backends())) {
      const a = new Layout(backend);
      const pz = a.f32(z), py = a.f32(N);
      backend.kernels.sigmoid_forward(py, pz, N);
      allclose(a.read(py, N), [...z].map((v) => 1 / (1 + Math.exp(-v))), 1e-6, 1e-7, backend.engine.kind);
    }
  });
}

test("softmax_forward rows sum to 1, survive large logits, and match the definition", async () => {
  const B = 3, C = 10;
  const z = randomArray(B * C, new Rng(9), 5);
  z[0] = 200; // exp(200) overflows f32: the max subtraction must keep it finite
  for (const backend of Object.values(await backends())) {
    const a = new Layout(backend);
    const pz = a.f32(z), py = a.f32(B * C);
    backend.kernels.softmax_forward(py, pz, B, C);
    const y = a.read(py, B * C);
    for (let r = 0; r < B; r++) {
      const row = [...z.slice(r * C, r * C + C)];
      const m = Math.max(...row);
      const e = row.map((v) => Math.exp(v - m));
      const s = e.reduce((p, q) => p + q);
      allclose(y.slice(r * C, r * C + C), e.map((v) => v / s), 1e-5, 1e-7, `${backend.engine.kind} row ${r}`);
    }
  }
});

test.run();
