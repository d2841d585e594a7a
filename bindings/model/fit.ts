// The epoch loop and evaluation over a Network: shuffling, batching, the held-out split, progress,
// cancellation, pausing and the per-batch divergence check. It decides; the engine's kernels compute.
// `seconds` counts the training steps alone (no data loading, no validation), as the CLI's --json
// contract promises. Not here: choosing and checking options, initialising, metadata (training.ts).

import type { AdamConfig, Network } from "../engine/network.js";
import type { Dataset } from "./idx.js";
import { applyAugment, augmentScratch, drawAugment } from "./augment.js";
import { ThreadChoice } from "../engine/threads/adapt.js";
import { accuracyOf, argmaxRow, emptyConfusion } from "./metrics.js";
import { Rng } from "./rng.js";

export interface FitOptions {
  epochs: number;
  batch: number;
  adam: AdamConfig;
  seed: number;
  /** Fraction of the training set held out (its last samples, as Keras' validation_split). 0 for none. */
  validation?: number;
  /** Learning-rate schedule over the whole run: constant (Keras' default) or cosine decay to zero. */
  schedule?: "constant" | "cosine";
  /** Augment each gathered image (random affine warp and stroke width, model/augment.ts). */
  augment?: boolean;
  /** Threads sharing each step (the network must be in shared memory for more than 1); default 1. */
  threads?: number;
  /** Let the first layer skip the zeros of sparse batches (default true; the model's bits are the same). */
  sparse?: boolean;
  /** "measured" (default): each step uses the threads when they measured faster; "always": every step does. */
  threadChoice?: "measured" | "always";
  onProgress?: (p: Progress) => void;
  /** Called after each epoch with its statistics. */
  onEpoch?: (e: EpochStats) => void;
  signal?: AbortSignal;
  /** Called between batches; training waits while it returns a promise (pause in the browser). */
  gate?: () => Promise<void> | void;
}

export interface Progress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Mean loss and accuracy over this epoch's batches so far. */
  loss: number;
  accuracy: number;
  samplesPerSecond: number;
  /** Estimated seconds left for the whole run. */
  eta: number;
}

export interface EpochStats {
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
  seconds: number;
  samplesPerSecond: number;
}

export interface FitResult {
  history: EpochStats[];
  seconds: number;
  samplesPerSecond: number;
  trainCount: number;
  validationCount: number;
}

/** A run that ended without a model worth keeping: diverged, or no better than chance. */
export class TrainingFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TrainingFailedError";
  }
}

export class TrainingDivergedError extends TrainingFailedError {
  constructor(epoch: number, batch: number, loss: number) {
    super(`training diverged: the loss became ${loss} at epoch ${epoch}, batch ${batch} (try a smaller learning rate)`);
    this.name = "TrainingDivergedError";
  }
}

export class TrainingCancelledError extends Error {
  constructor() {
    super("training was cancelled");
    this.name = "TrainingCancelledError";
  }
}

const now = () => (typeof performance !== "undefined" ? performance.now() : Date.now());
/** Yield to the event loop this often so progress can render and cancel/pause requests arrive. */
const YIELD_MS = 100;
const yieldNow = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function fit(net: Network, data: Dataset, options: FitOptions): Promise<FitResult> {
  const { batch } = options;
  const validation = options.validation ?? 0;
  const valCount = Math.floor(data.count * validation);
  const trainCount = data.count - valCount;
  if (trainCount < 1) throw new Error("no training samples left after the validation split");
  net.reserve(batch, data.count);
  net.loadData(data.images, data.labels);
  const order = net.orderView();
  for (let i = 0; i < data.count; i++) order[i] = i;
  const shuffleRng = new Rng(options.seed ^ 0x5bd1e995);
  const augmentRng = new Rng(options.seed ^ 0x27d4eb2f);
  const augment = Boolean(options.augment);
  if (augment) {
    const scratch = augmentScratch();
    net.setRowTransform((input, draws, r0, r1) => applyAugment(input, draws, r0, r1, scratch));
  }
  // Started after the data is in place: shared memory cannot grow under running threads.
  await net.startThreads(options.threads ?? 1);
  try {
    return await runEpochs(net, options, { trainCount, valCount, order, shuffleRng, augmentRng, augment });
  } finally {
    await net.stopThreads();
  }
}

/** What fit prepares for the epochs: the split, the order view, the two random streams. */
interface Loop { trainCount: number; valCount: number; order: Int32Array; shuffleRng: Rng; augmentRng: Rng; augment: boolean }

