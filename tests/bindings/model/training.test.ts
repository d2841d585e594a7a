// bindings/model/training.ts, the one training path: every option checked once with a clear message (the
// library's promises), the library's model bytes equal to the CLI's for the same preset and seed, and the
// same refusal of a run that learned nothing, from the library and from the CLI.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OptionError, resolveTraining, trainModel, type TrainingOptions } from "../../../bindings/model/training.js";
import { TrainingFailedError } from "../../../bindings/model/fit.js";
import { sliceDataset, type Dataset } from "../../../bindings/model/idx.js";
import { loadSplit, defaultDataDir } from "../../../bindings/node/data.js";
import { nodeEngine } from "../../../bindings/node/files.js";
import { train, trainMnist } from "../../../bindings/index-node.js";

const home = mkdtempSync(join(tmpdir(), "wasm-digits-training-"));
const cli = (...args: string[]) => spawnSync(process.execPath, ["dist/cli.js", ...args], { encoding: "utf8", env: { ...process.env, WASM_DIGITS_HOME: home } });

for (const [options, pattern] of [
  [{ epochs: 0 }, /^epochs must be between 1 and 1000, got 0$/],
  [{ epochs: -1 }, /^epochs must be between 1 and 1000, got -1$/],
  [{ epochs: NaN }, /^epochs takes a whole number, got NaN$/],
  [{ epochs: "3" }, /^epochs takes a whole number, got '3'$/],
  [{ batch: 0 }, /^batch must be between 1 and 65536, got 0$/],
  [{ batch: -1 }, /^batch must be between 1 and 65536, got -1$/],
  [{ batch: 1.5 }, /^batch takes a whole number, got 1.5$/],
  [{ batch: 1e9 }, /^batch must be between 1 and 65536, got 1000000000$/],
  [{ learningRate: NaN }, /^learningRate takes a number, got NaN$/],
  [{ learningRate: 0 }, /^learningRate must be greater than 0 and at most 1, got 0$/],
  [{ learningRate: Infinity }, /^learningRate takes a number, got Infinity$/],
  [{ validation: 0.95 }, /^validation must be at least 0 and at most 0.9, got 0.95$/],
  [{ seed: -3 }, /^seed must be between 0 and 4294967295, got -3$/],
  [{ preset: "__proto__" }, /^preset must be one of seed, wide, release, got '__proto__'$/],
  [{ preset: "toString" }, /^preset must be one of seed, wide, release, got 'toString'$/],
  [{ preset: { hidden: [50, -1], head: "softmax", schedule: "constant" } }, /^preset hidden must list/],
  [{ augment: "yes" }, /^augment must be true or false, got yes$/],
] as [Record<string, unknown>, RegExp][]) {
  test(`a bad option is an OptionError with one clear sentence: ${JSON.stringify(options, (_, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v))}`, () => {
    try {
      resolveTraining(options as TrainingOptions);
      assert.unreachable("accepted");
    } catch (e) {
      assert.instance(e, OptionError);
      assert.match((e as Error).message, pattern);
    }
  });
}

test("a preset's values fill what the caller leaves out", () => {
  const spec = resolveTraining({ preset: "wide", epochs: 2 });
  assert.equal([spec.preset.name, spec.epochs, spec.batch, spec.learningRate, spec.augment], ["wide", 2, 64, 0.001, false]);
});

test("bad data is refused before any training: labels beyond 9, wrong image size, an empty test set", async () => {
  const engine = await nodeEngine("wasm");
  const good = sliceDataset(loadSplit("test"), 0, 100);
  const spec = resolveTraining({ epochs: 1 });
  const bad: [string, Dataset, Dataset, RegExp][] = [
    ["label 200", { ...good, labels: good.labels.map((v, i) => (i === 7 ? 200 : v)) }, good, /the training set label 200 at index 7 is not a digit class 0\.\.9/],
    ["14x14 images", { ...good, rows: 14, cols: 14 }, good, /the training set has 14x14 images; the model takes 28x28/],
    ["empty test set", good, sliceDataset(good, 0, 0), /the test set is empty/],
  ];
  for (const [what, trainSet, testSet, pattern] of bad) {
    await trainModel(engine, { train: trainSet, test: testSet, source: "test" }, spec).then(
      () => assert.unreachable(`${what}: accepted`),
      (e) => assert.match((e as Error).message, pattern, what),
    );
  }
});

test("the library's trainMnist and the CLI's train write the same bytes for the same preset and seed", async () => {
  const recognizer = await trainMnist({ preset: "seed", epochs: 1, seed: 3 });
  const out = join(home, "cli.safetensors");
  const r = cli("train", "--preset", "seed", "--epochs", "1", "--seed", "3", "--out", out);
  assert.is(r.status, 0, r.stderr);
  assert.equal(Buffer.compare(Buffer.from(recognizer.toBytes()), readFileSync(out)), 0, "same model bytes");
});

test("a run that learns nothing is refused by the library and by the CLI, with the same message", async () => {
  const dir = join(home, "small");
  mkdirSync(dir);
  const cut = (name: string, count: number) => {
    const bytes = readFileSync(join(defaultDataDir(), name));
    const rank = bytes[3];
    const header = Buffer.from(bytes.subarray(0, 4 + 4 * rank));
    header.writeUInt32BE(count, 4);
    writeFileSync(join(dir, name), Buffer.concat([header, bytes.subarray(4 + 4 * rank, 4 + 4 * rank + count * (rank === 3 ? 784 : 1))]));
  };
  cut("train-images-idx3-ubyte", 3000);
  cut("train-labels-idx1-ubyte", 3000);
  cut("t10k-images-idx3-ubyte", 500);
  cut("t10k-labels-idx1-ubyte", 500);
  let message = "";
  try {
    await train(await nodeEngine("wasm"), loadSplit("train", dir), { test: loadSplit("test", dir), preset: "seed", learningRate: 1, epochs: 1 });
    assert.unreachable("the library kept a chance-level model");
  } catch (e) {
    assert.instance(e, TrainingFailedError);
    message = (e as Error).message;
  }
  assert.match(message, /^training failed: test accuracy \d+\.\d+% is chance level; try a smaller learning rate than 1$/);
  const out = join(home, "collapsed.safetensors");
  const r = cli("train", "--data", dir, "--lr", "1", "--epochs", "1", "--out", out);
  assert.is(r.status, 1);
  assert.is(r.stderr.trim(), `wasm-digits: ${message}; nothing was saved`);
});

test.run();
