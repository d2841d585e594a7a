// bindings/train.ts end to end on real MNIST: a short seeded run must clear an accuracy gate, report a
// validation split, be reproducible, and stop cleanly on cancellation.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadSplit } from "../../../bindings/node/data.js";
import { sliceDataset } from "../../../bindings/model/idx.js";
import { Model } from "../../../bindings/model/model.js";
import { denseArchitecture } from "../../../bindings/engine/layers.js";
import { KERAS_ADAM } from "../../../bindings/model/training.js";
import { nodeEngine } from "../../../bindings/node/files.js";
import { evaluate, fit, TrainingCancelledError } from "../../../bindings/model/fit.js";

const train = sliceDataset(loadSplit("train"), 0, 20000);
const testSet = sliceDataset(loadSplit("test"), 0, 3000);

test("seed preset, 20,000 images, 3 epochs: above 90% on 3,000 test images, loss falling", async () => {
  const model = Model.initialize(await nodeEngine("wasm"), denseArchitecture(784, [50, 50], 10, "sigmoid"), 1, { batch: 32 });
  const result = await fit(model.network, train, { epochs: 3, batch: 32, adam: KERAS_ADAM, seed: 1, validation: 0.1 });
  assert.is(result.history.length, 3);
  assert.ok(result.history[2].loss < result.history[0].loss, "training loss falls");
  assert.is(result.validationCount, 2000);
  assert.ok(result.history[2].valAccuracy! > 0.9, `validation accuracy ${result.history[2].valAccuracy}`);
  const e = evaluate(model.network, testSet);
  assert.ok(e.accuracy > 0.90, `test accuracy ${e.accuracy}`);
  assert.is(e.confusion.flat().reduce((a, b) => a + b), 3000);
});

test("two runs with the same seed give identical model files", async () => {
  const files = [];
  for (let run = 0; run < 2; run++) {
    const model = Model.initialize(await nodeEngine("wasm"), denseArchitecture(784, [50, 50], 10, "sigmoid"), 4, { batch: 32 });
    await fit(model.network, sliceDataset(train, 0, 3000), { epochs: 1, batch: 32, adam: KERAS_ADAM, seed: 4 });
    files.push(Buffer.from(model.toSafetensors()));
  }
  assert.ok(files[0].equals(files[1]), "model bytes differ between identical runs");
});

test("an aborted signal stops training with TrainingCancelledError", async () => {
  const model = Model.initialize(await nodeEngine("wasm"), denseArchitecture(784, [50, 50], 10, "softmax"), 1, { batch: 32 });
  const controller = new AbortController();
  controller.abort();
  try {
    await fit(model.network, train, { epochs: 1, batch: 32, adam: KERAS_ADAM, seed: 1, signal: controller.signal });
    assert.unreachable("training went on");
  } catch (e) {
    assert.instance(e, TrainingCancelledError);
  }
});

test.run();
