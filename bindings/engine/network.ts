// A network: an architecture, the arena it owns (its own instance and memory) and the order of kernel
// calls for a batch. TypeScript decides (layer order, Adam's step size, which rows), the kernels compute.
// About fifteen kernel calls per training batch whatever its size; nothing is allocated per batch.
// Not here: the epoch loop and shuffling (model/fit.ts), initialisation and files (model/), presets.

import type { Arena, Engine, SharedArena } from "./engine.js";
import { checkArchitecture, classesOf, inputsOf, parameterCount, unreachable, type Architecture, type Layer } from "./layers.js";
import { AUGMENT_DRAWS, planMemory, type MemoryPlan, type TensorSlot, type TrainingSlots } from "./plan.js";
import { backwardRows, batchLoss, forwardLayers, forwardRows, gradientsPhase, paramsPhase, sparseBatch, SPARSE_DENSITY, writeAdam } from "./step.js";
import type { RowTransform, StepArgs, StepContext, WorkItem } from "./step.js";
import { ThreadPool } from "./threads/pool.js";
import { splitWork } from "./threads/split.js";

export interface AdamConfig {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export interface BatchResult {
  /** Summed loss over the batch's rows. */
  loss: number;
  correct: number;
}

export interface NetworkOptions {
  /** Rows per forward pass (prediction splits larger sets into passes of this size). */
  batch: number;
  /** Plan gradients, Adam state and a data set of this many samples; omit for a network that only predicts. */
  trainingData?: number;
  /** Put the arena in shared memory (the engine's shared-memory module) so threads can join: see startThreads. */
  shared?: WebAssembly.Module;
}

export class Network {
  readonly architecture: Architecture;
  /** This network's own instance of the engine: no other network reads or writes its memory. */
  readonly arena: Arena;
  private currentPlan: MemoryPlan;
  private step = 0;
  private beta1Power = 1;
  private beta2Power = 1;
  /** Samples of the data set now in the arena. */
  dataCount = 0;
  private readonly ctx: StepContext;
  /** The params phase's work for one thread: every layer's weights and bias. */
  private readonly allWork: WorkItem[];
  private pool?: ThreadPool;

  constructor(engine: Engine, architecture: Architecture, options: NetworkOptions) {
    checkArchitecture(architecture);
    this.architecture = structuredClone(architecture);
    const plan = planMemory(this.architecture, options, 16);
    if (options.shared) {
      if (!engine.threads) throw new Error("this engine cannot share memory between threads");
      // Shared memory cannot move: room for the plan now and for a larger data set later (a test set).
      this.arena = engine.threads.newArena(options.shared, plan.end, plan.end * 2 + (64 << 20));
    } else {
      this.arena = engine.newArena();
    }
    this.currentPlan = planMemory(this.architecture, options, this.arena.heapBase);
    this.arena.reserve(this.currentPlan.end);
    this.ctx = { kernels: this.arena.kernels, views: this.arena.views, plan: this.currentPlan, architecture: this.architecture };
    this.allWork = splitWork(this.architecture, 1)[0];
  }

  get plan(): MemoryPlan { return this.currentPlan; }
  get layers(): Layer[] { return this.architecture.layers; }
  get inputs(): number { return inputsOf(this.architecture); }
  get classes(): number { return classesOf(this.architecture); }
  get parameterCount(): number { return parameterCount(this.architecture); }
  get adamSteps(): number { return this.step; }

  /**
   * Plans for at least this batch and, when given, a training data set of this size. The parameters keep
   * their place (they come first) and so their values; everything after them may move.
   */
  reserve(batch: number, trainingData?: number): void {
    const plan = this.currentPlan;
    const haveData = plan.training?.data.count;
    const fits = batch <= plan.batch && (trainingData === undefined || (haveData !== undefined && trainingData <= haveData));
    if (fits) return;
    const wasTraining = plan.training !== undefined;
    const count = trainingData === undefined ? haveData : Math.max(trainingData, haveData ?? 0);
    if (this.pool) throw new Error("a network cannot grow while its threads run");
    this.currentPlan = planMemory(this.architecture, { batch: Math.max(batch, plan.batch), trainingData: count }, this.arena.heapBase);
    this.arena.reserve(this.currentPlan.end);
    this.ctx.plan = this.currentPlan;
    if (!wasTraining && this.currentPlan.training) this.resetOptimizer();
  }

  private get training(): TrainingSlots {
    const t = this.currentPlan.training;
    if (!t) throw new Error("this network was loaded to predict; reserve() a training data set first");
    return t;
  }

