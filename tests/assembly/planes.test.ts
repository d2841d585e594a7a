// assembly/planes.ts against its twin (bit for bit) and against the definitions written out here: luma over
// white and alpha box-filtered by k (every k with partial edge cells, widths that leave SIMD tails), and the
// point-wise passes (turning around, normalising, darkness against one paper level).

import { test } from "uvu";
import * as assert from "uvu/assert";
import { Rng } from "../../bindings/model/rng.js";
import { allclose, onBoth, sameBits } from "../helpers.js";

/** An RGBA picture: mostly opaque, some translucent and some fully clear pixels. */
function picture(width: number, height: number, seed: number): Uint8Array {
  const rng = new Rng(seed);
  const rgba = new Uint8Array(width * height * 4).map(() => rng.int(256));
  for (let i = 3; i < rgba.length; i += 4) {
    const u = rng.uniform();
    rgba[i] = u < 0.6 ? 255 : u < 0.8 ? 0 : rng.int(256);
  }
  // Every third row opaque, as a photo's are (the kernel adds no transparency for those).
  for (let y = 0; y < height; y += 3) for (let x = 0; x < width; x++) rgba[(y * width + x) * 4 + 3] = 255;
  return rgba;
}

/** The definition: per cell, the mean of (luma x alpha + white x (1 - alpha)) and of alpha, 0..1. */
function planesByDefinition(rgba: Uint8Array, width: number, height: number, k: number): { luma: number[]; alpha: number[]; translucent: number } {
  const luma: number[] = [], alpha: number[] = [];
  let translucent = 0;
  for (let y0 = 0; y0 < height; y0 += k) {
    for (let x0 = 0; x0 < width; x0 += k) {
      let l = 0, a = 0, n = 0;
      for (let y = y0; y < Math.min(height, y0 + k); y++) {
        for (let x = x0; x < Math.min(width, x0 + k); x++) {
          const p = (y * width + x) * 4, alphaOf = rgba[p + 3] / 255;
          l += ((0.299 * rgba[p] + 0.587 * rgba[p + 1] + 0.114 * rgba[p + 2]) / 255) * alphaOf + (1 - alphaOf);
          a += alphaOf;
          n++;
        }
      }
      luma.push(l / n);
      alpha.push(a / n);
    }
  }
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) translucent++;
  return { luma, alpha, translucent };
}

for (const [width, height] of [[1, 1], [7, 5], [13, 9], [33, 17], [64, 3]]) {
  for (const k of [1, 2, 3, 5]) {
    test(`rgba_planes ${width}x${height}, k = ${k}: twin's bits, and the definition`, async () => {
      const rgba = picture(width, height, width * 100 + k);
      const w = Math.ceil(width / k), h = Math.ceil(height / k);
      const { wasm, js } = await onBoth((m, b) => {
        const at = m.u8(rgba), luma = m.f32(w * h), alpha = m.f32(w * h);
        const translucent = b.kernels.rgba_planes(luma, alpha, at, width, height, k, m.bytes(width * 12));
        return { luma: m.read(luma, w * h), alpha: m.read(alpha, w * h), translucent };
      });
      sameBits(wasm.luma, js.luma, "luma");
      sameBits(wasm.alpha, js.alpha, "alpha");
      const expected = planesByDefinition(rgba, width, height, k);
      // Each cell summed in f32, as the recipe does: within a few f32 roundings per pixel of the real value.
      allclose(wasm.luma, expected.luma, 1e-5, 1e-6, "luma");
      allclose(wasm.alpha, expected.alpha, 1e-6, 1e-7, "alpha");
      assert.is(wasm.translucent, expected.translucent);
      assert.is(js.translucent, expected.translucent);
    });
  }
}

test("plane_affine, plane_normalize and plane_darkness: twin's bits and their definitions, over SIMD tails", async () => {
  const rng = new Rng(7);
  for (const n of [1, 3, 4, 5, 11, 64]) {
    const values = Float32Array.from({ length: n }, () => rng.uniform() * 1.2 - 0.1);
    const { wasm, js } = await onBoth((m, b) => {
      const src = m.f32(values), dst = m.f32(n);
      b.kernels.plane_affine(dst, src, n, -1, 1);
      const turned = m.read(dst, n);
      b.kernels.plane_affine(dst, src, n, 0.3, 0.1);
      const affine = m.read(dst, n);
      b.kernels.plane_normalize(dst, src, n, 0.15, 1 / 0.7);
      const normal = m.read(dst, n);
      b.kernels.plane_darkness(dst, src, n, 0.8);
      return { turned, affine, normal, dark: m.read(dst, n) };
    });
    for (const key of ["turned", "affine", "normal", "dark"] as const) sameBits(wasm[key], js[key], `${key}, n = ${n}`);
    const f = Math.fround;
    sameBits(wasm.turned, values.map((v) => f(1 - v)), "1 - v");
    sameBits(wasm.affine, values.map((v) => f(f(v * f(0.3)) + f(0.1))), "0.3 v + 0.1 in f32");
    sameBits(wasm.normal, values.map((v) => Math.min(1, Math.max(0, (v - 0.15) * (1 / 0.7)))), "normalised");
    allclose(wasm.dark, values.map((v) => Math.max(0, (0.8 - v) / 0.8)), 1e-6, 1e-7, "darkness");
    assert.ok(wasm.dark.every((v, i) => (values[i] >= 0.8) === (v === 0)), "no darkness where luma reaches the paper");
  }
});

test.run();
