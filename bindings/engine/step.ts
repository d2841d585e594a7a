// One training step as two phases that any number of threads share without changing a single bit:
//   rows phase    each thread takes a range of the batch's rows: gather, augment, forward, loss, and the
//                 input gradients down to the first layer. A row never depends on another row.
//   params phase  after a barrier, each thread takes a range of weight rows of every layer (work items):
//                 their gradient over the whole batch, summed in row order, and Adam on those parameters.
// No floating-point sum is split between threads, so 1, 2, 3 or 4 threads give identical models. The
// single-threaded network runs the same two functions back to back. Free functions over a context,
// because a worker thread has no Network, only the shared memory, the plan and the architecture.

import type { Kernels } from "./abi.js";
import { unreachable, type Architecture } from "./layers.js";
import type { MemoryViews } from "./memory.js";
import { AUGMENT_DRAWS, type MemoryPlan, type TrainingSlots } from "./plan.js";

/** Rewrites input rows r0..r1 in place from their draws ([rows, AUGMENT_DRAWS] f64): augmentation. */
export type RowTransform = (input: Float32Array, draws: Float64Array, r0: number, r1: number) => void;

export interface StepContext {
  kernels: Kernels;
  views: MemoryViews;
  plan: MemoryPlan;
  architecture: Architecture;
  /** Applied to each gathered row when a step asks for it. */
  transform?: RowTransform;
}

