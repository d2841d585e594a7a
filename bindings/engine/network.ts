// A network: an architecture, the arena it owns (its own instance and memory) and the order of kernel
// calls for a batch. TypeScript decides (layer order, Adam's step size, which rows), the kernels compute.
// About fifteen kernel calls per training batch whatever its size; nothing is allocated per batch.
// Not here: the epoch loop and shuffling (model/fit.ts), initialisation and files (model/), presets.

import type { Arena, Engine } from "./engine.js";
import { checkArchitecture, classesOf, inputsOf, parameterCount, unreachable, type Architecture, type Layer } from "./layers.js";
import { planMemory, type MemoryPlan, type TensorSlot, type TrainingSlots } from "./plan.js";

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

  constructor(engine: Engine, architecture: Architecture, options: NetworkOptions) {
    checkArchitecture(architecture);
    this.architecture = structuredClone(architecture);
    this.arena = engine.newArena();
    this.currentPlan = planMemory(this.architecture, options, this.arena.heapBase);
    this.arena.reserve(this.currentPlan.end);
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
    this.currentPlan = planMemory(this.architecture, { batch: Math.max(batch, plan.batch), trainingData: count }, this.arena.heapBase);
    this.arena.reserve(this.currentPlan.end);
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

  private gather(start: number, rows: number): void {
    const t = this.training;
    this.arena.kernels.gather_batch(this.currentPlan.input, t.labels, t.data.images, t.data.labels, t.data.order, start, rows, this.inputs, 1 / 255);
  }

  /** Forward pass over `rows` rows of the input region; the head's output ends in plan.probs. */
  forward(rows: number): void {
    const k = this.arena.kernels;
    const plan = this.currentPlan;
    let x = plan.input;
    for (const [i, layer] of this.layers.entries()) {
      const s = plan.layers[i];
      const w = plan.params + s.weight.offset, b = plan.params + s.bias.offset;
      switch (layer.kind) {
        case "dense":
          k.dense_forward(s.output, x, w, b, rows, layer.inputs, layer.outputs, layer.activation === "relu" ? 1 : 0);
          break;
        default:
          unreachable(layer.kind);
      }
      x = s.output;
    }
    const head = this.architecture.head;
    switch (head.activation) {
      case "sigmoid":
        k.sigmoid_forward(plan.probs, x, rows * this.classes);
        break;
      case "softmax":
        k.softmax_forward(plan.probs, x, rows, this.classes);
        break;
      default:
        unreachable(head);
    }
  }

  /** The head's loss of the batch, and d(mean loss)/d(logits) into the last layer's gradient region. */
  private lossAndGrad(rows: number): BatchResult {
    const k = this.arena.kernels;
    const { probs } = this.currentPlan;
    const t = this.training;
    const grad = t.layerGrads[this.layers.length - 1];
    const head = this.architecture.head;
    let loss: number;
    switch (head.activation) {
      case "sigmoid":
        loss = k.sigmoid_keras_loss(grad, probs, t.labels, rows, this.classes);
        break;
      case "softmax":
        loss = k.softmax_xent_loss(grad, probs, t.labels, rows, this.classes);
        break;
      default:
        unreachable(head);
    }
    return { loss, correct: k.count_correct(probs, t.labels, rows, this.classes) };
  }

  /** Backward through every layer: gradients of the parameters (accumulated into a zeroed block) and inputs. */
  private backward(rows: number): void {
    const k = this.arena.kernels;
    const plan = this.currentPlan;
    const t = this.training;
    k.zero_fill(t.grads, plan.blockBytes);
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i], s = plan.layers[i];
      const x = i === 0 ? plan.input : plan.layers[i - 1].output;
      const dz = t.layerGrads[i];
      switch (layer.kind) {
        case "dense":
          k.dense_backward_weights(t.grads + s.weight.offset, t.grads + s.bias.offset, x, dz, rows, layer.inputs, layer.outputs);
          // The first layer's input is the image: its gradient is never needed.
          if (i > 0) k.dense_backward_input(t.layerGrads[i - 1], dz, plan.params + s.weight.offset, rows, layer.inputs, layer.outputs);
          break;
        default:
          unreachable(layer.kind);
      }
      if (i === 0) break;
      // Through the activation of the layer below, in place.
      const below = this.layers[i - 1];
      const dy = t.layerGrads[i - 1];
      switch (below.activation) {
        case "relu":
          k.relu_backward(dy, dy, plan.layers[i - 1].output, rows * below.outputs);
          break;
        case "linear":
          break;
        default:
          unreachable(below.activation);
      }
    }
  }

  /**
   * One Adam step on the batch of data rows order[start .. start+rows). `transform`, when given, may
   * rewrite the gathered input batch in place (augmentation) before the forward pass.
   */
  trainBatch(start: number, rows: number, adam: AdamConfig, transform?: (input: Float32Array, rows: number) => void): BatchResult {
    const plan = this.currentPlan;
    const t = this.training;
    this.gather(start, rows);
    if (transform) transform(this.inputView(rows), rows);
    this.forward(rows);
    const result = this.lossAndGrad(rows);
    this.backward(rows);
    this.step++;
    this.beta1Power *= adam.beta1;
    this.beta2Power *= adam.beta2;
    // Keras' form: bias corrections folded into the step size, from running products (no pow per step).
    const lrT = (adam.learningRate * Math.sqrt(1 - this.beta2Power)) / (1 - this.beta1Power);
    this.arena.kernels.adam_step(plan.params, t.grads, t.adamM, t.adamV, plan.blockBytes >> 2, lrT, adam.beta1, adam.beta2, adam.epsilon);
    return result;
  }

  /** Forward only, on data rows order[start .. start+rows): loss and correct count. */
  evaluateBatch(start: number, rows: number): BatchResult {
    this.gather(start, rows);
    this.forward(rows);
    return this.lossAndGrad(rows);
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
