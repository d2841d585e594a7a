// assembly/update.ts against its twin: Adam on a layer's weights and bias with their gradient over the
// batch, for shapes with SIMD tails and the reference shapes; the sparse mode and any split of the rows
// into ranges of four give the same bits as the dense mode over all rows.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { Rng } from "../../bindings/model/rng.js";
import type { Arena } from "../../bindings/engine/engine.js";
import { allclose, backends, randomArray } from "../helpers.js";

/** Parameters, gradients, m and v for one [IN, OUT] weight and an OUT bias, `block` bytes apart, plus the Adam record. */
function layout(arena: Arena, IN: number, OUT: number, rng: Rng, B: number) {
  const span = (n: number) => Math.ceil((n * 4) / 16) * 16 + 16;
  const w = (arena.heapBase + 15) & ~15, bias = w + span(IN * OUT), block = Math.ceil((span(IN * OUT) + span(OUT)) / 16) * 16;
  const x = w + 4 * block, dz = x + span(B * IN), adam = dz + span(B * OUT);
  arena.reserve(adam + 64);
  const f32 = arena.views.f32;
  f32.fill(0, w >> 2, (w + 4 * block) >> 2);
  f32.set(randomArray(IN * OUT, rng, 0.5), w >> 2);
  f32.set(randomArray(OUT, rng, 0.1), bias >> 2);
  f32.set(randomArray(IN * OUT, rng, 0.01), (w + 2 * block) >> 2);
  f32.set(randomArray(IN * OUT, rng, 0.01).map(Math.abs), (w + 3 * block) >> 2);
  f32.set(randomArray(B * IN, rng).map((v, i) => ((i * 7) % 10 < 7 ? 0 : Math.abs(v))), x >> 2);
  f32.set(randomArray(B * OUT, rng), dz >> 2);
  f32.set([0.001, 0.9, 0.999, 1e-7], adam >> 2);
  return { w, bias, block, x, dz, adam };
}

for (const [B, IN, OUT] of [[3, 7, 10], [5, 9, 13], [32, 784, 50], [32, 50, 10], [70, 12, 6]]) {
  test(`dense_update_weights/bias B=${B} IN=${IN} OUT=${OUT}: the twin's numbers; sparse and split ranges give the same bits`, async () => {
    const results: Float32Array[] = [];
    for (const arena of Object.values(await backends(8 << 20))) {
      const bits: Float32Array[] = [];
      for (const run of ["dense", "sparse", "split"]) {
        const t = layout(arena, IN, OUT, new Rng(B + IN + OUT), B);
        const k = arena.kernels;
        if (run === "split") {
          const cut = 4 * Math.floor(IN / 8);
          k.dense_update_weights(t.w, t.x, t.dz, B, IN, OUT, cut, IN, t.block, t.adam, 1);
          k.dense_update_weights(t.w, t.x, t.dz, B, IN, OUT, 0, cut, t.block, t.adam, 1);
        } else {
          k.dense_update_weights(t.w, t.x, t.dz, B, IN, OUT, 0, IN, t.block, t.adam, run === "sparse" ? 1 : 0);
        }
        k.dense_update_bias(t.bias, t.dz, B, OUT, t.block, t.adam);
        const f32 = arena.views.f32;
        const read = (at: number, n: number) => f32.slice(at >> 2, (at >> 2) + n);
        bits.push(Float32Array.from([...read(t.w, IN * OUT), ...read(t.bias, OUT), ...read(t.w + 2 * t.block, IN * OUT), ...read(t.w + 3 * t.block, IN * OUT)]));
      }
      assert.equal(Array.from(bits[1]), Array.from(bits[0]), `${arena.engine.kind}: sparse gives the dense bits`);
      assert.equal(Array.from(bits[2]), Array.from(bits[0]), `${arena.engine.kind}: split ranges give the whole's bits`);
      results.push(bits[0]);
    }
    allclose(results[0], results[1], 1e-4, 1e-6, "weights, bias, m and v");
  });
}

test.run();
