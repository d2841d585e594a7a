// Dense (fully connected) layer: forward with bias and ReLU fused, backward for weights, bias and input.
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
 * dw += xᵀ·dz and db += Σ_rows dz. The engine calls it once per layer per batch. It accumulates, so the
 * engine zeroes the whole gradient block once per step (one fill) instead of each kernel zeroing its own.
 */
export function dense_backward_weights(dw: usize, db: usize, x: usize, dz: usize, B: i32, IN: i32, OUT: i32): void {
  const rowIn = <usize>IN << 2;
  const rowOut = <usize>OUT << 2;
  let i = 0;
  for (; i + 4 <= IN; i += 4) {
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
  for (; i < IN; i++) {
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
      storeLanes(wr + c, f32x4.add(v128.load(wr + c), acc), OUT - o);
    }
  }
  for (let o = 0; o < OUT; o += 4) {
    const c = <usize>o << 2;
    let acc = f32x4.splat(0);
    let dp = dz + c;
    for (let r = 0; r < B; r++) {
      acc = f32x4.add(acc, v128.load(dp));
      dp += rowOut;
    }
    storeLanes(db + c, f32x4.add(v128.load(db + c), acc), OUT - o);
  }
}

// Four weight rows (inputs i..i+3) by eight columns, summed over the batch in registers, added to dw once.
// The four inputs of one sample are adjacent in x, so one load and four lane broadcasts serve them.
// @ts-ignore: decorator
@inline function weightGradRows4Cols8(dw: usize, x: usize, dz: usize, B: i32, rowIn: usize, rowOut: usize): void {
  let a00 = f32x4.splat(0), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
  let xp = x, dp = dz;
  for (let r = 0; r < B; r++) {
    const d0 = v128.load(dp), d1 = v128.load(dp, 16);
    const xv = v128.load(xp);
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
  v128.store(dw, f32x4.add(v128.load(dw), a00)); v128.store(dw, f32x4.add(v128.load(dw, 16), a01), 16);
  let p = dw + rowOut;
  v128.store(p, f32x4.add(v128.load(p), a10)); v128.store(p, f32x4.add(v128.load(p, 16), a11), 16);
  p += rowOut;
  v128.store(p, f32x4.add(v128.load(p), a20)); v128.store(p, f32x4.add(v128.load(p, 16), a21), 16);
  p += rowOut;
  v128.store(p, f32x4.add(v128.load(p), a30)); v128.store(p, f32x4.add(v128.load(p, 16), a31), 16);
}

// Four weight rows by one vector of columns, of which `lanes` (1..4) are real.
// @ts-ignore: decorator
@inline function weightGradRows4Cols4(dw: usize, x: usize, dz: usize, B: i32, rowIn: usize, rowOut: usize, lanes: i32): void {
  let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
  let xp = x, dp = dz;
  for (let r = 0; r < B; r++) {
    const d0 = v128.load(dp);
    const xv = v128.load(xp);
    a0 = madd(a0, v128.shuffle<f32>(xv, xv, 0, 0, 0, 0), d0);
    a1 = madd(a1, v128.shuffle<f32>(xv, xv, 1, 1, 1, 1), d0);
    a2 = madd(a2, v128.shuffle<f32>(xv, xv, 2, 2, 2, 2), d0);
    a3 = madd(a3, v128.shuffle<f32>(xv, xv, 3, 3, 3, 3), d0);
    xp += rowIn; dp += rowOut;
  }
  storeLanes(dw, f32x4.add(v128.load(dw), a0), lanes);
  let p = dw + rowOut;
  storeLanes(p, f32x4.add(v128.load(p), a1), lanes);
  p += rowOut;
  storeLanes(p, f32x4.add(v128.load(p), a2), lanes);
  p += rowOut;
  storeLanes(p, f32x4.add(v128.load(p), a3), lanes);
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
