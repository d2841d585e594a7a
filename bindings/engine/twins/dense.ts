// Plain-TypeScript twins of assembly/dense.ts: same names, arguments and memory layout (x [B,IN],
// w [IN,OUT], b [OUT], y and dz [B,OUT], dx [B,IN]; pointers are byte offsets). Arithmetic is f64 rounded
// to f32 on store, so they match the SIMD kernels to rounding, not bit for bit. Written the way a careful
// JS developer would (hoisted offsets, cache-friendly loop order): they are also the benchmark baseline.

import type { MemoryViews } from "../memory.js";

export function denseTwins(heap: MemoryViews) {
  // One f64 accumulator row for dense_forward, reused across calls.
  let scratch = new Float64Array(64);
  const twins = {
    /** y = act(x·w + b); relu != 0 applies ReLU. Overwrites y. */
    dense_forward(y: number, x: number, w: number, b: number, B: number, IN: number, OUT: number, relu: number): void {
      const f32 = heap.f32;
      const X = x >> 2, W = w >> 2, Bi = b >> 2, Y = y >> 2;
      if (scratch.length < OUT) scratch = new Float64Array(OUT);
      const acc = scratch;
      for (let r = 0; r < B; r++) {
        for (let o = 0; o < OUT; o++) acc[o] = f32[Bi + o];
        const xr = X + r * IN;
        for (let i = 0; i < IN; i++) {
          const xv = f32[xr + i];
          if (xv === 0) continue;
          const wr = W + i * OUT;
          for (let o = 0; o < OUT; o++) acc[o] += xv * f32[wr + o];
        }
        const yr = Y + r * OUT;
        for (let o = 0; o < OUT; o++) f32[yr + o] = relu && acc[o] < 0 ? 0 : acc[o];
      }
    },

    /** y = act(x·w + b) over each row's listed nonzero inputs (idx [B, IN] i32, nnz [B] i32). Overwrites y. */
    dense_forward_sparse(y: number, x: number, w: number, b: number, B: number, IN: number, OUT: number, relu: number, idx: number, nnz: number): void {
      const f32 = heap.f32, i32 = heap.i32;
      const X = x >> 2, W = w >> 2, Bi = b >> 2, Y = y >> 2;
      if (scratch.length < OUT) scratch = new Float64Array(OUT);
      const acc = scratch;
      for (let r = 0; r < B; r++) {
        for (let o = 0; o < OUT; o++) acc[o] = f32[Bi + o];
        const list = (idx >> 2) + r * IN, n = i32[(nnz >> 2) + r];
        for (let k = 0; k < n; k++) {
          const i = i32[list + k];
          const xv = f32[X + r * IN + i], wr = W + i * OUT;
          for (let o = 0; o < OUT; o++) acc[o] += xv * f32[wr + o];
        }
        const yr = Y + r * OUT;
        for (let o = 0; o < OUT; o++) f32[yr + o] = relu && acc[o] < 0 ? 0 : acc[o];
      }
    },

    /** dw[from..to) = xᵀ·dz over the whole batch. Overwrites those weight rows. */
    dense_backward_weights(dw: number, x: number, dz: number, B: number, IN: number, OUT: number, from: number, to: number): void {
      const f32 = heap.f32;
      const X = x >> 2, DZ = dz >> 2, DW = dw >> 2;
      f32.fill(0, DW + from * OUT, DW + to * OUT);
      for (let r = 0; r < B; r++) {
        const xr = X + r * IN, dr = DZ + r * OUT;
        for (let i = from; i < to; i++) {
          const xv = f32[xr + i];
          if (xv === 0) continue;
          const wr = DW + i * OUT;
          for (let o = 0; o < OUT; o++) f32[wr + o] += xv * f32[dr + o];
        }
      }
    },

    /** db = Σ_rows dz. Overwrites db. */
    dense_backward_bias(db: number, dz: number, B: number, OUT: number): void {
      const f32 = heap.f32;
      const DZ = dz >> 2, DB = db >> 2;
      f32.fill(0, DB, DB + OUT);
      for (let r = 0; r < B; r++) for (let o = 0; o < OUT; o++) f32[DB + o] += f32[DZ + r * OUT + o];
    },

    /** dx = dz·wᵀ. Overwrites dx. */
    dense_backward_input(dx: number, dz: number, w: number, B: number, IN: number, OUT: number): void {
      const f32 = heap.f32;
      const DX = dx >> 2, DZ = dz >> 2, W = w >> 2;
      for (let r = 0; r < B; r++) {
        const dr = DZ + r * OUT, xr = DX + r * IN;
        for (let i = 0; i < IN; i++) {
          const wr = W + i * OUT;
          let s = 0;
          for (let o = 0; o < OUT; o++) s += f32[dr + o] * f32[wr + o];
          f32[xr + i] = s;
        }
      }
    },
  };
  return twins;
}