  /** Zeroes Adam's moments and step count (a fresh optimizer for the parameters as they are). */
  resetOptimizer(): void {
    const t = this.currentPlan.training;
    if (t) this.arena.views.f32.fill(0, t.adamM >> 2, (t.adamM + 2 * this.currentPlan.blockBytes) >> 2);
    this.step = 0;
    this.beta1Power = 1;
    this.beta2Power = 1;
  }

  /** A view of one parameter tensor (valid until the next call that may grow memory). */
  tensorView(t: TensorSlot): Float32Array {
    const at = (this.currentPlan.params + t.offset) >> 2;
    return this.arena.views.f32.subarray(at, at + t.length);
  }

  /** A copy of every parameter tensor, in plan order (dense_0.weight, dense_0.bias, ...). */
  getTensors(): { name: string; shape: number[]; data: Float32Array }[] {
    return this.currentPlan.tensors.map((t) => ({ name: t.name, shape: [...t.shape], data: this.tensorView(t).slice() }));
  }

  setTensors(tensors: { name: string; data: Float32Array }[]): void {
    for (const t of this.currentPlan.tensors) {
      const given = tensors.find((x) => x.name === t.name);
      if (!given || given.data.length !== t.length) throw new Error(`tensor ${t.name} is missing or has the wrong size`);
      this.tensorView(t).set(given.data);
    }
    this.resetOptimizer();
  }

  /** Copies a u8 data set (images [count, inputs], labels [count]) into the arena, once per data set. */
  loadData(images: Uint8Array, labels: Uint8Array): void {
    const count = labels.length;
    if (images.length !== count * this.inputs) throw new Error(`expected ${count} images of ${this.inputs} bytes, got ${images.length} bytes`);
    this.reserve(this.currentPlan.batch, count);
    const { data } = this.training;
    const u8 = this.arena.views.u8;
    u8.set(images, data.images);
    u8.set(labels, data.labels);
    this.dataCount = count;
  }

  /** The sample order of the loaded data set, a view into the arena that fit() shuffles in place. */
  orderView(): Int32Array {
    const at = this.training.data.order >> 2;
    return this.arena.views.i32.subarray(at, at + this.dataCount);
  }

  /** The labels of the loaded data set (a view). */
  labelsView(): Uint8Array {
    const at = this.training.data.labels;
    return this.arena.views.u8.subarray(at, at + this.dataCount);
  }

  /** The input region, [rows, inputs]: prediction writes preprocessed images straight into it. */
  inputView(rows: number): Float32Array {
    if (rows > this.currentPlan.batch) throw new RangeError(`${rows} rows exceed the planned batch of ${this.currentPlan.batch}`);
    const at = this.currentPlan.input >> 2;
    return this.arena.views.f32.subarray(at, at + rows * this.inputs);
  }

  /** The head's output of the last forward pass, [rows, classes] (a view: copy before the next call). */
  probsView(rows: number): Float32Array {
    const at = this.currentPlan.probs >> 2;
    return this.arena.views.f32.subarray(at, at + rows * this.classes);
  }

  /** Forward pass over `rows` rows of the input region; the head's output ends in plan.probs. */
  forward(rows: number): void {
    // A prediction plan lists the rows' nonzero inputs first: a digit's 28x28 is mostly zeros, and the sparse
    // first layer reads only the rest (the same bits, see dense_forward_sparse).
    const plan = this.currentPlan, k = this.arena.kernels, s = plan.sparse, inputs = this.architecture.layers[0].inputs;
    const nonzero = s ? k.sparse_index(s.index, s.count, plan.input, rows, inputs) : 0;
    const sparse = s && nonzero < SPARSE_DENSITY * rows * inputs ? { idx: s.index, nnz: s.count } : undefined;
    forwardLayers(k, plan, this.architecture, 0, rows, sparse);
  }

  /** How the coordinator rewrites gathered rows when a step asks for it (augmentation). */
  setRowTransform(transform: RowTransform | undefined): void {
    this.ctx.transform = transform;
  }

  /** The draws region for a batch's row transforms, [rows, AUGMENT_DRAWS] (a view): fill it before trainBatch. */
  transformDraws(rows: number): Float64Array {
    return new Float64Array(this.arena.views.f32.buffer, this.training.augment, rows * AUGMENT_DRAWS);
  }

