// Seeded augmentation of a training batch, in place: a small random affine warp (shift, rotation, scale,
// shear) and a stroke-width change per image, so a model holds up on digits drawn by other hands, pens
// and fonts. Images stay in MNIST's frame (ink bright, ~20 px box, centred by mass). Only +, -, *, / and
// floor are used (sin/cos by series): the same seed gives the same bits in every JavaScript engine.

import { AUGMENT_DRAWS } from "../engine/plan.js";
import type { Rng } from "./rng.js";

export interface AugmentOptions {
  /** Largest shift, pixels, each axis. */
  shift: number;
  /** Largest rotation, degrees, either way. */
  rotate: number;
  /** Largest relative scale change, e.g. 0.1 for 90%..110%, each axis on its own (aspect changes too). */
  scale: number;
  /** Largest horizontal shear (x += shear * y). */
  shear: number;
  /** Largest stroke change: a blend toward the 3x3 max (bolder) or min (thinner) of up to this much. */
  stroke: number;
}

export const DEFAULT_AUGMENT: AugmentOptions = { shift: 2, rotate: 12, scale: 0.1, shear: 0.2, stroke: 0.6 };

/** sin and cos for |a| <= 0.5 rad by their Taylor series (error < 2e-7). */
function sinCos(a: number): [number, number] {
  const a2 = a * a;
  const sin = a * (1 - (a2 / 6) * (1 - (a2 / 20) * (1 - a2 / 42)));
  const cos = 1 - (a2 / 2) * (1 - (a2 / 12) * (1 - (a2 / 30) * (1 - a2 / 56)));
  return [sin, cos];
}

/**
 * Warps one image (side x side, values 0..1) from `src` into `dst` with the inverse of
 * p' = c + A (p - c) + t, where A = rotation * shear * scale and c is the image centre.
 * Bilinear sampling; outside the source is 0.
 */
export function warp(dst: Float32Array, src: Float32Array, side: number, angle: number, sx: number, sy: number, shear: number, tx: number, ty: number): void {
  const [s, c] = sinCos(angle);
  // A = R * H * S with R rotation, H = [[1, shear], [0, 1]], S = diag(sx, sy).
  const a = c * sx, b = (c * shear - s) * sy, d = s * sx, e = (s * shear + c) * sy;
  const det = a * e - b * d;
  const ia = e / det, ib = -b / det, id = -d / det, ie = a / det;
  const centre = side / 2;
  for (let y = 0; y < side; y++) {
    const py = y + 0.5 - centre - ty;
    for (let x = 0; x < side; x++) {
      const px = x + 0.5 - centre - tx;
      // Source position in pixel-index coordinates (pixel centres at integers).
      const fx = centre + ia * px + ib * py - 0.5, fy = centre + id * px + ie * py - 0.5;
      const x0 = Math.floor(fx), y0 = Math.floor(fy);
      let v = 0;
      if (x0 >= -1 && y0 >= -1 && x0 < side && y0 < side) {
        const wx = fx - x0, wy = fy - y0;
        const inX0 = x0 >= 0, inX1 = x0 + 1 < side, inY0 = y0 >= 0, inY1 = y0 + 1 < side;
        const row0 = y0 * side, row1 = row0 + side;
        const v00 = inX0 && inY0 ? src[row0 + x0] : 0, v10 = inX1 && inY0 ? src[row0 + x0 + 1] : 0;
        const v01 = inX0 && inY1 ? src[row1 + x0] : 0, v11 = inX1 && inY1 ? src[row1 + x0 + 1] : 0;
        v = (v00 * (1 - wx) + v10 * wx) * (1 - wy) + (v01 * (1 - wx) + v11 * wx) * wy;
      }
      dst[y * side + x] = v;
    }
  }
}

/** Blends each pixel toward its 3x3 maximum (amount > 0, bolder) or minimum (amount < 0, thinner); outside is 0. */
export function stroke(dst: Float32Array, src: Float32Array, side: number, amount: number): void {
  const grow = amount > 0, k = Math.abs(amount);
  for (let y = 0; y < side; y++) {
    const yLo = y > 0 ? y - 1 : 0, yHi = y < side - 1 ? y + 1 : side - 1;
    const edgeY = y === 0 || y === side - 1;
    for (let x = 0; x < side; x++) {
      const xLo = x > 0 ? x - 1 : 0, xHi = x < side - 1 ? x + 1 : side - 1;
      let m = src[y * side + x];
      for (let yy = yLo; yy <= yHi; yy++) {
        for (let xx = xLo; xx <= xHi; xx++) {
          const v = src[yy * side + xx];
          if (grow ? v > m : v < m) m = v;
        }
      }
      // The 0 beyond the edge counts for the minimum.
      if (!grow && (edgeY || x === 0 || x === side - 1)) m = 0;
      const v = src[y * side + x];
      dst[y * side + x] = v + k * (m - v);
    }
  }
}

/**
 * Draws the augmentation of `rows` images, in order, into params [rows, AUGMENT_DRAWS]: the rotation
 * (radians), the two scales, the shear, the two shifts and the stroke change. One thread draws for the
 * whole batch, so the stream (and so the bits) never depends on how many threads then apply them.
 */
export function drawAugment(rng: Rng, rows: number, params: Float64Array, options: AugmentOptions = DEFAULT_AUGMENT): void {
  const between = (limit: number) => (rng.uniform() * 2 - 1) * limit;
  for (let r = 0; r < rows; r++) {
    const p = r * AUGMENT_DRAWS;
    params[p] = (between(options.rotate) * Math.PI) / 180;
    params[p + 1] = 1 + between(options.scale);
    params[p + 2] = 1 + between(options.scale);
    params[p + 3] = between(options.shear);
    params[p + 4] = between(options.shift);
    params[p + 5] = between(options.shift);
    params[p + 6] = between(options.stroke);
  }
}

/** Scratch for one image, per thread: augmenting never allocates per batch. */
export interface AugmentScratch { copy: Float32Array; warped: Float32Array }

export function augmentScratch(side = 28): AugmentScratch {
  return { copy: new Float32Array(side * side), warped: new Float32Array(side * side) };
}

/** Augments images r0..r1 of a batch ([rows, side*side] in place) with the draws made by drawAugment. */
export function applyAugment(input: Float32Array, params: Float64Array, r0: number, r1: number, scratch: AugmentScratch, side = 28): void {
  const n = side * side;
  for (let r = r0; r < r1; r++) {
    const image = input.subarray(r * n, (r + 1) * n);
    const p = r * AUGMENT_DRAWS;
    scratch.copy.set(image);
    warp(scratch.warped, scratch.copy, side, params[p], params[p + 1], params[p + 2], params[p + 3], params[p + 4], params[p + 5]);
    stroke(image, scratch.warped, side, params[p + 6]);
  }
}