async function runEpochs(net: Network, options: FitOptions, loop: Loop): Promise<FitResult> {
  const { epochs, batch, adam } = options;
  const { trainCount, valCount, order, shuffleRng, augmentRng, augment } = loop;
  const batches = Math.ceil(trainCount / batch);
  // With helper threads, each step uses them or not, whichever the clock says is faster here and now.
  const choice = net.threads > 1 && options.threadChoice !== "always" ? new ThreadChoice() : undefined;
  const totalSteps = epochs * batches;
  // One config object reused for every step; only the learning rate changes under a schedule.
  const stepAdam: AdamConfig = { ...adam };
  const history: EpochStats[] = [];
  let totalSeconds = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    shuffleRng.shuffle(order.subarray(0, trainCount));
    let lossSum = 0, correct = 0, seen = 0, epochMs = 0;
    let lastYield = now();
    for (let b = 0; b < batches; b++) {
      if (options.signal?.aborted) throw new TrainingCancelledError();
      const start = b * batch;
      const rows = Math.min(batch, trainCount - start);
      if (options.schedule === "cosine") {
        // Cosine decay (https://arxiv.org/abs/1608.03983, without restarts), one value per step.
        stepAdam.learningRate = adam.learningRate * 0.5 * (1 + Math.cos((Math.PI * ((epoch - 1) * batches + b)) / totalSteps));
      }
      const t0 = now();
      // Drawn in order by this thread for the whole batch: the same draws whatever the thread count.
      if (augment) drawAugment(augmentRng, rows, net.transformDraws(rows));
      const threads = choice?.next() ?? net.threads > 1;
      const r = net.trainBatch(start, rows, stepAdam, augment, options.sparse ?? true, threads);
      const ms = now() - t0;
      choice?.record(threads, ms, rows);
      epochMs += ms;
      if (!Number.isFinite(r.loss)) throw new TrainingDivergedError(epoch, b + 1, r.loss);
      lossSum += r.loss; correct += r.correct; seen += rows;
      if (now() - lastYield > YIELD_MS || b === batches - 1) {
        const sps = seen / (epochMs / 1000);
        const done = (epoch - 1) * trainCount + seen;
        options.onProgress?.({
          epoch, epochs, batch: b + 1, batches, loss: lossSum / seen, accuracy: correct / seen,
          samplesPerSecond: sps, eta: (epochs * trainCount - done) / sps,
        });
        if (options.gate) await options.gate();
        await yieldNow();
        lastYield = now();
      }
    }
    totalSeconds += epochMs / 1000;
    const stats: EpochStats = { epoch, loss: lossSum / seen, accuracy: correct / seen, seconds: epochMs / 1000, samplesPerSecond: seen / (epochMs / 1000) };
    if (valCount > 0) {
      const v = evaluateLoaded(net, trainCount, valCount);
      stats.valLoss = v.loss;
      stats.valAccuracy = v.accuracy;
    }
    history.push(stats);
    options.onEpoch?.(stats);
  }
  return { history, seconds: totalSeconds, samplesPerSecond: (epochs * trainCount) / totalSeconds, trainCount, validationCount: valCount };
}

export interface Evaluation {
  accuracy: number;
  loss: number;
  confusion: number[][];
  /** Predicted class per sample, in data order. */
  predictions: Uint8Array;
}

/** Evaluates the network on a whole data set (copied into the arena, replacing any loaded one). */
export function evaluate(net: Network, data: Dataset): Evaluation {
  net.loadData(data.images, data.labels);
  const order = net.orderView();
  for (let i = 0; i < data.count; i++) order[i] = i;
  return evaluateLoaded(net, 0, data.count);
}

/** Evaluates order[from .. from+count) of the loaded data, in chunks of the planned batch. */
function evaluateLoaded(net: Network, from: number, count: number): Evaluation {
  const C = net.classes;
  const confusion = emptyConfusion(C);
  const predictions = new Uint8Array(count);
  let lossSum = 0;
  const chunk = net.plan.batch;
  for (let start = 0; start < count; start += chunk) {
    const rows = Math.min(chunk, count - start);
    lossSum += net.evaluateBatch(from + start, rows).loss;
    // Views are taken after the batch: a view never outlives a call that could grow memory.
    const order = net.orderView();
    const labelBytes = net.labelsView();
    const probs = net.probsView(rows);
    for (let r = 0; r < rows; r++) {
      const predicted = argmaxRow(probs, r, C);
      const sample = order[from + start + r];
      predictions[start + r] = predicted;
      confusion[labelBytes[sample]][predicted]++;
    }
  }
  return { accuracy: accuracyOf(confusion), loss: lossSum / count, confusion, predictions };
}
