// Plain-TypeScript twins of every wasm kernel: same names, same signatures, same memory layout. They are
// the test oracle, the benchmark baseline and the fallback when WebAssembly SIMD is missing, so they are
// written the way a careful JS developer would (hoisted offsets, cache-friendly loop order), not slowed down.
// Arithmetic is f64 rounded to f32 on store, so results match the SIMD kernels to rounding, not bit for bit.

import type { Backend, Kernels } from "./abi.js";

const EPS = Math.fround(1e-7);

export function createJsBackend(initialBytes = 1 << 16): Backend {
  let buffer = new ArrayBuffer(initialBytes);
  let f32 = new Float32Array(buffer);
  let i32 = new Int32Array(buffer);
  let u8 = new Uint8Array(buffer);
  // One f64 accumulator row for dense_forward, reused across calls.
  let scratch = new Float64Array(64);

  const kernels: Kernels = {
    dense_forward(y, x, w, b, B, IN, OUT, relu) {
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
    dense_backward_weights(dw, db, x, dz, B, IN, OUT) {
      const X = x >> 2, DZ = dz >> 2, DW = dw >> 2, DB = db >> 2;
      for (let r = 0; r < B; r++) {
        const xr = X + r * IN, dr = DZ + r * OUT;
        for (let i = 0; i < IN; i++) {
          const xv = f32[xr + i];
          if (xv === 0) continue;
          const wr = DW + i * OUT;
          for (let o = 0; o < OUT; o++) f32[wr + o] += xv * f32[dr + o];
        }
        for (let o = 0; o < OUT; o++) f32[DB + o] += f32[dr + o];
      }
    },
    dense_backward_input(dx, dz, w, B, IN, OUT) {
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
    relu_backward(dz, dy, y, N) {
      const DZ = dz >> 2, DY = dy >> 2, Y = y >> 2;
      for (let k = 0; k < N; k++) f32[DZ + k] = f32[Y + k] > 0 ? f32[DY + k] : 0;
    },
    sigmoid_forward(y, z, N) {
      const Y = y >> 2, Z = z >> 2;
      for (let k = 0; k < N; k++) f32[Y + k] = 1 / (1 + Math.exp(-f32[Z + k]));
    },
    softmax_forward(y, z, B, C) {
      for (let r = 0; r < B; r++) {
        const zr = (z >> 2) + r * C, yr = (y >> 2) + r * C;
        let m = f32[zr];
        for (let c = 1; c < C; c++) m = Math.max(m, f32[zr + c]);
        let s = 0;
        for (let c = 0; c < C; c++) s += Math.exp(f32[zr + c] - m);
        for (let c = 0; c < C; c++) f32[yr + c] = Math.exp(f32[zr + c] - m) / s;
      }
    },
    sigmoid_keras_loss(dz, s, labels, B, C) {
      let total = 0;
      for (let r = 0; r < B; r++) {
        const sr = (s >> 2) + r * C, dr = (dz >> 2) + r * C;
        const y = i32[(labels >> 2) + r];
        let sum = 0;
        for (let c = 0; c < C; c++) sum += f32[sr + c];
        const sy = f32[sr + y];
        const p = sy / sum;
        const inside = p >= EPS && p <= 1 - EPS;
        total += -Math.log(inside ? p : p > 1 - EPS ? 1 - EPS : EPS);
        const invSum = inside ? 1 / sum : 0;
        for (let c = 0; c < C; c++) {
          const sk = f32[sr + c];
          const g = invSum - (c === y && inside ? 1 / sy : 0);
          f32[dr + c] = (g * sk * (1 - sk)) / B;
        }
      }
      return total;
    },
    softmax_xent_loss(dz, p, labels, B, C) {
      let total = 0;
      for (let r = 0; r < B; r++) {
        const pr = (p >> 2) + r * C, dr = (dz >> 2) + r * C;
        const y = i32[(labels >> 2) + r];
        total += -Math.log(Math.max(f32[pr + y], EPS));
        for (let c = 0; c < C; c++) f32[dr + c] = (f32[pr + c] - (c === y ? 1 : 0)) / B;
      }
      return total;
    },
    count_correct(out, labels, B, C) {
      let correct = 0;
      for (let r = 0; r < B; r++) {
        const o = (out >> 2) + r * C;
        let best = 0;
        for (let c = 1; c < C; c++) if (f32[o + c] > f32[o + best]) best = c;
        if (best === i32[(labels >> 2) + r]) correct++;
      }
      return correct;
    },
    adam_step(p, g, m, v, N, lrT, beta1, beta2, eps) {
      const P = p >> 2, G = g >> 2, M = m >> 2, V = v >> 2;
      const a = 1 - beta1, c = 1 - beta2;
      for (let k = 0; k < N; k++) {
        const gk = f32[G + k];
        const mk = (f32[M + k] += (gk - f32[M + k]) * a);
        const vk = (f32[V + k] += (gk * gk - f32[V + k]) * c);
        f32[P + k] -= (mk * lrT) / (Math.sqrt(vk) + eps);
      }
    },
    gather_batch(x, y, images, labels, order, start, B, D, scale) {
      const X = x >> 2;
      // The kernel multiplies in f32; a u8 times an f32 is exact in f64, so one rounding gives the same bits.
      const s = Math.fround(scale);
      for (let r = 0; r < B; r++) {
        const n = i32[(order >> 2) + start + r];
        const src = images + n * D, dst = X + r * D;
        for (let d = 0; d < D; d++) f32[dst + d] = u8[src + d] * s;
        i32[(y >> 2) + r] = u8[labels + n];
      }
    },
    zero_fill(ptr, bytes) {
      u8.fill(0, ptr, ptr + bytes);
    },
  };

  return {
    name: "js",
    kernels,
    heapBase: 16,
    get buffer() { return buffer; },
    ensureMemory(bytes) {
      if (bytes > buffer.byteLength) {
        const grown = new ArrayBuffer(Math.ceil(bytes / 65536) * 65536);
        new Uint8Array(grown).set(u8);
        buffer = grown;
        f32 = new Float32Array(buffer);
        i32 = new Int32Array(buffer);
        u8 = new Uint8Array(buffer);
      }
      return buffer;
    },
  };
}
