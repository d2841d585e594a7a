// bindings/engine/threads/: training on 1, 2, 3 and 4 threads, and with the sparse first layer on and
// off, gives bit-identical model files (the single-threaded build and the shared-memory build alike);
// the split never cuts a sum; a thread that fails ends the run with its error and no hung process;
// cancelling leaves no thread behind.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { nodeEngine } from "../../../../bindings/node/files.js";
import { loadSplit } from "../../../../bindings/node/data.js";
import { sliceDataset } from "../../../../bindings/model/idx.js";
import { resolveTraining, trainModel } from "../../../../bindings/model/training.js";
import { denseArchitecture } from "../../../../bindings/engine/layers.js";
import { rowRange, splitWork } from "../../../../bindings/engine/threads/split.js";

const train = sliceDataset(loadSplit("train"), 0, 4000);
const test_ = sliceDataset(loadSplit("test"), 0, 500);
const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function modelHash(preset: string, threads: number, sparse = true, augment?: boolean): Promise<string> {
  const engine = await nodeEngine("wasm");
  const { model } = await trainModel(engine, { train, test: test_, source: "test" }, resolveTraining({ preset, epochs: 1, seed: 7, threads, augment }), { sparse });
  return sha(model.toSafetensors());
}

test("seed preset: 1, 2, 3 and 4 threads, sparse on and off: the same model bytes", async () => {
  const reference = await modelHash("seed", 1, false);
  for (const threads of [1, 2, 3, 4]) assert.is(await modelHash("seed", threads), reference, `${threads} threads`);
  assert.is(await modelHash("seed", 3, false), reference, "3 threads, dense first layer");
});

test("wide preset with augmentation: 1 and 3 threads give the same model bytes", async () => {
  assert.is(await modelHash("wide", 3, true, true), await modelHash("wide", 1, true, true));
});

test("the split: rows cover the batch once; work items cover every weight row and bias once, cut at four-row boundaries", () => {
  const arch = denseArchitecture(784, [50, 50], 10, "sigmoid");
  for (const threads of [1, 2, 3, 4, 7]) {
    const rows = Array.from({ length: threads }, (_, t) => rowRange(32, t, threads));
    assert.equal(rows.flatMap(([a, b]) => Array.from({ length: b - a }, (_, i) => a + i)), Array.from({ length: 32 }, (_, i) => i));
    const items = splitWork(arch, threads).flat();
    arch.layers.forEach((layer, l) => {
      const covered = new Array(layer.inputs).fill(0);
      for (const it of items.filter((x) => x.layer === l && !x.bias)) {
        assert.is(it.from % 4, 0, "a range starts on a multiple of four rows");
        for (let i = it.from; i < it.to; i++) covered[i]++;
      }
      assert.ok(covered.every((c) => c === 1), `layer ${l}: every weight row once`);
      assert.is(items.filter((x) => x.layer === l && x.bias).length, 1, `layer ${l}: its bias once`);
    });
    const costs = splitWork(arch, threads).map((share) => share.reduce((sum, it) => sum + (it.bias ? arch.layers[it.layer].outputs : (it.to - it.from) * arch.layers[it.layer].outputs), 0));
    // Shares differ by less than two blocks of four first-layer rows (the split's granularity).
    assert.ok(Math.max(...costs) - Math.min(...costs) < 2 * 4 * 50, `balanced shares ${costs}`);
  }
});

const run = (mode: string) => spawnSync(process.execPath, ["--import", "tsx", "tests/fixtures/threads-run.ts", mode], { encoding: "utf8", timeout: 60_000 });

test("a helper thread that fails ends the run with its error, and the process exits by itself", () => {
  const r = run("fail");
  assert.is(r.error, undefined, "the process ended within the time limit (no hung thread)");
  const result = JSON.parse(r.stdout.trim().split("\n").pop()!);
  assert.is(result.outcome, "Error");
  assert.match(result.message, /^training thread 1 failed: .*out of bounds/);
  assert.ok(result.seconds < 30, `stopped after ${result.seconds} s`);
});

test("cancelling with threads running stops training and leaves no thread behind", () => {
  const r = run("cancel");
  assert.is(r.error, undefined, "the process ended within the time limit (no thread left)");
  assert.is(r.status, 0, r.stderr);
  assert.is(JSON.parse(r.stdout.trim().split("\n").pop()!).outcome, "TrainingCancelledError");
});

test.run();
