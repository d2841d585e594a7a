// The public API, the same in Node and the browser: a Recognizer (a model on the wasm engine) that
// predicts digits from PNG bytes, RGBA pixels (ImageData) or 28x28 arrays, trains with progress and an
// AbortSignal, and saves to safetensors bytes. Platform-neutral: finding the .wasm and the pretrained
// model is the job of the two entries, index-node.ts and index-browser.ts.

import { createWasmBackend } from "./engine/wasm.js";
import { createJsBackend } from "./engine/twins.js";
import type { Backend } from "./engine/abi.js";
import { DigitModel, INPUTS, CLASSES, PRESETS, adamFor, layersFor, type Preset } from "./model/model.js";
import { decodePng } from "./image/png.js";
import { preprocessImage, type RgbaInput } from "./image/preprocess.js";
import { fit, evaluate, type Progress, type EpochStats } from "./model/fit.js";
import type { Dataset } from "./model/idx.js";
import { makeAugment } from "./model/augment.js";

export { PngError, MAX_PIXELS } from "./image/png.js";
export { ModelFileError } from "./model/safetensors.js";
export { DataFileError, parseIdx, makeDataset, type Dataset } from "./model/idx.js";
export { TrainingCancelledError, TrainingDivergedError, type Progress, type EpochStats } from "./model/fit.js";
export { SimdUnavailableError, simdSupported } from "./engine/wasm.js";
export { PRESETS, type Preset } from "./model/model.js";
export { preprocessImage, type Preprocessed, type RgbaInput } from "./image/preprocess.js";

/** Where the engine's .wasm comes from: its bytes, a compiled module, or a URL to fetch. */
export type WasmSource = BufferSource | WebAssembly.Module | URL | string;

export interface Prediction {
  /** The recognised digit, or null when the image holds no ink (`blank`). */
  digit: number | null;
  /** The digit's probability (0..1); 0 when blank. */
  confidence: number;
  /** Probability of each digit 0-9 (all 0 when blank). */
  probabilities: number[];
  /** True when no digit was found: an empty page, one flat colour, a few specks. */
  blank: boolean;
  /** The 28x28 image (784 values 0..1, ink bright) the network saw. */
  pixels: Float32Array;
}

/** Something with RGBA pixels: a browser ImageData ({width, height, data}) or {width, height, rgba}. */
export type ImageLike = { width: number; height: number; data: ArrayLike<number> } | RgbaInput;

export interface TrainOptions {
  /** A preset name (seed, wide, release) or a preset object; default "seed". */
  preset?: string | Preset;
  epochs?: number;
  batch?: number;
  learningRate?: number;
  seed?: number;
  /** Augment the training images (default: the preset's choice). */
  augment?: boolean;
  onProgress?: (p: Progress) => void;
  onEpoch?: (e: EpochStats) => void;
  signal?: AbortSignal;
  /** Test set: when given, the result carries its accuracy. */
  test?: Dataset;
}

