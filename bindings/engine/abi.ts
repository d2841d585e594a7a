// The kernel ABI, written once: every export of assembly/index.ts with its arity, and its TypeScript
// signature. The wasm module's exports and the plain-JS twins (twins/) are both checked against this
// list when they are bound, so a kernel renamed or given another argument on one side fails at load.
// Pointers are byte offsets into one arena's memory; shapes are documented in assembly/*.ts.

/** Name → number of arguments, for every kernel both engines provide. */
export const KERNEL_ARITY = {
  dense_forward: 8,
  dense_forward_sparse: 10,
  dense_backward_weights: 8,
  dense_backward_bias: 4,
  dense_backward_input: 6,
  relu_backward: 4,
  sigmoid_forward: 3,
  softmax_forward: 4,
  sigmoid_keras_loss: 7,
  softmax_xent_loss: 7,
  count_correct: 4,
  adam_step: 9,
  dense_update_weights: 11,
  dense_update_bias: 6,
  gather_batch: 11,
  sparse_index: 5,
  png_unfilter: 4,
  png_rgba8: 4,
  png_palette8: 5,
} as const;

export type KernelName = keyof typeof KERNEL_ARITY;

export interface Kernels {
  dense_forward(y: number, x: number, w: number, b: number, B: number, IN: number, OUT: number, relu: number): void;
  dense_forward_sparse(y: number, x: number, w: number, b: number, B: number, IN: number, OUT: number, relu: number, idx: number, nnz: number): void;
  dense_backward_weights(dw: number, x: number, dz: number, B: number, IN: number, OUT: number, from: number, to: number): void;
  dense_backward_bias(db: number, dz: number, B: number, OUT: number): void;
  dense_backward_input(dx: number, dz: number, w: number, B: number, IN: number, OUT: number): void;
  relu_backward(dz: number, dy: number, y: number, N: number): void;
  sigmoid_forward(y: number, z: number, N: number): void;
  softmax_forward(y: number, z: number, B: number, C: number): void;
  sigmoid_keras_loss(loss: number, dz: number, s: number, labels: number, rows: number, C: number, B: number): void;
  softmax_xent_loss(loss: number, dz: number, p: number, labels: number, rows: number, C: number, B: number): void;
  count_correct(out: number, labels: number, B: number, C: number): number;
  adam_step(p: number, g: number, m: number, v: number, N: number, lrT: number, beta1: number, beta2: number, eps: number): void;
  dense_update_weights(w: number, x: number, dz: number, B: number, IN: number, OUT: number, from: number, to: number, block: number, adam: number, sparse: number): void;
  dense_update_bias(b: number, dz: number, B: number, OUT: number, block: number, adam: number): void;
  gather_batch(x: number, y: number, idx: number, nnz: number, images: number, labels: number, order: number, start: number, B: number, D: number, scale: number): number;
  sparse_index(idx: number, nnz: number, x: number, B: number, D: number): number;
  png_unfilter(data: number, rows: number, bpl: number, bpp: number): void;
  png_rgba8(out: number, data: number, pixels: number, channels: number): void;
  png_palette8(out: number, data: number, pixels: number, palette: number, colors: number): number;
}

/**
 * Picks the kernels out of `source` (wasm exports or the twins), checking each name and arity against
 * KERNEL_ARITY. `who` names the source in the error ("the wasm module", "the JS twins").
 */
export function bindKernels(source: Record<string, unknown>, who: string): Kernels {
  const kernels: Record<string, unknown> = {};
  for (const [name, arity] of Object.entries(KERNEL_ARITY)) {
    const fn = source[name];
    if (typeof fn !== "function") throw new Error(`${who} has no kernel ${name}: rebuild it (npm run build)`);
    if (fn.length !== arity) throw new Error(`${who}: kernel ${name} takes ${fn.length} arguments, the ABI says ${arity}: rebuild it (npm run build)`);
    kernels[name] = fn;
  }
  return kernels as unknown as Kernels;
}
