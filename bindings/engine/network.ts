// The engine: one network's memory and the order of kernel calls for a batch. TypeScript decides (layer
// order, Adam's step size, which rows), the backend's kernels compute. About fifteen kernel calls per
// training batch, whatever the batch size; nothing is allocated per batch.
// Not here: the epoch loop and shuffling (train.ts), files (safetensors.ts, node.ts), presets (model.ts).

import type { Backend } from "./abi.js";
import { planMemory, type LayerShape, type MemoryPlan, type TensorSlot } from "./plan.js";
import { Rng } from "../model/rng.js";

export interface AdamConfig {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** Keras' Adam defaults, which the reference notebook used. */
export const KERAS_ADAM: AdamConfig = { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };

export interface BatchResult {
  /** Summed loss over the batch's rows. */
  loss: number;
  correct: number;
}

export class Network {
  readonly layers: LayerShape[];
  readonly backend: Backend;
  plan: MemoryPlan;
  private f32!: Float32Array;
  private i32!: Int32Array;
  private u8!: Uint8Array;
  private step = 0;
  private beta1Power = 1;
  private beta2Power = 1;

  constructor(backend: Backend, layers: LayerShape[], batch = 256) {
    checkLayers(layers);
    this.backend = backend;
    this.layers = layers.map((l) => ({ ...l }));
    this.plan = planMemory(this.layers, batch, 0, backend.heapBase);
    this.grow();
  }

  get inputs(): number { return this.layers[0].inputs; }
  get classes(): number { return this.layers[this.layers.length - 1].outputs; }
  get parameterCount(): number { return this.layers.reduce((n, l) => n + l.inputs * l.outputs + l.outputs, 0); }
  get adamSteps(): number { return this.step; }

  /** Re-plans for a larger batch or data set. Parameters and Adam state keep their offsets (they come first). */
  reserve(batch: number, dataCount: number): void {
    if (batch <= this.plan.batch && dataCount <= this.plan.data.count) return;
    this.plan = planMemory(this.layers, Math.max(batch, this.plan.batch), Math.max(dataCount, this.plan.data.count), this.backend.heapBase);
    this.grow();
  }

  private grow(): void {
    const buffer = this.backend.ensureMemory(this.plan.end);
    // Views are rebuilt only here: growing memory detaches every earlier view.
    this.f32 = new Float32Array(buffer);
    this.i32 = new Int32Array(buffer);
    this.u8 = new Uint8Array(buffer);
  }

  /** Keras defaults: Glorot-uniform weights (https://proceedings.mlr.press/v9/glorot10a.html), zero biases, fresh Adam state. */
  initialize(seed: number): void {
    const rng = new Rng(seed);
    const { f32, plan } = this;
    f32.fill(0, plan.params >> 2, (plan.params + 4 * plan.blockBytes) >> 2);
    for (const [i, layer] of this.layers.entries()) {
      const limit = Math.sqrt(6 / (layer.inputs + layer.outputs));
      const w = plan.layers[i].weight;
      const at = (plan.params + w.offset) >> 2;
      for (let k = 0; k < w.length; k++) f32[at + k] = (rng.uniform() * 2 - 1) * limit;
    }
    this.resetOptimizer();
  }

  resetOptimizer(): void {
    const { f32, plan } = this;
    f32.fill(0, plan.adamM >> 2, (plan.adamM + 2 * plan.blockBytes) >> 2);
    this.step = 0;
    this.beta1Power = 1;
    this.beta2Power = 1;
  }

  /** A copy of every parameter tensor, in plan order (dense_0.weight, dense_0.bias, ...). */
  getTensors(): { name: string; shape: number[]; data: Float32Array }[] {
    return this.plan.tensors.map((t) => ({ name: t.name, shape: [...t.shape], data: this.f32.slice(this.at(t), this.at(t) + t.length) }));
  }

  setTensors(tensors: { name: string; data: Float32Array }[]): void {
    for (const t of this.plan.tensors) {
      const given = tensors.find((x) => x.name === t.name);
      if (!given || given.data.length !== t.length) throw new Error(`tensor ${t.name} is missing or has the wrong size`);
      this.f32.set(given.data, this.at(t));
    }
    this.resetOptimizer();
  }

  private at(t: TensorSlot): number {
    return (this.plan.params + t.offset) >> 2;
  }

  /** Copies a u8 data set (images [count, inputs], labels [count]) into the arena, once per data set. */
  loadData(images: Uint8Array, labels: Uint8Array): void {
    const count = labels.length;
    if (images.length !== count * this.inputs) throw new Error(`expected ${count} images of ${this.inputs} bytes, got ${images.length} bytes`);
    this.reserve(this.plan.batch, count);
    this.u8.set(images, this.plan.data.images);
    this.u8.set(labels, this.plan.data.labels);
    this.dataCount = count;
  }
  dataCount = 0;

  /** The epoch's sample order, a view into the arena that train.ts shuffles in place. */
  orderView(): Int32Array {
    const { order } = this.plan.data;
    return this.i32.subarray(order >> 2, (order >> 2) + this.dataCount);
  }

  private gather(start: number, rows: number): void {
    const { plan } = this;
    this.backend.kernels.gather_batch(plan.input, plan.labels, plan.data.images, plan.data.labels, plan.data.order, start, rows, this.inputs, 1 / 255);
  }

