// The public API, the same in Node and the browser: a Recognizer (a model on its own engine instance)
// that predicts digits from PNG bytes, RGBA pixels or 28x28 arrays; `train`, the one training path with
// progress and an AbortSignal; the typed errors. Platform-neutral: finding the .wasm and the pretrained
// model, and creating the engine from them, is the job of the two entries, index-node.ts and index-browser.ts.

import type { Engine } from "./engine/engine.js";
import type { Dataset } from "./model/idx.js";
import { resolveTraining, trainModel, type TrainingHooks, type TrainingOptions } from "./model/training.js";
import { Recognizer } from "./recognizer.js";

export { Recognizer, InputError, NonFiniteOutputError, preprocessImage } from "./recognizer.js";
export type { Prediction, DigitAnswer, ImageInput, ImageLike, Outcome } from "./recognizer.js";
export type { Engine, EngineChoice, EngineKind } from "./engine/engine.js";
export { simdSupported, SimdUnavailableError, type WasmSource } from "./engine/engine.js";
export { PngError, MAX_PIXELS } from "./image/png.js";
export type { Preprocessed, RgbaInput } from "./image/preprocess.js";
export { ModelFileError } from "./model/safetensors.js";
export { DataFileError, parseIdx, makeDataset, type Dataset } from "./model/idx.js";
export { TrainingCancelledError, TrainingDivergedError, TrainingFailedError, type Progress, type EpochStats } from "./model/fit.js";
export { OptionError, type TrainingOptions, type TrainingSpec } from "./model/training.js";
export { PRESETS, type Preset } from "./model/presets.js";
export { summarize, type Summary, type SummaryRow } from "./model/summary.js";
export { IMAGE_SIDE, INPUTS, CLASSES } from "./digits.js";

export interface TrainOptions extends TrainingOptions, Pick<TrainingHooks, "onProgress" | "onEpoch" | "signal"> {
  /** Test set: the model is evaluated on it and refused when it diverged or learned nothing. */
  test: Dataset;
  /** Where the data came from, recorded in the model file (default "custom"). */
  source?: string;
}

/**
 * Trains a new model on a data set (MNIST-style, 28x28) through the same path as the CLI's `train` and
 * the page: the same options give the same model bytes. Throws OptionError for a bad option and
 * TrainingFailedError for a run that diverged or stayed at chance level.
 */
export async function train(engine: Engine, data: Dataset, options: TrainOptions): Promise<Recognizer> {
  const spec = resolveTraining(options);
  const { onProgress, onEpoch, signal } = options;
  const outcome = await trainModel(engine, { train: data, test: options.test, source: options.source ?? "custom" }, spec, { onProgress, onEpoch, signal });
  return new Recognizer(outcome.model);
}
