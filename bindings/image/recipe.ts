// The MNIST recipe for one digit: crop to the ink box, bring the stroke width into MNIST's range at 4x
// the final size, area-average the longer side to 20 px, place by centre of mass in 28x28, written into
// a caller's array. Input is an ink patch (0..1, ink bright) that holds one digit and nothing else;
// finding that patch in a photo is paper.ts's and segment.ts's job. Plain loops over typed arrays.

import { f32Beside, i32Beside, onArrays } from "./workspace.js";

export const SIDE = 28;
export const BOX = 20;
/** Resolution factor of the working image in which stroke width is adjusted (80 px box). */
const WORK = 4;

export interface Box { x0: number; y0: number; x1: number; y1: number } // x1, y1 exclusive

/** An ink map: [height, width] values, 1 = full ink, 0 = background. */
export interface InkMap { width: number; height: number; ink: Float32Array; inverted: boolean }

/** The smallest box holding every pixel with at least `threshold` ink, or null. */
export function inkBox(map: InkMap, threshold: number): Box | null {
  const { ink, width, height } = map;
  const box = i32Beside(ink, 4);
  const found = onArrays([box, ink], (k, b, img) => k.ink_box(b, img, width, height, threshold));
  return found ? { x0: box[0], y0: box[1], x1: box[2], y1: box[3] } : null;
}

/**
 * Separable resampling weights from `n` source samples starting at `offset` to `m` output samples:
 * area averaging (each output is the mean of the source span it covers) when shrinking, linear
 * interpolation when enlarging. Output j reads `count[j]` samples from `first[j]` with `weight[j * span + t]`.
 */
function resampleWeights(offset: number, n: number, m: number): { first: Int32Array; count: Int32Array; weight: Float32Array; span: number } {
  const scale = n / m;
  const span = scale >= 1 ? Math.ceil(scale) + 1 : 2;
  const first = new Int32Array(m), count = new Int32Array(m), weight = new Float32Array(m * span);
  for (let j = 0; j < m; j++) {
    if (scale >= 1) {
      const a = j * scale, b = (j + 1) * scale;
      const i0 = Math.floor(a);
      first[j] = offset + i0;
      for (let i = i0; i < Math.ceil(b) && i < n; i++) {
        const overlap = Math.min(b, i + 1) - Math.max(a, i);
        weight[j * span + i - i0] = overlap > 0 ? overlap / scale : 0;
        count[j] = i - i0 + 1;
      }
    } else {
      const c = Math.min(n - 1, Math.max(0, (j + 0.5) * scale - 0.5));
      const i0 = Math.floor(c), t = c - i0;
      first[j] = offset + i0;
      weight[j * span] = 1 - t;
      count[j] = 1;
      if (t > 0 && i0 + 1 < n) { weight[j * span + 1] = t; count[j] = 2; }
    }
  }
  return { first, count, weight, span };
}

/** The part of `src` [srcHeight, srcWidth] inside `box`, resampled to [height, width]. */
export function resample(src: Float32Array, srcWidth: number, box: Box, width: number, height: number): Float32Array {
  const cols = resampleWeights(box.x0, box.x1 - box.x0, width);
  // Rows are counted from the box's top: the row pass writes only the box's rows.
  const rows = resampleWeights(0, box.y1 - box.y0, height);
  const table = (t: ReturnType<typeof resampleWeights>) => {
    const first = i32Beside(src, t.first.length), count = i32Beside(src, t.count.length), weight = f32Beside(src, t.weight.length);
    first.set(t.first);
    count.set(t.count);
    weight.set(t.weight);
    return [first, count, weight] as const;
  };
  const [cf, cc, cw] = table(cols), [rf, rc, rw] = table(rows);
  const boxRows = box.y1 - box.y0;
  const tmp = f32Beside(src, boxRows * width), out = f32Beside(src, width * height);
  // The box's rows of src: a view, so a picture's plane is read in place.
  const part = src.subarray(box.y0 * srcWidth, box.y1 * srcWidth);
  onArrays([tmp, part, cf, cc, cw], (k, t, p, first, count, weight) => k.resample_rows(t, p, srcWidth, boxRows, first, count, weight, cols.span, width));
  onArrays([out, tmp, rf, rc, rw], (k, o, t, first, count, weight) => k.resample_cols(o, t, width, height, first, count, weight, rows.span));
  return out;
}

/** Stroke width in pixels: twice the ink area over its outline length (a stroke of width w and length L has area wL and outline 2L). */
export function strokeWidth(img: Float32Array, width: number, height: number): number {
  return onArrays([img], (k, p) => k.stroke_width(p, width, height, 0.5));
}

