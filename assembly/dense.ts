// Dense (fully connected) layer: forward with bias and ReLU fused (dense, or reading only the nonzero
// inputs of a sparse batch), backward for weights (by ranges of weight rows), bias and input. Training
// updates weights with update.ts, which sums the same gradients; these store them, for looking and tests.
// Shape legend: B batch rows, IN inputs, OUT outputs. x [B,IN], w [IN,OUT] row-major (the safetensors and
// Keras layout), b [OUT], y and dz [B,OUT], dx [B,IN]. Pointers are byte offsets of f32 arrays.
// Tails: a row whose length is not a multiple of 4 is finished with one whole vector whose extra lanes
// are over-read and then dropped, so every tensor needs 16 readable bytes after its end (the memory plan
// leaves them). Nothing is ever written past a row's end.

import { storeLanes, laneMask, hsum4, hsum, madd } from "./simd";

/** y = act(x·w + b); relu != 0 applies ReLU. Overwrites y. The engine calls it once per layer per batch. */
export function dense_forward(y: usize, x: usize, w: usize, b: usize, B: i32, IN: i32, OUT: i32, relu: i32): void {
  const rowIn = <usize>IN << 2;
  const rowOut = <usize>OUT << 2;
  let r = 0;
  for (; r + 4 <= B; r += 4) {
    const xr = x + <usize>r * rowIn;
    const yr = y + <usize>r * rowOut;
    let o = 0;
    for (; o + 8 <= OUT; o += 8) {
      const c = <usize>o << 2;
      forwardRows4Cols8(yr + c, xr, w + c, b + c, IN, rowIn, rowOut, relu);
    }
    for (; o < OUT; o += 4) {
      const c = <usize>o << 2;
      forwardRows4Cols4(yr + c, xr, w + c, b + c, IN, rowIn, rowOut, relu, OUT - o);
    }
  }
  for (; r < B; r++) {
    const xr = x + <usize>r * rowIn;
    const yr = y + <usize>r * rowOut;
    for (let o = 0; o < OUT; o += 4) {
      const c = <usize>o << 2;
      forwardRows1Cols4(yr + c, xr, w + c, b + c, IN, rowOut, relu, OUT - o);
    }
  }
}

// Four rows by eight columns: eight accumulators stay in registers while the loop walks IN once,
// so every weight vector loaded feeds four rows and every broadcast input feeds two vectors.
// @ts-ignore: decorator
@inline function forwardRows4Cols8(y: usize, x: usize, w: usize, b: usize, IN: i32, rowIn: usize, rowOut: usize, relu: i32): void {
  const b0 = v128.load(b), b1 = v128.load(b, 16);
  let a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1;
  let xp = x, wp = w;
  const xEnd = x + (<usize>IN << 2);
  while (xp < xEnd) {
    const w0 = v128.load(wp), w1 = v128.load(wp, 16);
    let s = v128.load32_splat(xp);
    a00 = madd(a00, s, w0); a01 = madd(a01, s, w1);
    s = v128.load32_splat(xp + rowIn);
    a10 = madd(a10, s, w0); a11 = madd(a11, s, w1);
    s = v128.load32_splat(xp + rowIn * 2);
    a20 = madd(a20, s, w0); a21 = madd(a21, s, w1);
    s = v128.load32_splat(xp + rowIn * 3);
    a30 = madd(a30, s, w0); a31 = madd(a31, s, w1);
    xp += 4; wp += rowOut;
  }
  if (relu) {
    const z = f32x4.splat(0);
    a00 = f32x4.max(a00, z); a01 = f32x4.max(a01, z); a10 = f32x4.max(a10, z); a11 = f32x4.max(a11, z);
    a20 = f32x4.max(a20, z); a21 = f32x4.max(a21, z); a30 = f32x4.max(a30, z); a31 = f32x4.max(a31, z);
  }
  v128.store(y, a00); v128.store(y, a01, 16);
  v128.store(y + rowOut, a10); v128.store(y + rowOut, a11, 16);
  v128.store(y + rowOut * 2, a20); v128.store(y + rowOut * 2, a21, 16);
  v128.store(y + rowOut * 3, a30); v128.store(y + rowOut * 3, a31, 16);
}