  /**
   * Starts `threads - 1` helper threads for training (the caller is thread 0). The network must live in
   * shared memory and its data set be loaded: memory cannot grow while threads run. Once per training run.
   */
  async startThreads(threads: number): Promise<void> {
    const support = this.arena.engine.threads;
    if (threads <= 1 || this.pool) return;
    if (!support || !("memory" in this.arena)) throw new Error("this network is not in shared memory: create it with the engine's shared module");
    this.pool = await ThreadPool.start(support, this.arena as SharedArena, this.currentPlan, this.architecture, threads);
  }

  /** Ends the helper threads, if any; always safe to call. */
  async stopThreads(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.close();
  }

  get threads(): number {
    return this.pool?.threads ?? 1;
  }

  /**
   * One Adam step on the batch of data rows order[start .. start+rows). With `transform`, each gathered
   * row is rewritten from its draws (transformDraws) before the forward pass. `useThreads` false runs the
   * step on this thread alone, the helpers idle: the same bits either way.
   */
  trainBatch(start: number, rows: number, adam: AdamConfig, transform = false, sparse = true, useThreads = true): BatchResult {
    this.step++;
    this.beta1Power *= adam.beta1;
    this.beta2Power *= adam.beta2;
    // Keras' form: bias corrections folded into the step size, from running products (no pow per step).
    const lrT = (adam.learningRate * Math.sqrt(1 - this.beta2Power)) / (1 - this.beta1Power);
    const args: StepArgs = { start, rows, transform, sparse, lrT, beta1: adam.beta1, beta2: adam.beta2, epsilon: adam.epsilon };
    writeAdam(this.ctx, args);
    let correct: number;
    if (this.pool && useThreads) {
      correct = this.pool.step(this.ctx, args);
    } else {
      const forward = forwardRows(this.ctx, args, 0, rows);
      backwardRows(this.ctx, 0, rows);
      paramsPhase(this.ctx, args, this.allWork, sparseBatch(args, forward.nonzero, this.inputs));
      correct = forward.correct;
    }
    return { loss: batchLoss(this.ctx, rows), correct };
  }

  /**
   * The gradient of every parameter on data rows order[start .. start+rows) into the gradient block, the
   * parameters and Adam untouched: for tests (finite differences) and for looking.
   */
  gradients(start: number, rows: number): BatchResult {
    const args: StepArgs = { start, rows, transform: false, sparse: true, lrT: 0, beta1: 0, beta2: 0, epsilon: 0 };
    const { correct } = forwardRows(this.ctx, args, 0, rows);
    backwardRows(this.ctx, 0, rows);
    gradientsPhase(this.ctx, args);
    return { loss: batchLoss(this.ctx, rows), correct };
  }

  /** Forward only, on data rows order[start .. start+rows): loss and correct count. */
  evaluateBatch(start: number, rows: number): BatchResult {
    const args: StepArgs = { start, rows, transform: false, sparse: true, lrT: 0, beta1: 0, beta2: 0, epsilon: 0 };
    const { correct } = forwardRows(this.ctx, args, 0, rows);
    return { loss: batchLoss(this.ctx, rows), correct };
  }

  /**
   * Class probabilities of the `rows` images already in the input region: a forward pass, then each
   * row as probabilities that sum to 1 (sigmoid outputs are normalised, as the reference loss reads
   * them). Returns a view of the probability region.
   */
  predictRows(rows: number): Float32Array {
    this.forward(rows);
    const probs = this.probsView(rows);
    const C = this.classes;
    const head = this.architecture.head;
    switch (head.activation) {
      case "sigmoid":
        for (let r = 0; r < rows; r++) {
          let sum = 0;
          for (let c = 0; c < C; c++) sum += probs[r * C + c];
          for (let c = 0; c < C; c++) probs[r * C + c] = sum > 0 ? probs[r * C + c] / sum : 1 / C;
        }
        break;
      case "softmax":
        break;
      default:
        unreachable(head);
    }
    return probs;
  }

  /** Probabilities for n images of f32 pixels ([n, inputs]), in passes of the planned batch; a new array. */
  predict(pixels: Float32Array): Float32Array {
    const D = this.inputs, C = this.classes;
    const n = pixels.length / D;
    if (!Number.isInteger(n)) throw new Error(`pixels must hold whole images of ${D} values, got ${pixels.length}`);
    const out = new Float32Array(n * C);
    const chunk = this.currentPlan.batch;
    for (let start = 0; start < n; start += chunk) {
      const rows = Math.min(chunk, n - start);
      this.inputView(rows).set(pixels.subarray(start * D, (start + rows) * D));
      out.set(this.predictRows(rows), start * C);
    }
    return out;
  }
}
