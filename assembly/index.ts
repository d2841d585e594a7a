// The one list of the module's exports: the wasm ABI, in snake_case. Numbers in, numbers out; every
// pointer is a byte offset into this module's memory, planned by bindings/plan.ts.

export { dense_forward, dense_forward_sparse, dense_backward_weights, dense_backward_bias, dense_backward_input } from "./dense";
export { relu_backward, sigmoid_forward, softmax_forward } from "./activations";
export { sigmoid_keras_loss, softmax_xent_loss, count_correct } from "./loss";
export { adam_step } from "./adam";
export { dense_update_weights, dense_update_bias } from "./update";
export { gather_batch, sparse_index } from "./batch";
export { png_unfilter, png_rgba8, png_palette8, png_adam7 } from "./png";
export { rgba_planes, plane_affine, plane_normalize, plane_darkness } from "./planes";
export { block_mean, square_filter, cells_inner, bright_depth } from "./filters";
export { darkness_grid } from "./darkness";
export { histogram, histogram_rect, histogram_steps } from "./histogram";
export { label_components, component_stats, group_holes, group_patch, group_histogram } from "./components";
export { thin_runs, projection_sharpness, project_points, project_paper } from "./project";
export { clear_shade } from "./shade";
export { resample_rows, resample_cols } from "./resample";
export { morph_disc } from "./morph";
export { ink_box, stroke_width, place_by_mass } from "./place";
export { peak_madd } from "./peak";

/** First byte free for the memory plan (after the module's static data). Called once at instantiation. */
export function heap_base(): usize {
  return (__heap_base + 15) & ~15;
}