// Four rows by one vector of columns, of which `lanes` (1..4) are real.
// @ts-ignore: decorator
@inline function forwardRows4Cols4(y: usize, x: usize, w: usize, b: usize, IN: i32, rowIn: usize, rowOut: usize, relu: i32, lanes: i32): void {
  const b0 = v128.load(b);
  let a0 = b0, a1 = b0, a2 = b0, a3 = b0;
  let xp = x, wp = w;
  const xEnd = x + (<usize>IN << 2);
  while (xp < xEnd) {
    const w0 = v128.load(wp);
    a0 = madd(a0, v128.load32_splat(xp), w0);
    a1 = madd(a1, v128.load32_splat(xp + rowIn), w0);
    a2 = madd(a2, v128.load32_splat(xp + rowIn * 2), w0);
    a3 = madd(a3, v128.load32_splat(xp + rowIn * 3), w0);
    xp += 4; wp += rowOut;
  }
  if (relu) {
    const z = f32x4.splat(0);
    a0 = f32x4.max(a0, z); a1 = f32x4.max(a1, z); a2 = f32x4.max(a2, z); a3 = f32x4.max(a3, z);
  }
  storeLanes(y, a0, lanes); storeLanes(y + rowOut, a1, lanes);
  storeLanes(y + rowOut * 2, a2, lanes); storeLanes(y + rowOut * 3, a3, lanes);
}

// One row by one vector of columns: the leftover rows when B is not a multiple of 4.
// @ts-ignore: decorator
@inline function forwardRows1Cols4(y: usize, x: usize, w: usize, b: usize, IN: i32, rowOut: usize, relu: i32, lanes: i32): void {
  let a0 = v128.load(b);
  let xp = x, wp = w;
  const xEnd = x + (<usize>IN << 2);
  while (xp < xEnd) {
    a0 = madd(a0, v128.load32_splat(xp), v128.load(wp));
    xp += 4; wp += rowOut;
  }
  if (relu) a0 = f32x4.max(a0, f32x4.splat(0));
  storeLanes(y, a0, lanes);
}

/**
 * dw[from..to) = xᵀ·dz for weight rows (inputs) from..to, summed over the whole batch. Overwrites: each
 * weight row is written by exactly one call per step (a thread owns a range of rows), so there is
 * nothing to accumulate into and no gradient block to zero. The sum over the batch runs in row order
 * whatever the range, so any split of the rows gives the same bits. Once per layer per batch per range.
 */
export function dense_backward_weights(dw: usize, x: usize, dz: usize, B: i32, IN: i32, OUT: i32, from: i32, to: i32): void {
  weightRows(dw, x, dz, B, IN, OUT, from, to);
}

// @ts-ignore: decorator
@inline function weightRows(dw: usize, x: usize, dz: usize, B: i32, IN: i32, OUT: i32, from: i32, to: i32): void {
  const rowIn = <usize>IN << 2;
  const rowOut = <usize>OUT << 2;
  let i = from;
  for (; i + 4 <= to; i += 4) {
    const wr = dw + <usize>i * rowOut;
    const xc = x + (<usize>i << 2);
    let o = 0;
    for (; o + 8 <= OUT; o += 8) {
      const c = <usize>o << 2;
      weightGradRows4Cols8(wr + c, xc, dz + c, B, rowIn, rowOut);
    }
    for (; o < OUT; o += 4) {
      const c = <usize>o << 2;
      weightGradRows4Cols4(wr + c, xc, dz + c, B, rowIn, rowOut, OUT - o);
    }
  }
  for (; i < to; i++) {
    const wr = dw + <usize>i * rowOut;
    const xc = x + (<usize>i << 2);
    for (let o = 0; o < OUT; o += 4) {
      const c = <usize>o << 2;
      let acc = f32x4.splat(0);
      let xp = xc, dp = dz + c;
      for (let r = 0; r < B; r++) {
        acc = madd(acc, v128.load32_splat(xp), v128.load(dp));
        xp += rowIn; dp += rowOut;
      }
      storeLanes(wr + c, acc, OUT - o);
    }
  }
}

// @ts-ignore: decorator
@inline function storeRows4Cols8(dw: usize, rowOut: usize, a00: v128, a01: v128, a10: v128, a11: v128, a20: v128, a21: v128, a30: v128, a31: v128): void {
  v128.store(dw, a00); v128.store(dw, a01, 16);
  let p = dw + rowOut;
  v128.store(p, a10); v128.store(p, a11, 16);
  p += rowOut;
  v128.store(p, a20); v128.store(p, a21, 16);
  p += rowOut;
  v128.store(p, a30); v128.store(p, a31, 16);
}