/** One step's scalars, the same for every thread. */
export interface StepArgs {
  /** First position in the data set's order array, and the batch's rows. */
  start: number;
  rows: number;
  transform: boolean;
  /** Let the first layer skip exact zeros of a sparse batch (the bits are the same either way). */
  sparse: boolean;
  /** Adam's step size with the bias corrections folded in, and its constants. */
  lrT: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** A share of the params phase: weight rows from..to of a layer, or (bias) the layer's bias. */
export interface WorkItem {
  layer: number;
  from: number;
  to: number;
  bias: boolean;
}

/** Below this fraction of nonzero inputs the first layer reads only the nonzeros (MNIST: about 0.19). */
export const SPARSE_DENSITY = 0.5;

function slotsOf(ctx: StepContext): TrainingSlots {
  const t = ctx.plan.training;
  if (!t) throw new Error("the network has no training memory");
  return t;
}

/**
 * Forward through every layer and the head for rows r0..r0+n of the input region; probabilities end in
 * plan.probs. With `sparse` (the rows' nonzero lists), the first layer reads only the nonzero inputs.
 * Prediction calls it on a plan without training memory.
 */
export function forwardLayers(k: Kernels, plan: MemoryPlan, architecture: Architecture, r0: number, n: number, sparse?: { idx: number; nnz: number }): void {
  const { layers, head } = architecture;
  let input = plan.input + r0 * layers[0].inputs * 4;
  for (const [i, layer] of layers.entries()) {
    const s = plan.layers[i];
    const y = s.output + r0 * layer.outputs * 4;
    const w = plan.params + s.weight.offset, b = plan.params + s.bias.offset;
    const relu = layer.activation === "relu" ? 1 : 0;
    switch (layer.kind) {
      case "dense":
        if (i === 0 && sparse) k.dense_forward_sparse(y, input, w, b, n, layer.inputs, layer.outputs, relu, sparse.idx, sparse.nnz);
        else k.dense_forward(y, input, w, b, n, layer.inputs, layer.outputs, relu);
        break;
      default:
        unreachable(layer.kind);
    }
    input = y;
  }
  const C = layers[layers.length - 1].outputs;
  const probs = plan.probs + r0 * C * 4;
  switch (head.activation) {
    case "sigmoid":
      k.sigmoid_forward(probs, input, n * C);
      break;
    case "softmax":
      k.softmax_forward(probs, input, n, C);
      break;
    default:
      unreachable(head);
  }
}

/**
 * Rows r0..r1 of a batch, forward: gather, optional transform, the forward pass (sparse first layer when
 * the rows are mostly zeros), the head's loss (one value per row into rowLoss) and d(loss)/d(logits).
 * Returns the rows' nonzero input count (for the density) and correct answers.
 */
export function forwardRows(ctx: StepContext, args: StepArgs, r0: number, r1: number): { nonzero: number; correct: number } {
  const { kernels: k, plan, architecture } = ctx;
  const t = slotsOf(ctx);
  const n = r1 - r0;
  if (n <= 0) return { nonzero: 0, correct: 0 };
  const { layers, head } = architecture;
  const IN = layers[0].inputs, C = layers[layers.length - 1].outputs;
  const x = plan.input + r0 * IN * 4;
  const idx = t.sparseIndex + r0 * IN * 4, nnz = t.sparseCount + r0 * 4;
  let nonzero = k.gather_batch(x, t.labels + r0 * 4, idx, nnz, t.data.images, t.data.labels, t.data.order, args.start + r0, n, IN, 1 / 255);
  if (args.transform && ctx.transform) {
    const f32 = ctx.views.f32;
    const input = f32.subarray(plan.input >> 2, (plan.input >> 2) + args.rows * IN);
    const draws = new Float64Array(f32.buffer, t.augment, args.rows * AUGMENT_DRAWS);
    ctx.transform(input, draws, r0, r1);
    // The transform moved the ink: list the nonzero inputs again.
    nonzero = k.sparse_index(idx, nnz, x, n, IN);
  }
  forwardLayers(k, plan, architecture, r0, n, args.sparse && nonzero < SPARSE_DENSITY * n * IN ? { idx, nnz } : undefined);
  const probs = plan.probs + r0 * C * 4, labels = t.labels + r0 * 4;
  const dz = t.layerGrads[layers.length - 1] + r0 * C * 4;
  switch (head.activation) {
    case "sigmoid":
      k.sigmoid_keras_loss(t.rowLoss + r0 * 4, dz, probs, labels, n, C, args.rows);
      break;
    case "softmax":
      k.softmax_xent_loss(t.rowLoss + r0 * 4, dz, probs, labels, n, C, args.rows);
      break;
    default:
      unreachable(head);
  }
  return { nonzero, correct: k.count_correct(probs, labels, n, C) };
}

/** Rows r0..r1, backward: d(loss)/d(pre-activation) of every layer down to the first (whose input is the image). */
export function backwardRows(ctx: StepContext, r0: number, r1: number): void {
  const { kernels: k, plan, architecture } = ctx;
  const t = slotsOf(ctx);
  const n = r1 - r0;
  const { layers } = architecture;
  for (let i = layers.length - 1; i > 0 && n > 0; i--) {
    const layer = layers[i], below = layers[i - 1];
    const dy = t.layerGrads[i - 1] + r0 * below.outputs * 4;
    switch (layer.kind) {
      case "dense":
        k.dense_backward_input(dy, t.layerGrads[i] + r0 * layer.outputs * 4, plan.params + plan.layers[i].weight.offset, n, layer.inputs, layer.outputs);
        break;
      default:
        unreachable(layer.kind);
    }
    // Through the activation of the layer below, in place.
    switch (below.activation) {
      case "relu":
        k.relu_backward(dy, dy, plan.layers[i - 1].output + r0 * below.outputs * 4, n * below.outputs);
        break;
      case "linear":
        break;
      default:
        unreachable(below.activation);
    }
  }
}

/** Whether the params phase uses the first layer's zero-skipping kernel, from the whole batch's nonzero count. */
export function sparseBatch(args: StepArgs, nonzero: number, inputs: number): boolean {
  return args.sparse && nonzero < SPARSE_DENSITY * args.rows * inputs;
}

/**
 * The params phase for some work items: each item's gradient over the whole batch goes straight into
 * Adam's update of those parameters (dense_update_*, which never stores the gradient). `sparse` lets the
 * first layer skip the samples whose inputs of a block are all zero. The caller has written the step's
 * Adam constants (writeAdam).
 */
export function paramsPhase(ctx: StepContext, args: StepArgs, items: readonly WorkItem[], sparse: boolean): void {
  const { kernels: k, plan, architecture } = ctx;
  const t = slotsOf(ctx);
  for (const item of items) {
    const layer = architecture.layers[item.layer], s = plan.layers[item.layer];
    const dz = t.layerGrads[item.layer];
    const x = item.layer === 0 ? plan.input : plan.layers[item.layer - 1].output;
    switch (layer.kind) {
      case "dense":
        if (item.bias) k.dense_update_bias(plan.params + s.bias.offset, dz, args.rows, layer.outputs, plan.blockBytes, t.adam);
        else k.dense_update_weights(plan.params + s.weight.offset, x, dz, args.rows, layer.inputs, layer.outputs, item.from, item.to, plan.blockBytes, t.adam, item.layer === 0 && sparse ? 1 : 0);
        break;
      default:
        unreachable(layer.kind);
    }
  }
}

/** Writes the step's Adam constants (lrT, β1, β2, ε as f32) where the update kernels read them. */
export function writeAdam(ctx: StepContext, args: StepArgs): void {
  const at = slotsOf(ctx).adam >> 2;
  const f32 = ctx.views.f32;
  f32[at] = args.lrT;
  f32[at + 1] = args.beta1;
  f32[at + 2] = args.beta2;
  f32[at + 3] = args.epsilon;
}

/**
 * The gradient of every parameter over the batch into the gradient block, nothing updated: what
 * training's fused updates compute and use without storing. For tests and for looking.
 */
export function gradientsPhase(ctx: StepContext, args: StepArgs): void {
  const { kernels: k, plan, architecture } = ctx;
  const t = slotsOf(ctx);
  architecture.layers.forEach((layer, i) => {
    const s = plan.layers[i];
    const x = i === 0 ? plan.input : plan.layers[i - 1].output;
    switch (layer.kind) {
      case "dense":
        k.dense_backward_weights(t.grads + s.weight.offset, x, t.layerGrads[i], args.rows, layer.inputs, layer.outputs, 0, layer.inputs);
        k.dense_backward_bias(t.grads + s.bias.offset, t.layerGrads[i], args.rows, layer.outputs);
        break;
      default:
        unreachable(layer.kind);
    }
  });
}

/** The sum of the batch's row losses, in row order (the same on any thread count). */
export function batchLoss(ctx: StepContext, rows: number): number {
  const t = slotsOf(ctx);
  const losses = ctx.views.f32.subarray(t.rowLoss >> 2, (t.rowLoss >> 2) + rows);
  let sum = 0;
  for (let r = 0; r < rows; r++) sum += losses[r];
  return sum;
}
