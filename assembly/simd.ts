// Inline SIMD helpers shared by the kernels. No exports cross the boundary from here.
// Lane-partial stores let a kernel compute a whole f32x4 at a row's tail and write back only the valid lanes.

/** Stores the first `lanes` (1..4) f32 lanes of `v` at `ptr`. */
// @ts-ignore: decorator
@inline export function storeLanes(ptr: usize, v: v128, lanes: i32): void {
  if (lanes >= 4) { v128.store(ptr, v); return; }
  v128.store32_lane(ptr, v, 0);
  if (lanes > 1) v128.store32_lane(ptr, v, 1, 4);
  if (lanes > 2) v128.store32_lane(ptr, v, 2, 8);
}

/** A mask with all bits set in lanes below `lanes` (0..4), zero above: keeps over-read garbage out of sums. */
// @ts-ignore: decorator
@inline export function laneMask(lanes: i32): v128 {
  return i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(lanes));
}

/** Horizontal sums of four vectors, returned as one vector [Σa, Σb, Σc, Σd]. */
// @ts-ignore: decorator
@inline export function hsum4(a: v128, b: v128, c: v128, d: v128): v128 {
  const ab = f32x4.add(v128.shuffle<f32>(a, b, 0, 4, 1, 5), v128.shuffle<f32>(a, b, 2, 6, 3, 7));
  const cd = f32x4.add(v128.shuffle<f32>(c, d, 0, 4, 1, 5), v128.shuffle<f32>(c, d, 2, 6, 3, 7));
  return f32x4.add(v128.shuffle<f32>(ab, cd, 0, 1, 4, 5), v128.shuffle<f32>(ab, cd, 2, 3, 6, 7));
}

/** Sum of the four lanes of `v`, in the same pairing order as hsum4 so both give identical bits. */
// @ts-ignore: decorator
@inline export function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 2)) + (f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 3));
}

/** f32x4 multiply-add without fusion (no relaxed SIMD: every engine must give the same bits). */
// @ts-ignore: decorator
@inline export function madd(acc: v128, a: v128, b: v128): v128 {
  return f32x4.add(acc, f32x4.mul(a, b));
}
