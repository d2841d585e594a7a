// assembly/dense.ts against its plain-TS twin, on shapes that exercise every SIMD tail (B=3, IN=7,
// OUT=10) and the reference model's shapes, with NaN-poisoned slack after every tensor.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { Rng } from "../../bindings/model/rng.js";
import { Layout, allclose, backends, randomArray } from "../helpers.js";

const shapes = [
  [3, 7, 10], [4, 8, 8], [5, 9, 13], [1, 1, 1], [32, 784, 50], [32, 50, 50], [32, 50, 10], [7, 33, 6],
];

for (const [B, IN, OUT] of shapes) {
  for (const relu of [0, 1]) {
    test(`dense_forward B=${B} IN=${IN} OUT=${OUT} relu=${relu} matches the JS twin`, async () => {
      const rng = new Rng(B * 1000 + IN * 10 + OUT);
      const x = randomArray(B * IN, rng), w = randomArray(IN * OUT, rng, 0.5), b = randomArray(OUT, rng, 0.1);
      const results: Float32Array[] = [];
      for (const backend of Object.values(await backends())) {
        const a = new Layout(backend);
        const px = a.f32(x), pw = a.f32(w), pb = a.f32(b), py = a.f32(B * OUT);
        backend.kernels.dense_forward(py, px, pw, pb, B, IN, OUT, relu);
        results.push(a.read(py, B * OUT));
      }
      allclose(results[0], results[1], 1e-5, 1e-5, "y");
      // An independent check of one element, straight from the definition.
      let z = b[OUT - 1];
      for (let i = 0; i < IN; i++) z += x[(B - 1) * IN + i] * w[i * OUT + OUT - 1];
      allclose([results[0][B * OUT - 1]], [relu ? Math.max(z, 0) : z], 1e-5, 1e-5, "last element");
    });
  }

  test(`dense_backward_weights B=${B} IN=${IN} OUT=${OUT} accumulates like the JS twin`, async () => {
    const rng = new Rng(B + IN + OUT);
    const x = randomArray(B * IN, rng), dz = randomArray(B * OUT, rng), dw0 = randomArray(IN * OUT, rng), db0 = randomArray(OUT, rng);
    const results: Float32Array[][] = [];
    for (const backend of Object.values(await backends())) {
      const a = new Layout(backend);
      const px = a.f32(x), pdz = a.f32(dz), pdw = a.f32(dw0), pdb = a.f32(db0);
      backend.kernels.dense_backward_weights(pdw, pdb, px, pdz, B, IN, OUT);
      results.push([a.read(pdw, IN * OUT), a.read(pdb, OUT)]);
    }
    allclose(results[0][0], results[1][0], 1e-5, 1e-5, "dw");
    allclose(results[0][1], results[1][1], 1e-5, 1e-5, "db");
    // Accumulation: the starting gradient is kept, not overwritten.
    let expected = dw0[0];
    for (let r = 0; r < B; r++) expected += x[r * IN] * dz[r * OUT];
    allclose([results[0][0][0]], [expected], 1e-5, 1e-5, "dw[0,0]");
  });

  test(`dense_backward_input B=${B} IN=${IN} OUT=${OUT} matches the JS twin`, async () => {
    const rng = new Rng(7 * B + IN + OUT);
    const dz = randomArray(B * OUT, rng), w = randomArray(IN * OUT, rng);
    const results: Float32Array[] = [];
    for (const backend of Object.values(await backends())) {
      const a = new Layout(backend);
      const pdz = a.f32(dz), pw = a.f32(w), pdx = a.f32(B * IN);
      backend.kernels.dense_backward_input(pdx, pdz, pw, B, IN, OUT);
      results.push(a.read(pdx, B * IN));
    }
    allclose(results[0], results[1], 1e-5, 1e-5, "dx");
    assert.ok(results[0].every(Number.isFinite), "no NaN from the poisoned slack");
  });
}

test.run();
