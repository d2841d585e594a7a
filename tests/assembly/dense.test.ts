// assembly/dense.ts against its plain-TS twin, on shapes that exercise every SIMD tail (B=3, IN=7,
// OUT=10) and the reference model's shapes, with NaN-poisoned slack after every tensor.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { Rng } from "../../bindings/model/rng.js";
import { Layout, allclose, backends, randomArray } from "../helpers.js";

const shapes = [
  [3, 7, 10], [4, 8, 8], [5, 9, 13], [1, 1, 1], [32, 784, 50], [32, 50, 50], [32, 50, 10], [7, 33, 6],
  // Every column grouping of the sparse forward: 28 per walk, then six vectors for 21-24, else 16s and 4s.
  [3, 11, 21], [2, 9, 24], [3, 9, 27], [2, 5, 28], [3, 13, 52], [2, 6, 57], [3, 7, 45],
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

  test(`dense_backward_weights B=${B} IN=${IN} OUT=${OUT} overwrites like the JS twin, for the whole and for ranges`, async () => {
    const rng = new Rng(B + IN + OUT);
    const x = randomArray(B * IN, rng), dz = randomArray(B * OUT, rng), stale = randomArray(IN * OUT, rng);
    const results: Float32Array[] = [];
    for (const backend of Object.values(await backends())) {
      const a = new Layout(backend);
      const px = a.f32(x), pdz = a.f32(dz), pdw = a.f32(stale);
      backend.kernels.dense_backward_weights(pdw, px, pdz, B, IN, OUT, 0, IN);
      const whole = a.read(pdw, IN * OUT);
      results.push(whole);
      // The same rows computed in pieces split at multiples of four (as threads split them): the same bits.
      const pieces = a.f32(stale);
      const cut = Math.min(IN, 4 * Math.ceil(IN / 8));
      backend.kernels.dense_backward_weights(pieces, px, pdz, B, IN, OUT, cut, IN);
      backend.kernels.dense_backward_weights(pieces, px, pdz, B, IN, OUT, 0, cut);
      assert.equal(Array.from(a.read(pieces, IN * OUT)), Array.from(whole), `${backend.engine.kind}: split at ${cut}`);
    }
    allclose(results[0], results[1], 1e-5, 1e-5, "dw");
    // Overwritten, not accumulated: the stale values are gone.
    let expected = 0;
    for (let r = 0; r < B; r++) expected += x[r * IN] * dz[r * OUT];
    allclose([results[0][0]], [expected], 1e-5, 1e-5, "dw[0,0]");
  });

  test(`dense_backward_bias B=${B} OUT=${OUT}: the column sums of dz, overwriting`, async () => {
    const rng = new Rng(3 * B + OUT);
    const dz = randomArray(B * OUT, rng);
    for (const backend of Object.values(await backends())) {
      const a = new Layout(backend);
      const pdz = a.f32(dz), pdb = a.f32(randomArray(OUT, rng));
      backend.kernels.dense_backward_bias(pdb, pdz, B, OUT);
      const expected = Array.from({ length: OUT }, (_, o) => { let s = 0; for (let r = 0; r < B; r++) s += dz[r * OUT + o]; return s; });
      allclose(a.read(pdb, OUT), expected, 1e-5, 1e-5, `${backend.engine.kind} db`);
    }
  });

  test(`the sparse forward B=${B} IN=${IN} OUT=${OUT} gives the dense kernel's bits on inputs with exact zeros`, async () => {
    const rng = new Rng(5 * B + IN + OUT);
    // About 80% exact zeros, as in MNIST, with whole zero blocks and scattered ones.
    const x = randomArray(B * IN, rng).map((v, i) => ((i * 7919) % 10 < 8 || (i % IN) < IN / 3 ? 0 : Math.abs(v)));
    const w = randomArray(IN * OUT, rng, 0.5), b = randomArray(OUT, rng, 0.1);
    for (const backend of Object.values(await backends())) {
      const a = new Layout(backend);
      const px = a.f32(x), pw = a.f32(w), pb = a.f32(b);
      const idx = a.i32(new Array(B * IN).fill(-1)), nnz = a.i32(new Array(B).fill(-1));
      const total = backend.kernels.sparse_index(idx, nnz, px, B, IN);
      assert.is(total, x.filter((v) => v !== 0).length, "nonzero count");
      const dense = a.f32(B * OUT), sparse = a.f32(B * OUT);
      backend.kernels.dense_forward(dense, px, pw, pb, B, IN, OUT, 1);
      backend.kernels.dense_forward_sparse(sparse, px, pw, pb, B, IN, OUT, 1, idx, nnz);
      assert.equal(Array.from(a.read(sparse, B * OUT)), Array.from(a.read(dense, B * OUT)), `${backend.engine.kind} forward`);
    }
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