/** db = Σ_rows dz, over the whole batch in row order. Overwrites db. Once per layer per batch. */
export function dense_backward_bias(db: usize, dz: usize, B: i32, OUT: i32): void {
  const rowOut = <usize>OUT << 2;
  for (let o = 0; o < OUT; o += 4) {
    const c = <usize>o << 2;
    let acc = f32x4.splat(0);
    let dp = dz + c;
    for (let r = 0; r < B; r++) {
      acc = f32x4.add(acc, v128.load(dp));
      dp += rowOut;
    }
    storeLanes(db + c, acc, OUT - o);
  }
}

// Four weight rows (inputs i..i+3) by eight columns, summed over the batch in registers, stored once.
// The four inputs of one sample are adjacent in x, so one load and four lane broadcasts serve them.
// @ts-ignore: decorator
@inline function weightGradRows4Cols8(dw: usize, x: usize, dz: usize, B: i32, rowIn: usize, rowOut: usize): void {
  let a00 = f32x4.splat(0), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
  let xp = x, dp = dz;
  for (let r = 0; r < B; r++) {
    const xv = v128.load(xp);
    const d0 = v128.load(dp), d1 = v128.load(dp, 16);
    let s = v128.shuffle<f32>(xv, xv, 0, 0, 0, 0);
    a00 = madd(a00, s, d0); a01 = madd(a01, s, d1);
    s = v128.shuffle<f32>(xv, xv, 1, 1, 1, 1);
    a10 = madd(a10, s, d0); a11 = madd(a11, s, d1);
    s = v128.shuffle<f32>(xv, xv, 2, 2, 2, 2);
    a20 = madd(a20, s, d0); a21 = madd(a21, s, d1);
    s = v128.shuffle<f32>(xv, xv, 3, 3, 3, 3);
    a30 = madd(a30, s, d0); a31 = madd(a31, s, d1);
    xp += rowIn; dp += rowOut;
  }
  storeRows4Cols8(dw, rowOut, a00, a01, a10, a11, a20, a21, a30, a31);
}

// Four weight rows by one vector of columns, of which `lanes` (1..4) are real.
// @ts-ignore: decorator
@inline function weightGradRows4Cols4(dw: usize, x: usize, dz: usize, B: i32, rowIn: usize, rowOut: usize, lanes: i32): void {
  let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
  let xp = x, dp = dz;
  for (let r = 0; r < B; r++) {
    const xv = v128.load(xp);
    const d0 = v128.load(dp);
    a0 = madd(a0, v128.shuffle<f32>(xv, xv, 0, 0, 0, 0), d0);
    a1 = madd(a1, v128.shuffle<f32>(xv, xv, 1, 1, 1, 1), d0);
    a2 = madd(a2, v128.shuffle<f32>(xv, xv, 2, 2, 2, 2), d0);
    a3 = madd(a3, v128.shuffle<f32>(xv, xv, 3, 3, 3, 3), d0);
    xp += rowIn; dp += rowOut;
  }
  storeLanes(dw, a0, lanes);
  let p = dw + rowOut;
  storeLanes(p, a1, lanes);
  p += rowOut;
  storeLanes(p, a2, lanes);
  p += rowOut;
  storeLanes(p, a3, lanes);
}

/**
 * y = act(x·w + b) reading only the nonzero inputs of each row, listed by sparse_index: idx [B, IN] i32
 * (row r's first nnz[r] entries, ascending), nnz [B] i32. The inputs are summed in the order
 * dense_forward sums them, skipping exact zeros, so both give identical bits (a bias is never -0).
 * Overwrites y. Once per batch, first layer, when the batch is sparse.
 */
