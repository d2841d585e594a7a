// assembly/batch.ts: gather_batch picks rows by index, scales u8 to f32, copies labels and lists each row's
// nonzero inputs (as sparse_index does from floats), for widths with and without a 16-byte tail.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { backends } from "../helpers.js";

for (const [D, dense] of [[784, false], [20, false], [3, false], [784, true], [33, true]] as const) {
  test(`gather_batch D=${D}${dense ? " (rows all but full)" : ""} gathers by order and scales`, async () => {
    const N = 5, B = 3, start = 1;
    // Dense rows fill each row's list to its end, where the packed writes must not spill into the next.
    const images = new Uint8Array(N * D).map((_, i) => (dense ? (i % 97 === 5 ? 0 : 1 + (i % 255)) : (i * 37) % 5 === 0 ? 0 : (i * 37) % 256));
    const labels = new Uint8Array([4, 1, 9, 0, 7]);
    const order = new Int32Array([2, 4, 0, 3, 1]);
    for (const backend of Object.values(await backends())) {
      const base = (backend.heapBase + 15) & ~15;
      const pImages = base, pLabels = base + 8192, pOrder = base + 8192 + 64, pX = base + 16384, pY = base + 32768;
      const pIdx = base + 40960, pNnz = base + 57344;
      new Uint8Array(backend.buffer, pImages, N * D).set(images);
      new Uint8Array(backend.buffer, pLabels, N).set(labels);
      new Int32Array(backend.buffer, pOrder, N).set(order);
      new Int32Array(backend.buffer, pIdx, B * D + 16).fill(-7);
      const total = backend.kernels.gather_batch(pX, pY, pIdx, pNnz, pImages, pLabels, pOrder, start, B, D, 1 / 255);
      assert.equal(Array.from(new Int32Array(backend.buffer, pIdx + B * D * 4, 16)), new Array(16).fill(-7), `${backend.engine.kind} nothing written past the lists`);
      const x = new Float32Array(backend.buffer, pX, B * D);
      const y = new Int32Array(backend.buffer, pY, B);
      // The nonzero lists gather writes are the ones sparse_index makes from the gathered floats.
      const lists = Array.from(new Int32Array(backend.buffer, pIdx, B * D)), counts = Array.from(new Int32Array(backend.buffer, pNnz, B));
      assert.is(backend.kernels.sparse_index(pIdx, pNnz, pX, B, D), total, `${backend.engine.kind} nonzero total`);
      assert.equal(Array.from(new Int32Array(backend.buffer, pNnz, B)), counts, `${backend.engine.kind} counts`);
      for (let r = 0; r < B; r++) {
        const expected = Array.from({ length: D }, (_, d) => d).filter((d) => images[order[start + r] * D + d] !== 0);
        assert.equal(lists.slice(r * D, r * D + counts[r]), expected, `${backend.engine.kind} row ${r} nonzero list`);
      }
      for (let r = 0; r < B; r++) {
        const n = order[start + r];
        assert.is(y[r], labels[n], `${backend.engine.kind} label ${r}`);
        for (let d = 0; d < D; d++) {
          if (x[r * D + d] !== Math.fround(images[n * D + d] * Math.fround(1 / 255))) {
            assert.unreachable(`${backend.engine.kind} x[${r},${d}] = ${x[r * D + d]}, expected ${images[n * D + d]}/255`);
          }
        }
      }
    }
  });
}

test.run();
