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
  png_adam7: 9,
  rgba_planes: 7,
  plane_affine: 5,
  plane_normalize: 5,
  plane_darkness: 4,
  block_mean: 6,
  square_filter: 9,
  cells_inner: 5,
  bright_depth: 6,
  darkness_grid: 12,
  histogram: 8,
  histogram_rect: 11,
  histogram_steps: 7,
  label_components: 7,
  component_stats: 5,
  group_holes: 10,
  group_patch: 11,
  group_histogram: 10,
  thin_runs: 7,
  projection_sharpness: 9,
  project_points: 9,
  project_paper: 12,
  clear_shade: 9,
  resample_rows: 9,
  resample_cols: 8,
  morph_disc: 6,
  ink_box: 5,
  stroke_width: 4,
  place_by_mass: 5,
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
  png_adam7(image: number, pass: number, w: number, h: number, bpp: number, x0: number, y0: number, dx: number, dy: number): void;
  rgba_planes(luma: number, alpha: number, rgba: number, width: number, height: number, k: number, acc: number): number;
  plane_affine(dst: number, src: number, n: number, a: number, b: number): void;
  plane_normalize(dst: number, src: number, n: number, floor: number, scale: number): void;
  plane_darkness(ink: number, luma: number, n: number, paper: number): void;
  block_mean(mean: number, src: number, w: number, h: number, c: number, acc: number): void;
  square_filter(out: number, src: number, use: number, w: number, h: number, r: number, grow: number, tmp: number, line: number): void;
  cells_inner(use: number, region: number, gw: number, gh: number, which: number): void;
  bright_depth(depth: number, mask: number, grid: number, gw: number, gh: number, level: number): number;
  darkness_grid(ink: number, luma: number, w: number, h: number, c: number, step: number, background: number, edge: number, region: number, noise: number, darkest: number, row: number): void;
  histogram(hist: number, src: number, n: number, step: number, scale: number, bins: number, centre: number, above: number): number;
  histogram_rect(hist: number, src: number, w: number, x0: number, y0: number, x1: number, y1: number, scale: number, bins: number, centre: number, above: number): number;
  histogram_steps(hist: number, src: number, w: number, h: number, ystep: number, scale: number, bins: number): number;
  label_components(labels: number, src: number, w: number, h: number, threshold: number, eight: number, stack: number): number;
  component_stats(stats: number, labels: number, w: number, h: number, count: number): void;
  group_holes(mask: number, stack: number, labels: number, member: number, members: number, w: number, x0: number, y0: number, bw: number, bh: number): number;
  group_patch(patch: number, ink: number, labels: number, member: number, members: number, w: number, h: number, x0: number, y0: number, pw: number, ph: number): void;
  group_histogram(hist: number, ink: number, labels: number, member: number, members: number, w: number, x0: number, y0: number, bw: number, bh: number): number;
  thin_runs(pairs: number, ink: number, w: number, h: number, transposed: number, low: number, thick: number): number;
  projection_sharpness(counts: number, points: number, n: number, stride: number, cos: number, sin: number, offset: number, bin: number, bins: number): number;
  project_points(hits: number, lo: number, hi: number, points: number, n: number, cos: number, sin: number, offset: number, scale: number): void;
  project_paper(chord: number, lo: number, hi: number, paper: number, w: number, h: number, transposed: number, cos: number, sin: number, offset: number, scale: number, mstep: number): void;
  clear_shade(ink: number, luma: number, reference: number, queue: number, w: number, h: number, seed: number, step: number, noise: number): void;
  resample_rows(out: number, src: number, stride: number, rows: number, first: number, count: number, weight: number, span: number, m: number): void;
  resample_cols(out: number, tmp: number, width: number, height: number, first: number, count: number, weight: number, span: number): void;
  morph_disc(out: number, src: number, w: number, h: number, r: number, grow: number): void;
  ink_box(box: number, img: number, w: number, h: number, threshold: number): number;
  stroke_width(img: number, w: number, h: number, threshold: number): number;
  place_by_mass(out: number, img: number, w: number, h: number, side: number): void;
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