export function dense_forward_sparse(y: usize, x: usize, w: usize, b: usize, B: i32, IN: i32, OUT: i32, relu: i32, idx: usize, nnz: usize): void {
  const rowIn = <usize>IN << 2;
  const rowOut = <usize>OUT << 2;
  for (let r = 0; r < B; r++) {
    const xr = x + <usize>r * rowIn;
    const ir = idx + <usize>r * rowIn;
    const yr = y + <usize>r * rowOut;
    const n = load<i32>(nnz + (<usize>r << 2));
    let o = 0;
    // As few walks over the row's nonzero inputs as the registers allow: 28 columns per walk, then the
    // rest, when 21-24 columns, in one walk of six vectors (for 50 outputs: two walks instead of four).
    for (; o + 28 <= OUT; o += 28) {
      const c = <usize>o << 2;
      sparseRowCols28(yr + c, xr, ir, n, w + c, b + c, rowOut, relu);
    }
    if (OUT - o > 20 && OUT - o <= 24) {
      const c = <usize>o << 2;
      sparseRowCols24(yr + c, xr, ir, n, w + c, b + c, rowOut, relu, OUT - o - 20);
      o = OUT;
    }
    for (; o + 16 <= OUT; o += 16) {
      const c = <usize>o << 2;
      sparseRowCols16(yr + c, xr, ir, n, w + c, b + c, rowOut, relu);
    }
    for (; o < OUT; o += 4) {
      const c = <usize>o << 2;
      let a = v128.load(b + c);
      for (let k = 0; k < n; k++) {
        const i = <usize>load<i32>(ir + (<usize>k << 2));
        a = madd(a, v128.load32_splat(xr + (i << 2)), v128.load(w + c + i * rowOut));
      }
      if (relu) a = f32x4.max(a, f32x4.splat(0));
      storeLanes(yr + c, a, OUT - o);
    }
  }
}

// One row by 28 columns: seven accumulators walk the row's nonzero inputs once.
// @ts-ignore: decorator
@inline function sparseRowCols28(y: usize, x: usize, idx: usize, n: i32, w: usize, b: usize, rowOut: usize, relu: i32): void {
  let a0 = v128.load(b), a1 = v128.load(b, 16), a2 = v128.load(b, 32), a3 = v128.load(b, 48);
  let a4 = v128.load(b, 64), a5 = v128.load(b, 80), a6 = v128.load(b, 96);
  for (let k = 0; k < n; k++) {
    const i = <usize>load<i32>(idx + (<usize>k << 2));
    const s = v128.load32_splat(x + (i << 2));
    const wp = w + i * rowOut;
    a0 = madd(a0, s, v128.load(wp)); a1 = madd(a1, s, v128.load(wp, 16));
    a2 = madd(a2, s, v128.load(wp, 32)); a3 = madd(a3, s, v128.load(wp, 48));
    a4 = madd(a4, s, v128.load(wp, 64)); a5 = madd(a5, s, v128.load(wp, 80));
    a6 = madd(a6, s, v128.load(wp, 96));
  }
  if (relu) {
    const z = f32x4.splat(0);
    a0 = f32x4.max(a0, z); a1 = f32x4.max(a1, z); a2 = f32x4.max(a2, z); a3 = f32x4.max(a3, z);
    a4 = f32x4.max(a4, z); a5 = f32x4.max(a5, z); a6 = f32x4.max(a6, z);
  }
  v128.store(y, a0); v128.store(y, a1, 16); v128.store(y, a2, 32); v128.store(y, a3, 48);
  v128.store(y, a4, 64); v128.store(y, a5, 80); v128.store(y, a6, 96);
}

// One row by 21-24 columns: six accumulators, the last holding `lanes` (1..4) real columns. Like the
// four-column tail, its loads read up to three floats past the row; they are never stored.
// @ts-ignore: decorator
@inline function sparseRowCols24(y: usize, x: usize, idx: usize, n: i32, w: usize, b: usize, rowOut: usize, relu: i32, lanes: i32): void {
  let a0 = v128.load(b), a1 = v128.load(b, 16), a2 = v128.load(b, 32), a3 = v128.load(b, 48);
  let a4 = v128.load(b, 64), a5 = v128.load(b, 80);
  for (let k = 0; k < n; k++) {
    const i = <usize>load<i32>(idx + (<usize>k << 2));
    const s = v128.load32_splat(x + (i << 2));
    const wp = w + i * rowOut;
    a0 = madd(a0, s, v128.load(wp)); a1 = madd(a1, s, v128.load(wp, 16));
    a2 = madd(a2, s, v128.load(wp, 32)); a3 = madd(a3, s, v128.load(wp, 48));
    a4 = madd(a4, s, v128.load(wp, 64)); a5 = madd(a5, s, v128.load(wp, 80));
  }
  if (relu) {
    const z = f32x4.splat(0);
    a0 = f32x4.max(a0, z); a1 = f32x4.max(a1, z); a2 = f32x4.max(a2, z); a3 = f32x4.max(a3, z);
    a4 = f32x4.max(a4, z); a5 = f32x4.max(a5, z);
  }
  v128.store(y, a0); v128.store(y, a1, 16); v128.store(y, a2, 32); v128.store(y, a3, 48);
  v128.store(y, a4, 64); storeLanes(y + 80, a5, lanes);
}

