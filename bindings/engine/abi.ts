// The kernel ABI both backends implement: the wasm module's exports, and their plain-TS twins in
// kernels-js.ts. Pointers are byte offsets into the backend's memory; shapes are in assembly/*.ts.

export interface Kernels {
  dense_forward(y: number, x: number, w: number, b: number, B: number, IN: number, OUT: number, relu: number): void;
  dense_backward_weights(dw: number, db: number, x: number, dz: number, B: number, IN: number, OUT: number): void;
  dense_backward_input(dx: number, dz: number, w: number, B: number, IN: number, OUT: number): void;
  relu_backward(dz: number, dy: number, y: number, N: number): void;
  sigmoid_forward(y: number, z: number, N: number): void;
  softmax_forward(y: number, z: number, B: number, C: number): void;
  sigmoid_keras_loss(dz: number, s: number, labels: number, B: number, C: number): number;
  softmax_xent_loss(dz: number, p: number, labels: number, B: number, C: number): number;
  count_correct(out: number, labels: number, B: number, C: number): number;
  adam_step(p: number, g: number, m: number, v: number, N: number, lrT: number, beta1: number, beta2: number, eps: number): void;
  gather_batch(x: number, y: number, images: number, labels: number, order: number, start: number, B: number, D: number, scale: number): void;
  zero_fill(ptr: number, bytes: number): void;
}

export const KERNEL_NAMES: (keyof Kernels)[] = [
  "dense_forward", "dense_backward_weights", "dense_backward_input", "relu_backward", "sigmoid_forward",
  "softmax_forward", "sigmoid_keras_loss", "softmax_xent_loss", "count_correct", "adam_step", "gather_batch", "zero_fill",
];

/** A backend: kernels plus the one memory they work on. The engine owns the layout (bindings/plan.ts). */
export interface Backend {
  readonly name: "wasm" | "js";
  readonly kernels: Kernels;
  /** First byte the plan may use. */
  readonly heapBase: number;
  /** Makes the memory at least `bytes` long and returns it. Growing detaches old views: rebuild them. */
  ensureMemory(bytes: number): ArrayBuffer;
  readonly buffer: ArrayBuffer;
}