  /** Forward pass over `rows` rows already in the input region; probabilities end in plan.probs. */
  private forward(rows: number): void {
    const k = this.backend.kernels;
    const { plan, layers } = this;
    let x = plan.input;
    for (const [i, layer] of layers.entries()) {
      const s = plan.layers[i];
      k.dense_forward(s.output, x, plan.params + s.weight.offset, plan.params + s.bias.offset, rows, layer.inputs, layer.outputs, layer.activation === "relu" ? 1 : 0);
      x = s.output;
    }
    const last = layers[layers.length - 1];
    const out = plan.layers[layers.length - 1].output;
    if (last.activation === "sigmoid") k.sigmoid_forward(plan.probs, out, rows * last.outputs);
    else if (last.activation === "softmax") k.softmax_forward(plan.probs, out, rows, last.outputs);
    else throw new Error(`the output layer must be sigmoid or softmax, not ${last.activation}`);
  }

  /** Loss of the batch and d(mean loss)/d(logits) into the last layer's grad region. */
  private lossAndGrad(rows: number): BatchResult {
    const k = this.backend.kernels;
    const { plan } = this;
    const last = this.layers[this.layers.length - 1];
    const grad = plan.layers[this.layers.length - 1].grad;
    const loss = last.activation === "sigmoid"
      ? k.sigmoid_keras_loss(grad, plan.probs, plan.labels, rows, last.outputs)
      : k.softmax_xent_loss(grad, plan.probs, plan.labels, rows, last.outputs);
    return { loss, correct: k.count_correct(plan.probs, plan.labels, rows, last.outputs) };
  }

  /**
   * One Adam step on the batch of data rows order[start .. start+rows). `transform`, when given, may
   * rewrite the gathered input batch in place (augmentation) before the forward pass.
   */
  trainBatch(start: number, rows: number, adam: AdamConfig, transform?: (input: Float32Array, rows: number) => void): BatchResult {
    const k = this.backend.kernels;
    const { plan, layers } = this;
    this.gather(start, rows);
    if (transform) transform(this.inputView(rows), rows);
    this.forward(rows);
    const result = this.lossAndGrad(rows);
    k.zero_fill(plan.grads, plan.blockBytes);
    for (let i = layers.length - 1; i >= 0; i--) {
      const layer = layers[i], s = plan.layers[i];
      const x = i === 0 ? plan.input : plan.layers[i - 1].output;
      k.dense_backward_weights(plan.grads + s.weight.offset, plan.grads + s.bias.offset, x, s.grad, rows, layer.inputs, layer.outputs);
      if (i === 0) break;
      const below = plan.layers[i - 1];
      k.dense_backward_input(below.grad, s.grad, plan.params + s.weight.offset, rows, layer.inputs, layer.outputs);
      if (layers[i - 1].activation === "relu") k.relu_backward(below.grad, below.grad, below.output, rows * layer.inputs);
    }
    this.step++;
    this.beta1Power *= adam.beta1;
    this.beta2Power *= adam.beta2;
    const lrT = (adam.learningRate * Math.sqrt(1 - this.beta2Power)) / (1 - this.beta1Power);
    k.adam_step(plan.params, plan.grads, plan.adamM, plan.adamV, plan.blockBytes >> 2, lrT, adam.beta1, adam.beta2, adam.epsilon);
    return result;
  }

  /** Forward only, on data rows order[start .. start+rows): loss and correct count. */
  evaluateBatch(start: number, rows: number): BatchResult {
    this.gather(start, rows);
    this.forward(rows);
    return this.lossAndGrad(rows);
  }

  /** The input batch region, [rows, inputs] (a view into the arena). */
  inputView(rows: number): Float32Array {
    const at = this.plan.input >> 2;
    return this.f32.subarray(at, at + rows * this.inputs);
  }

  /** The probabilities of the last forward pass, row by row (a view: copy before the next call). */
  probsView(rows: number): Float32Array {
    const at = this.plan.probs >> 2;
    return this.f32.subarray(at, at + rows * this.classes);
  }

  /**
   * Class probabilities for n images given as f32 pixels in 0..1 ([n, inputs]). Sigmoid outputs are
   * normalised to sum 1, as the reference loss reads them. Returns a new [n, classes] array.
   */
  predict(pixels: Float32Array): Float32Array {
    const D = this.inputs, C = this.classes;
    const n = pixels.length / D;
    if (!Number.isInteger(n)) throw new Error(`pixels must hold whole images of ${D} values, got ${pixels.length}`);
    const out = new Float32Array(n * C);
    const chunk = this.plan.batch;
    for (let start = 0; start < n; start += chunk) {
      const rows = Math.min(chunk, n - start);
      this.f32.set(pixels.subarray(start * D, (start + rows) * D), this.plan.input >> 2);
      this.forward(rows);
      const probs = this.probsView(rows);
      for (let r = 0; r < rows; r++) {
        let sum = 0;
        for (let c = 0; c < C; c++) sum += probs[r * C + c];
        for (let c = 0; c < C; c++) out[(start + r) * C + c] = sum > 0 ? probs[r * C + c] / sum : 1 / C;
      }
    }
    return out;
  }
}

export function checkLayers(layers: LayerShape[]): void {
  if (layers.length === 0) throw new Error("a network needs at least one layer");
  for (const [i, l] of layers.entries()) {
    if (!Number.isInteger(l.inputs) || !Number.isInteger(l.outputs) || l.inputs < 1 || l.outputs < 1) {
      throw new Error(`layer ${i} has invalid shape ${l.inputs}x${l.outputs}`);
    }
    if (i > 0 && layers[i - 1].outputs !== l.inputs) {
      throw new Error(`layer ${i} takes ${l.inputs} inputs but layer ${i - 1} gives ${layers[i - 1].outputs}`);
    }
    const last = i === layers.length - 1;
    const ok = last ? l.activation === "sigmoid" || l.activation === "softmax" : l.activation === "relu" || l.activation === "linear";
    if (!ok) throw new Error(`layer ${i} cannot use activation ${l.activation} (${last ? "output: sigmoid or softmax" : "hidden: relu or linear"})`);
  }
}
