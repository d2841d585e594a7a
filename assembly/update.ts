// Weight updates: a dense layer's gradient and Adam on the same parameters in one pass. The gradient of
// a block of weights is summed over the batch in registers (in row order, exactly as dense_backward_*
// sums it) and goes straight into Adam's update of those weights, never through memory: a benchmark
// showed the gradient block's round trip (its stores missing cache, then Adam reading it back) costing
// more than the arithmetic. The bits are those of dense_backward_* followed by adam_step.
// Shapes as in dense.ts. Parameters, gradients, m and v are four identically ordered blocks `block`
// bytes apart (plan.ts): a weight at p has its m at p + 2·block and its v at p + 3·block. `adam` points
// to four f32: lrT, β1, β2, ε (the engine writes them once per step).

import { madd, storeLanes } from "./simd";

/** Adam on one vector of parameters at p with gradient g: m, v and p updated, `lanes` (1..4) of them stored. */
// @ts-ignore: decorator
@inline function adamVector(p: usize, g: v128, block: usize, lrT: v128, oneMinusB1: v128, oneMinusB2: v128, eps: v128, lanes: i32): void {
  const m0 = v128.load(p + 2 * block);
  const v0 = v128.load(p + 3 * block);
  const m = f32x4.add(m0, f32x4.mul(f32x4.sub(g, m0), oneMinusB1));
  const v = f32x4.add(v0, f32x4.mul(f32x4.sub(f32x4.mul(g, g), v0), oneMinusB2));
  const update = f32x4.div(f32x4.mul(m, lrT), f32x4.add(f32x4.sqrt(v), eps));
  storeLanes(p + 2 * block, m, lanes);
  storeLanes(p + 3 * block, v, lanes);
  storeLanes(p, f32x4.sub(v128.load(p), update), lanes);
}

/**
 * Adam on weight rows from..to of a layer (w [IN, OUT] in the parameter block) with their gradient xᵀ·dz
 * over the batch. Once per layer per batch per thread's range. With `sparse`, samples whose four inputs
 * of a block are all zero are skipped (found once as a bit mask for batches up to 64): the same bits.
 */