async function fetchBytes(source: URL | string): Promise<Uint8Array> {
  const response = await fetch(source);
  if (!response.ok) throw new Error(`could not fetch ${String(source)}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** A backend from a wasm source; `"js"` gives the plain-JavaScript engine (no SIMD needed). */
export async function createEngine(wasm: WasmSource | "js"): Promise<Backend> {
  if (wasm === "js") return createJsBackend();
  if (typeof wasm === "string" || wasm instanceof URL) return createWasmBackend(await fetchBytes(wasm));
  return createWasmBackend(wasm);
}

function toRgba(image: ImageLike): RgbaInput {
  return "rgba" in image ? image : { width: image.width, height: image.height, rgba: image.data };
}

export class Recognizer {
  /** The model (network and metadata); its memory belongs to the engine it was created on. */
  readonly model: DigitModel;

  constructor(model: DigitModel) {
    this.model = model;
  }

  /** A recognizer from safetensors bytes (a file this package or the CLI wrote); throws ModelFileError. */
  static fromBytes(engine: Backend, bytes: Uint8Array | ArrayBuffer): Recognizer {
    return new Recognizer(DigitModel.fromSafetensors(engine, bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)));
  }

  /** How the model was trained (preset, epochs, test accuracy, ...), from its file. */
  get metadata(): Record<string, string> {
    return this.model.metadata;
  }

  /**
   * Predicts many images in one batched forward pass. Each is PNG file bytes (a Uint8Array), ImageData-like
   * RGBA, or a prepared 28x28 image (784 numbers 0..1 or 0..255 in a plain or Float32 array).
   */
  predictMany(images: (Uint8Array | ImageLike | ArrayLike<number>)[]): Prediction[] {
    const seen = images.map((image) => {
      // Uint8Array means file bytes; other arrays are prepared 28x28 pixels.
      if (image instanceof Uint8Array) return preprocessImage(decodePng(image));
      if ("width" in image) return preprocessImage(toRgba(image as ImageLike));
      let pixels = Float32Array.from(image as ArrayLike<number>);
      if (pixels.length !== INPUTS) throw new RangeError(`a 28x28 image has ${INPUTS} values, got ${pixels.length}`);
      if (pixels.some((v) => v > 1)) pixels = pixels.map((v) => v / 255); // bytes 0..255, as MNIST stores them
      return { pixels, blank: !pixels.some((v) => v > 0.1), inverted: false };
    });
    const inked = seen.filter((s) => !s.blank);
    const batch = new Float32Array(inked.length * INPUTS);
    inked.forEach((s, i) => batch.set(s.pixels, i * INPUTS));
    const probs = inked.length ? this.model.network.predict(batch) : new Float32Array();
    let k = 0;
    return seen.map((s) => {
      if (s.blank) return { digit: null, confidence: 0, probabilities: new Array(CLASSES).fill(0), blank: true, pixels: s.pixels };
      const p = Array.from(probs.subarray(k * CLASSES, ++k * CLASSES));
      const digit = p.indexOf(Math.max(...p));
      return { digit, confidence: p[digit], probabilities: p, blank: false, pixels: s.pixels };
    });
  }

  /** PNG file bytes; throws PngError for a file that is not a readable PNG. */
  predictPng(bytes: Uint8Array): Prediction {
    return this.predictMany([bytes])[0];
  }

  /** RGBA pixels: a canvas's ImageData, or {width, height, rgba}. */
  predictImage(image: ImageLike): Prediction {
    return this.predictMany([image])[0];
  }

  /** An already-prepared 28x28 image: 784 values 0..1 (or 0..255), ink bright on black, row by row; not a Uint8Array (that means PNG bytes). */
  predictPixels(pixels: ArrayLike<number>): Prediction {
    return this.predictMany([pixels])[0];
  }

  /** The model as safetensors bytes, which the CLI (`--model`) and Python's safetensors read. */
  toBytes(): Uint8Array {
    return this.model.toSafetensors();
  }

  /** Accuracy and confusion matrix on a labelled data set. */
  evaluate(data: Dataset): { accuracy: number; confusion: number[][] } {
    const e = evaluate(this.model.network, data);
    return { accuracy: e.accuracy, confusion: e.confusion };
  }
}

/** Trains a new model on a data set (MNIST-style, 28x28) and returns it as a Recognizer. */
export async function train(engine: Backend, data: Dataset, options: TrainOptions = {}): Promise<Recognizer> {
  const preset = typeof options.preset === "object" ? options.preset : PRESETS[options.preset ?? "seed"];
  if (!preset) throw new RangeError(`unknown preset '${String(options.preset)}' (choose from ${Object.keys(PRESETS).join(", ")})`);
  const epochs = options.epochs ?? preset.epochs, batch = options.batch ?? preset.batch, seed = options.seed ?? 1;
  const learningRate = options.learningRate ?? preset.learningRate;
  const model = DigitModel.create(engine, layersFor(preset.hidden, preset.output), seed, batch);
  const augment = options.augment ?? preset.augment;
  await fit(model.network, data, {
    epochs, batch, seed, adam: adamFor(learningRate), schedule: preset.schedule, transform: augment ? makeAugment() : undefined,
    onProgress: options.onProgress, onEpoch: options.onEpoch, signal: options.signal,
  });
  model.metadata = {
    preset: preset.name, seed: String(seed), epochs: String(epochs), batch: String(batch), learning_rate: String(learningRate),
    schedule: preset.schedule, augmentation: augment ? "on" : "none",
  };
  if (options.test) model.metadata.test_accuracy = evaluate(model.network, options.test).accuracy.toFixed(4);
  return new Recognizer(model);
}
