// The memory plan: a pure function from a network's layer shapes, a batch size and a data set size to byte
// offsets in one arena. It computes; it allocates nothing. Blocks, in order:
//   params | grads | adam m | adam v   four identically ordered blocks, so Adam is one flat loop
//   activations and their gradients, input batch, labels   sized for `batch` rows
//   data set (u8 images, u8 labels, i32 order)             sized for `dataCount` samples, last so it can grow
// Every tensor starts 16-byte aligned and is followed by at least 16 readable bytes: the kernels finish a
// row's tail with one whole vector and over-read (never over-write) up to 12 bytes past the end.

export type Activation = "relu" | "linear" | "sigmoid" | "softmax";

export interface LayerShape {
  inputs: number;
  outputs: number;
  activation: Activation;
}

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
  /** Absolute byte offset of this layer's output [batch, outputs] (post-activation for hidden layers, logits for the last). */
  output: number;
  /** Absolute byte offset of d(loss)/d(pre-activation) for this layer [batch, outputs]. */
  grad: number;
}

export interface MemoryPlan {
  layers: LayerSlots[];
  tensors: TensorSlot[];
  /** Bytes in each of the four parameter-shaped blocks (a multiple of 16). */
  blockBytes: number;
  params: number;
  grads: number;
  adamM: number;
  adamV: number;
  /** Input batch [batch, inputs] f32. */
  input: number;
  /** Output probabilities [batch, classes] f32. */
  probs: number;
  /** Labels [batch] i32. */
  labels: number;
  batch: number;
  data: { images: number; labels: number; order: number; count: number; dim: number };
  /** One past the last byte the plan uses. */
  end: number;
}

const SLACK = 16;
const align16 = (n: number) => (n + 15) & ~15;
/** Bytes reserved for `count` f32 values: aligned, plus the over-read slack. */
const f32Span = (count: number) => align16(count * 4) + SLACK;

export function planMemory(layers: LayerShape[], batch: number, dataCount: number, base: number): MemoryPlan {
  if (layers.length === 0) throw new Error("a network needs at least one layer");
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`batch must be a positive integer, got ${batch}`);
  const tensors: TensorSlot[] = [];
  let blockBytes = 0;
  const paramSlots = layers.map((layer, i) => {
    const weight = { name: `dense_${i}.weight`, shape: [layer.inputs, layer.outputs], offset: blockBytes, length: layer.inputs * layer.outputs };
    blockBytes += f32Span(weight.length);
    const bias = { name: `dense_${i}.bias`, shape: [layer.outputs], offset: blockBytes, length: layer.outputs };
    blockBytes += f32Span(bias.length);
    tensors.push(weight, bias);
    return { weight, bias };
  });
  let at = align16(base);
  const params = at; at += blockBytes;
  const grads = at; at += blockBytes;
  const adamM = at; at += blockBytes;
  const adamV = at; at += blockBytes;
  const slots: LayerSlots[] = layers.map((layer, i) => {
    const output = at; at += f32Span(batch * layer.outputs);
    const grad = at; at += f32Span(batch * layer.outputs);
    return { ...paramSlots[i], output, grad };
  });
  const input = at; at += f32Span(batch * layers[0].inputs);
  const probs = at; at += f32Span(batch * layers[layers.length - 1].outputs);
  const labels = at; at += f32Span(batch);
  const dim = layers[0].inputs;
  const images = at; at += align16(dataCount * dim) + SLACK;
  const dataLabels = at; at += align16(dataCount) + SLACK;
  const order = at; at += f32Span(dataCount);
  return {
    layers: slots, tensors, blockBytes, params, grads, adamM, adamV, input, probs, labels, batch,
    data: { images, labels: dataLabels, order, count: dataCount, dim }, end: at,
  };
}
