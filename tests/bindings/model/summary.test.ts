// bindings/model/summary.ts: the per-layer table's numbers against the network itself (its parameter
// count and its tensors) and against the shipped model file's tensor sizes.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { summarize } from "../../../bindings/model/summary.js";
import { Model } from "../../../bindings/model/model.js";
import { PRESETS } from "../../../bindings/model/presets.js";
import { denseArchitecture } from "../../../bindings/engine/layers.js";
import { decodeSafetensors } from "../../../bindings/model/safetensors.js";
import { nodeEngine } from "../../../bindings/node/files.js";
import { CLASSES, INPUTS } from "../../../bindings/digits.js";

test("the seed preset: input row, one row per dense layer, parameters = weights + biases, the head's activation last", () => {
  const s = summarize(denseArchitecture(INPUTS, PRESETS.seed.hidden, CLASSES, PRESETS.seed.head));
  assert.equal(s.rows.map((r) => [r.layer, r.kind, r.outputShape, r.parameters, r.activation]), [
    ["input", "Flatten", [null, 784], 0, ""],
    ["dense_0", "Dense", [null, 50], 784 * 50 + 50, "relu"],
    ["dense_1", "Dense", [null, 50], 50 * 50 + 50, "relu"],
    ["dense_2", "Dense", [null, 10], 50 * 10 + 10, "sigmoid"],
  ]);
  assert.is(s.totalParameters, 42_310);
});

test("every preset: the total is the network's own parameter count and each row its tensors' sizes", async () => {
  const engine = await nodeEngine("js");
  for (const preset of Object.values(PRESETS)) {
    const model = Model.initialize(engine, denseArchitecture(INPUTS, preset.hidden, CLASSES, preset.head), 1, { batch: preset.batch });
    const s = summarize(model.architecture);
    assert.is(s.totalParameters, model.network.parameterCount, preset.name);
    const sizes = new Map(model.network.getTensors().map((t) => [t.name, t.data.length]));
    for (const r of s.rows.slice(1)) assert.is(r.parameters, sizes.get(`${r.layer}.weight`)! + sizes.get(`${r.layer}.bias`)!, `${preset.name} ${r.layer}`);
    assert.is(s.rows[s.rows.length - 1].activation, preset.head, `${preset.name}: the head's activation`);
  }
});

test("the shipped model: rows match the file's tensor shapes, total its float count", async () => {
  const bytes = readFileSync("models/pretrained.safetensors");
  const model = Model.fromSafetensors(await nodeEngine("js"), bytes);
  const { tensors } = decodeSafetensors(bytes);
  const s = summarize(model.architecture);
  assert.is(s.totalParameters, tensors.reduce((n, t) => n + t.shape.reduce((a, b) => a * b, 1), 0));
  for (const r of s.rows.slice(1)) assert.is(r.outputShape[1], tensors.find((t) => t.name === `${r.layer}.bias`)!.shape[0], r.layer);
});

test.run();