export function dense_update_weights(w: usize, x: usize, dz: usize, B: i32, IN: i32, OUT: i32, from: i32, to: i32, block: usize, adam: usize, sparse: i32): void {
  // Adam's constants as vectors: lrT, 1 - β1 and 1 - β2 (taken in f32, as adam_step takes them), ε.
  const lrT = v128.load32_splat(adam), eps = v128.load32_splat(adam, 12);
  const oneMinusB1 = f32x4.splat(1 - load<f32>(adam, 4)), oneMinusB2 = f32x4.splat(1 - load<f32>(adam, 8));
  const rowIn = <usize>IN << 2;
  const rowOut = <usize>OUT << 2;
  let i = from;
  for (; i + 4 <= to; i += 4) {
    const wr = w + <usize>i * rowOut;
    const xc = x + (<usize>i << 2);
    const mask = sparse && B <= 64 ? nonzeroSamples(xc, rowIn, B) : 0;
    let o = 0;
    // Two column blocks per walk over the batch: each sample's four inputs are splatted once for eight
    // accumulators instead of four (the splats, not the multiply-adds, were the busiest port).
    for (; o + 8 <= OUT; o += 8) {
      const c = <usize>o << 2;
      let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
      if (sparse && B <= 64) {
        let m = mask;
        while (m) {
          const r = <usize>ctz(m);
          m &= m - 1;
          const xp = xc + r * rowIn, dp = dz + c + r * rowOut;
          const d = v128.load(dp), e = v128.load(dp, 16);
          const s0 = v128.load32_splat(xp), s1 = v128.load32_splat(xp, 4), s2 = v128.load32_splat(xp, 8), s3 = v128.load32_splat(xp, 12);
          a0 = madd(a0, s0, d); b0 = madd(b0, s0, e);
          a1 = madd(a1, s1, d); b1 = madd(b1, s1, e);
          a2 = madd(a2, s2, d); b2 = madd(b2, s2, e);
          a3 = madd(a3, s3, d); b3 = madd(b3, s3, e);
        }
      } else {
        let xp = xc, dp = dz + c;
        for (let r = 0; r < B; r++) {
          if (!sparse || v128.any_true(v128.load(xp))) {
            const d = v128.load(dp), e = v128.load(dp, 16);
            const s0 = v128.load32_splat(xp), s1 = v128.load32_splat(xp, 4), s2 = v128.load32_splat(xp, 8), s3 = v128.load32_splat(xp, 12);
            a0 = madd(a0, s0, d); b0 = madd(b0, s0, e);
            a1 = madd(a1, s1, d); b1 = madd(b1, s1, e);
            a2 = madd(a2, s2, d); b2 = madd(b2, s2, e);
            a3 = madd(a3, s3, d); b3 = madd(b3, s3, e);
          }
          xp += rowIn; dp += rowOut;
        }
      }
      adamVector(wr + c, a0, block, lrT, oneMinusB1, oneMinusB2, eps, 4);
      adamVector(wr + c + 16, b0, block, lrT, oneMinusB1, oneMinusB2, eps, 4);
      adamVector(wr + rowOut + c, a1, block, lrT, oneMinusB1, oneMinusB2, eps, 4);
      adamVector(wr + rowOut + c + 16, b1, block, lrT, oneMinusB1, oneMinusB2, eps, 4);
      adamVector(wr + 2 * rowOut + c, a2, block, lrT, oneMinusB1, oneMinusB2, eps, 4);
      adamVector(wr + 2 * rowOut + c + 16, b2, block, lrT, oneMinusB1, oneMinusB2, eps, 4);
      adamVector(wr + 3 * rowOut + c, a3, block, lrT, oneMinusB1, oneMinusB2, eps, 4);
      adamVector(wr + 3 * rowOut + c + 16, b3, block, lrT, oneMinusB1, oneMinusB2, eps, 4);
    }
    for (; o < OUT; o += 4) {
      const c = <usize>o << 2;
      const lanes = OUT - o;
      let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
      if (sparse && B <= 64) {
        let m = mask;
        while (m) {
          const r = <usize>ctz(m);
          m &= m - 1;
          const xp = xc + r * rowIn;
          const d = v128.load(dz + c + r * rowOut);
          a0 = madd(a0, v128.load32_splat(xp), d);
          a1 = madd(a1, v128.load32_splat(xp, 4), d);
          a2 = madd(a2, v128.load32_splat(xp, 8), d);
          a3 = madd(a3, v128.load32_splat(xp, 12), d);
        }
      } else {
        let xp = xc, dp = dz + c;
        for (let r = 0; r < B; r++) {
          if (!sparse || v128.any_true(v128.load(xp))) {
            const d = v128.load(dp);
            a0 = madd(a0, v128.load32_splat(xp), d);
            a1 = madd(a1, v128.load32_splat(xp, 4), d);
            a2 = madd(a2, v128.load32_splat(xp, 8), d);
            a3 = madd(a3, v128.load32_splat(xp, 12), d);
          }
          xp += rowIn; dp += rowOut;
        }
      }
      adamVector(wr + c, a0, block, lrT, oneMinusB1, oneMinusB2, eps, lanes);
      adamVector(wr + rowOut + c, a1, block, lrT, oneMinusB1, oneMinusB2, eps, lanes);
      adamVector(wr + 2 * rowOut + c, a2, block, lrT, oneMinusB1, oneMinusB2, eps, lanes);
      adamVector(wr + 3 * rowOut + c, a3, block, lrT, oneMinusB1, oneMinusB2, eps, lanes);
    }
  }
  for (; i < to; i++) {
    const wr = w + <usize>i * rowOut;
    const xc = x + (<usize>i << 2);
    for (let o = 0; o < OUT; o += 4) {
      const c = <usize>o << 2;
      let acc = f32x4.splat(0);
      let xp = xc, dp = dz + c;
      for (let r = 0; r < B; r++) {
        const xv = load<f32>(xp);
        if (!sparse || xv != 0) acc = madd(acc, f32x4.splat(xv), v128.load(dp));
        xp += rowIn; dp += rowOut;
      }
      adamVector(wr + c, acc, block, lrT, oneMinusB1, oneMinusB2, eps, OUT - o);
    }
  }
}

/** Adam on a layer's bias b [OUT] with its gradient Σ_rows dz. Once per layer per batch. */
export function dense_update_bias(b: usize, dz: usize, B: i32, OUT: i32, block: usize, adam: usize): void {
  // Adam's constants as vectors: lrT, 1 - β1 and 1 - β2 (taken in f32, as adam_step takes them), ε.
  const lrT = v128.load32_splat(adam), eps = v128.load32_splat(adam, 12);
  const oneMinusB1 = f32x4.splat(1 - load<f32>(adam, 4)), oneMinusB2 = f32x4.splat(1 - load<f32>(adam, 8));
  const rowOut = <usize>OUT << 2;
  for (let o = 0; o < OUT; o += 4) {
    const c = <usize>o << 2;
    let acc = f32x4.splat(0);
    let dp = dz + c;
    for (let r = 0; r < B; r++) {
      acc = f32x4.add(acc, v128.load(dp));
      dp += rowOut;
    }
    adamVector(b + c, acc, block, lrT, oneMinusB1, oneMinusB2, eps, OUT - o);
  }
}

/** Bit r set when sample r has any nonzero among the four inputs at x (n <= 64 samples). */
// @ts-ignore: decorator
@inline function nonzeroSamples(x: usize, rowIn: usize, n: i32): u64 {
  let mask: u64 = 0;
  let xp = x;
  for (let r = 0; r < n; r++) {
    mask |= <u64>v128.any_true(v128.load(xp)) << <u64>r;
    xp += rowIn;
  }
  return mask;
}