// One row by sixteen columns: four accumulators walk the row's nonzero inputs once.
// @ts-ignore: decorator
@inline function sparseRowCols16(y: usize, x: usize, idx: usize, n: i32, w: usize, b: usize, rowOut: usize, relu: i32): void {
  let a0 = v128.load(b), a1 = v128.load(b, 16), a2 = v128.load(b, 32), a3 = v128.load(b, 48);
  for (let k = 0; k < n; k++) {
    const i = <usize>load<i32>(idx + (<usize>k << 2));
    const s = v128.load32_splat(x + (i << 2));
    const wp = w + i * rowOut;
    a0 = madd(a0, s, v128.load(wp)); a1 = madd(a1, s, v128.load(wp, 16));
    a2 = madd(a2, s, v128.load(wp, 32)); a3 = madd(a3, s, v128.load(wp, 48));
  }
  if (relu) {
    const z = f32x4.splat(0);
    a0 = f32x4.max(a0, z); a1 = f32x4.max(a1, z); a2 = f32x4.max(a2, z); a3 = f32x4.max(a3, z);
  }
  v128.store(y, a0); v128.store(y, a1, 16); v128.store(y, a2, 32); v128.store(y, a3, 48);
}

/**
 * dx = dz·wᵀ. Overwrites dx: an input gradient is consumed once, by the layer below, so accumulating
 * would only cost a fill. The engine calls it once per hidden layer per batch (never for the first layer).
 */
export function dense_backward_input(dx: usize, dz: usize, w: usize, B: i32, IN: i32, OUT: i32): void {
  const rowIn = <usize>IN << 2;
  const rowOut = <usize>OUT << 2;
  const fullOut = OUT & ~3;
  const tail = laneMask(OUT - fullOut);
  for (let r = 0; r < B; r++) {
    const dzr = dz + <usize>r * rowOut;
    const dxr = dx + <usize>r * rowIn;
    let i = 0;
    for (; i + 4 <= IN; i += 4) {
      const w0 = w + <usize>i * rowOut;
      const w1 = w0 + rowOut, w2 = w1 + rowOut, w3 = w2 + rowOut;
      let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
      let o = 0;
      for (; o < fullOut; o += 4) {
        const c = <usize>o << 2;
        const d = v128.load(dzr + c);
        a0 = madd(a0, d, v128.load(w0 + c)); a1 = madd(a1, d, v128.load(w1 + c));
        a2 = madd(a2, d, v128.load(w2 + c)); a3 = madd(a3, d, v128.load(w3 + c));
      }
      if (o < OUT) {
        // Over-read lanes may hold anything (even NaN): mask the products, not just the inputs.
        const c = <usize>o << 2;
        const d = v128.load(dzr + c);
        a0 = f32x4.add(a0, v128.and(f32x4.mul(d, v128.load(w0 + c)), tail));
        a1 = f32x4.add(a1, v128.and(f32x4.mul(d, v128.load(w1 + c)), tail));
        a2 = f32x4.add(a2, v128.and(f32x4.mul(d, v128.load(w2 + c)), tail));
        a3 = f32x4.add(a3, v128.and(f32x4.mul(d, v128.load(w3 + c)), tail));
      }
      v128.store(dxr + (<usize>i << 2), hsum4(a0, a1, a2, a3));
    }
    for (; i < IN; i++) {
      const wi = w + <usize>i * rowOut;
      let a0 = f32x4.splat(0);
      let o = 0;
      for (; o < fullOut; o += 4) {
        const c = <usize>o << 2;
        a0 = madd(a0, v128.load(dzr + c), v128.load(wi + c));
      }
      if (o < OUT) {
        const c = <usize>o << 2;
        a0 = f32x4.add(a0, v128.and(f32x4.mul(v128.load(dzr + c), v128.load(wi + c)), tail));
      }
      store<f32>(dxr + (<usize>i << 2), hsum(a0));
    }
  }
}
