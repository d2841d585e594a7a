// The memory plan: a pure function from an architecture, a batch size and (for training) a data-set size
// to byte offsets in one arena. It computes; it allocates nothing. Blocks, in order:
//   params                                  always (one block, every layer's tensors in order)
//   grads | adam m | adam v                 training only: parameter-shaped, identically ordered, so Adam
//                                           is one flat loop and zeroing the gradients one fill
//   per layer: output, and (training) its gradient        sized for `batch` rows
//   input batch, probabilities, (training) labels
//   (training) data set: u8 images, u8 labels, i32 order  last, so it can grow
// A network loaded to predict gets the first, third and fourth lines only: no gradients, no moments.
// Every tensor starts 16-byte aligned and is followed by at least 16 readable bytes: the kernels finish a
// row's tail with one whole vector and over-read (never over-write) up to 12 bytes past the end.

import type { Architecture } from "./layers.js";

export interface TensorSlot {
  name: string;
  shape: number[];
  /** Byte offset inside a parameter-shaped block (add a block's base for params, grads, m or v). */
  offset: number;
  length: number;
}

export interface LayerSlots {
  weight: TensorSlot;
  bias: TensorSlot;
  /** Absolute byte offset of this layer's output [batch, outputs] (after a hidden activation; logits for the last). */
  output: number;
}

export interface TrainingSlots {
  grads: number;
  adamM: number;
  adamV: number;
  /** Per layer: d(loss)/d(pre-activation) [batch, outputs]. */
  layerGrads: number[];
  /** Labels of the batch [batch] i32. */
  labels: number;
  /** Loss of each row of the batch [batch] f32, summed in row order whatever the threads. */
  rowLoss: number;
  /** Each row's nonzero inputs for the sparse first layer: indices [batch, inputs] i32 and counts [batch] i32. */
  sparseIndex: number;
  sparseCount: number;
  /** Augmentation draws for each row [batch, AUGMENT_DRAWS] f64, made in order by one thread. */
  augment: number;
  /** The threads' control block (CONTROL_BYTES): commands, barriers, per-thread counts, step scalars. */
  control: number;
  /** The step's Adam constants, four f32 (lrT, β1, β2, ε), read by the update kernels. */
  adam: number;
  data: { images: number; labels: number; order: number; count: number; dim: number };
}

/** Random draws per image for augmentation (angle, two scales, shear, two shifts, stroke). */
export const AUGMENT_DRAWS = 7;
/** Bytes of the threads' control block: 64 i32 words, then 16 f64 scalars, then 256 bytes of error text. */
export const CONTROL_BYTES = 64 * 4 + 16 * 8 + 256;

export interface MemoryPlan {
  batch: number;
  layers: LayerSlots[];
  tensors: TensorSlot[];
  /** Bytes in each parameter-shaped block (a multiple of 16). */
  blockBytes: number;
  params: number;
  /** Input batch [batch, inputs] f32. */
  input: number;
  /** Output probabilities [batch, classes] f32. */
  probs: number;
  /** Present when the plan is for training. */
  training?: TrainingSlots;
  /**
   * Prediction plans only: each input row's nonzero inputs for the sparse first layer, indices [batch, inputs]
   * i32 and counts [batch] i32 (training plans list them in their own slots, filled as batches are gathered).
   */
  sparse?: { index: number; count: number };
  /** One past the last byte the plan uses. */
  end: number;
}

export interface PlanOptions {
  batch: number;
  /** Plan gradients, Adam moments and a data set of this many samples; omit for prediction only. */
  trainingData?: number;
}

const SLACK = 16;
/** Arithmetic, not `& ~15`: bit operations wrap at 2^31 and would hide an impossible plan's size. */
const align16 = (n: number) => Math.ceil(n / 16) * 16;
/** Bytes reserved for `count` f32 values: aligned, plus the over-read slack. */
const f32Span = (count: number) => align16(count * 4) + SLACK;

export function planMemory(arch: Architecture, options: PlanOptions, base: number): MemoryPlan {
  const { batch, trainingData } = options;
  if (!Number.isSafeInteger(batch) || batch < 1) throw new Error(`batch must be a positive integer, got ${batch}`);
  const tensors: TensorSlot[] = [];
  let blockBytes = 0;
  const paramSlots = arch.layers.map((layer, i) => {
    const weight = { name: `dense_${i}.weight`, shape: [layer.inputs, layer.outputs], offset: blockBytes, length: layer.inputs * layer.outputs };
    blockBytes += f32Span(weight.length);
    const bias = { name: `dense_${i}.bias`, shape: [layer.outputs], offset: blockBytes, length: layer.outputs };
    blockBytes += f32Span(bias.length);
    tensors.push(weight, bias);
    return { weight, bias };
  });
  const training = trainingData !== undefined;
  let at = align16(base);
  const take = (bytes: number) => {
    const p = at;
    at += bytes;
    return p;
  };
  const params = take(blockBytes);
  const grads = training ? take(blockBytes) : 0;
  const adamM = training ? take(blockBytes) : 0;
  const adamV = training ? take(blockBytes) : 0;
  const layerGrads: number[] = [];
  const layers: LayerSlots[] = arch.layers.map((layer, i) => {
    const output = take(f32Span(batch * layer.outputs));
    if (training) layerGrads.push(take(f32Span(batch * layer.outputs)));
    return { ...paramSlots[i], output };
  });
  const dim = arch.layers[0].inputs;
  const input = take(f32Span(batch * dim));
  const probs = take(f32Span(batch * arch.layers[arch.layers.length - 1].outputs));
  const plan: MemoryPlan = { batch, layers, tensors, blockBytes, params, input, probs, end: 0 };
  if (training) {
    const count = trainingData;
    if (!Number.isSafeInteger(count) || count < 0) throw new Error(`the data set size must be a whole number, got ${count}`);
    const labels = take(f32Span(batch));
    const rowLoss = take(f32Span(batch));
    const sparseIndex = take(f32Span(batch * dim));
    const sparseCount = take(f32Span(batch));
    const augment = take(align16(batch * AUGMENT_DRAWS * 8) + SLACK);
    const control = take(align16(CONTROL_BYTES) + SLACK);
    const adam = take(f32Span(4));
    const images = take(align16(count * dim) + SLACK);
    const dataLabels = take(align16(count) + SLACK);
    const order = take(f32Span(count));
    plan.training = {
      grads, adamM, adamV, layerGrads, labels, rowLoss, sparseIndex, sparseCount, augment, control, adam,
      data: { images, labels: dataLabels, order, count, dim },
    };
  }
  else plan.sparse = { index: take(f32Span(batch * dim)), count: take(f32Span(batch)) };
  plan.end = at;
  return plan;
}
