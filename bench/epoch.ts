// Whole-training benchmark: one epoch of the reference model (seed preset: 784-50-50-10, batch 32, Adam)
// on MNIST's training images (all 60,000, or the first N), with the wasm backend and the plain-JS backend
// in the same run. Timing is fit()'s own: training steps only, not loading the data. Platform-neutral:
// the caller hands over the .wasm's bytes and the data set.

import type { Backend } from "../bindings/engine/abi.js";
import { createWasmBackend } from "../bindings/engine/wasm.js";
import { createJsBackend } from "../bindings/engine/twins.js";
import { sliceDataset, type Dataset } from "../bindings/model/idx.js";
import { adamFor, DigitModel, layersFor, PRESETS } from "../bindings/model/model.js";
import { fit } from "../bindings/model/fit.js";

/** `backend` is "wasm" or "js" today; a multi-threaded run will add its own row. */
export interface EpochRow { backend: string; images: number; seconds: number; samplesPerSecond: number }

export async function benchEpoch(wasmBytes: BufferSource, train: Dataset, images = 60_000): Promise<EpochRow[]> {
  const seed = PRESETS.seed;
  const data = images < train.count ? sliceDataset(train, 0, images) : train;
  const backends: [string, () => Promise<Backend> | Backend][] = [["wasm", () => createWasmBackend(wasmBytes)], ["js", createJsBackend]];
  const rows: EpochRow[] = [];
  for (const [name, create] of backends) {
    const model = DigitModel.create(await create(), layersFor(seed.hidden, seed.output), 1, seed.batch);
    const r = await fit(model.network, data, { epochs: 1, batch: seed.batch, adam: adamFor(seed.learningRate), seed: 1 });
    rows.push({ backend: name, images: data.count, seconds: r.seconds, samplesPerSecond: r.samplesPerSecond });
  }
  return rows;
}
