// Whole-training benchmark: one epoch of the reference model (seed preset: 784-50-50-10, batch 32, Adam)
// on MNIST's 60,000 training images, with the wasm backend and the plain-JS backend in the same run.
// Timing is fit()'s own: training steps only, not loading the data.

import { loadSplit } from "../bindings/node/data.js";
import { sliceDataset } from "../bindings/model/idx.js";
import { createBackend } from "../bindings/node/files.js";
import { adamFor, DigitModel, layersFor, PRESETS } from "../bindings/model/model.js";
import { fit } from "../bindings/model/fit.js";

export interface EpochRow { backend: "wasm" | "js"; images: number; seconds: number; samplesPerSecond: number }

export async function benchEpoch(images = 60_000): Promise<EpochRow[]> {
  const seed = PRESETS.seed;
  const full = loadSplit("train");
  const data = images < full.count ? sliceDataset(full, 0, images) : full;
  const rows: EpochRow[] = [];
  for (const name of ["wasm", "js"] as const) {
    const model = DigitModel.create(await createBackend(name), layersFor(seed.hidden, seed.output), 1, seed.batch);
    const r = await fit(model.network, data, { epochs: 1, batch: seed.batch, adam: adamFor(seed.learningRate), seed: 1 });
    rows.push({ backend: name, images: data.count, seconds: r.seconds, samplesPerSecond: r.samplesPerSecond });
  }
  return rows;
}