/** Grey-level dilation (grow = true, the max over a disc) or erosion (the min) with the given radius. */
export function morph(img: Float32Array, width: number, height: number, radius: number, grow: boolean): Float32Array {
  // The disc: the offsets with dx² + dy² <= r² + r; pixels outside the image read 0.
  const out = f32Beside(img, img.length);
  onArrays([out, img], (k, o, p) => k.morph_disc(o, p, width, height, radius, grow ? 1 : 0));
  return out;
}

/**
 * MNIST's strokes, measured with strokeWidth on its training digits at the working resolution
 * (80 px box): 2nd percentile, median, 98th percentile. Thinner or bolder pens are brought to the median.
 */
export const MNIST_STROKE = { low: 6.4, median: 10.9, high: 19.5 };

/** Brings the stroke width of a working image (80 px box) into MNIST's range. */
export function adjustStroke(img: Float32Array, width: number, height: number): InkMap {
  const w = strokeWidth(img, width, height);
  const same = { width, height, ink: img, inverted: false };
  if (w === 0) return same;
  if (w < MNIST_STROKE.low) {
    // Growing pushes ink outwards: pad first so nothing is clipped at the edge.
    const r = Math.max(1, Math.round((MNIST_STROKE.median - w) / 2));
    const pw = width + 2 * r, ph = height + 2 * r;
    const padded = f32Beside(img, pw * ph);
    for (let y = 0; y < height; y++) padded.set(img.subarray(y * width, (y + 1) * width), (y + r) * pw + r);
    return { width: pw, height: ph, ink: morph(padded, pw, ph, r, true), inverted: false };
  }
  if (w > MNIST_STROKE.high) return { width, height, ink: morph(img, width, height, Math.max(1, Math.round((w - MNIST_STROKE.median) / 2)), false), inverted: false };
  return same;
}

/** Centre of mass (x, y) of an image; the geometric centre when it has no mass. */
export function centreOfMass(img: Float32Array, width: number, height: number): [number, number] {
  let m = 0, mx = 0, my = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = img[y * width + x];
      m += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  return m > 0 ? [mx / m, my / m] : [width / 2, height / 2];
}

/**
 * Writes a small image into 28x28 at `out[at..at+784]` with its centre of mass on pixel (14, 14), as in
 * MNIST (measured: its digits' centres of mass, in pixel-centre coordinates, cluster at 14.5). A
 * whole-pixel shift: no blur. Overwrites all 784 values, each clamped to 0..1.
 */
export function placeByMassInto(img: Float32Array, width: number, height: number, out: Float32Array, at: number): void {
  // The kernel finds the centre of mass as centreOfMass does, shifts by whole pixels and clamps to 0..1
  // (resampling weights sum to 1 only up to rounding); the 28x28 is then the caller's.
  const placed = f32Beside(img, SIDE * SIDE);
  onArrays([placed, img.subarray(0, width * height)], (k, o, p) => k.place_by_mass(o, p, width, height, SIDE));
  out.set(placed, at);
}

/** placeByMassInto a new 28x28 array. */
export function placeByMass(img: Float32Array, width: number, height: number): Float32Array {
  const out = new Float32Array(SIDE * SIDE);
  placeByMassInto(img, width, height, out, 0);
  return out;
}

/** The size of a box scaled so its longer side is 20 px, aspect kept. */
function boxSize(box: Box): [number, number] {
  const bw = box.x1 - box.x0, bh = box.y1 - box.y0, longest = Math.max(bw, bh);
  return [Math.max(1, Math.round((bw * BOX) / longest)), Math.max(1, Math.round((bh * BOX) / longest))];
}

/**
 * The recipe on an ink patch holding one digit: writes its 28x28 (784 values 0..1, ink bright) into
 * `out` at offset `at`. Returns false, writing zeros, when the patch has no ink.
 */
export function digitInto(patch: InkMap, out: Float32Array, at: number): boolean {
  // MNIST's 20 px box holds every grey pixel of the digit, the faintest anti-aliased edge included.
  const box = inkBox(patch, 0.02);
  if (!box) {
    out.fill(0, at, at + SIDE * SIDE);
    return false;
  }
  // Stroke width is judged at 4x the final size, then the adjusted ink is boxed again: a grown or thinned
  // stroke changes the digit's extent, and MNIST's box is that of the strokes as they end up.
  const [w1, h1] = boxSize(box);
  const work = resample(patch.ink, patch.width, box, w1 * WORK, h1 * WORK);
  let adjusted = adjustStroke(work, w1 * WORK, h1 * WORK);
  let box2 = inkBox(adjusted, 0.02);
  if (!box2) {
    adjusted = { width: w1 * WORK, height: h1 * WORK, ink: work, inverted: false };
    box2 = inkBox(adjusted, 0.02)!;
  }
  const [w2, h2] = boxSize(box2);
  placeByMassInto(resample(adjusted.ink, adjusted.width, box2, w2, h2), w2, h2, out, at);
  return true;
}
