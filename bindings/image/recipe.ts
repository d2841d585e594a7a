// The MNIST recipe for one digit: crop to the ink box, bring the stroke width into MNIST's range at 4x
// the final size, area-average the longer side to 20 px, place by centre of mass in 28x28, written into
// a caller's array. Input is an ink patch (0..1, ink bright) that holds one digit and nothing else;
// finding that patch in a photo is paper.ts's and segment.ts's job. Plain loops over typed arrays.

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
  let x0 = width, y0 = height, x1 = 0, y1 = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] < threshold) continue;
      if (x < x0) x0 = x;
      if (x >= x1) x1 = x + 1;
      if (y < y0) y0 = y;
      if (y >= y1) y1 = y + 1;
    }
  }
  return x1 > x0 ? { x0, y0, x1, y1 } : null;
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
  const rows = resampleWeights(box.y0, box.y1 - box.y0, height);
  const tmp = new Float32Array((box.y1 - box.y0) * width);
  for (let y = box.y0; y < box.y1; y++) {
    const s = y * srcWidth, d = (y - box.y0) * width;
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let k = 0; k < cols.count[x]; k++) sum += src[s + cols.first[x] + k] * cols.weight[x * cols.span + k];
      tmp[d + x] = sum;
    }
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let k = 0; k < rows.count[y]; k++) {
      const s = (rows.first[y] + k - box.y0) * width, w = rows.weight[y * rows.span + k];
      for (let x = 0; x < width; x++) out[y * width + x] += tmp[s + x] * w;
    }
  }
  return out;
}

/** Stroke width in pixels: twice the ink area over its outline length (a stroke of width w and length L has area wL and outline 2L). */
export function strokeWidth(img: Float32Array, width: number, height: number): number {
  let area = 0, outline = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (img[i] < 0.5) continue;
      area++;
      const edge = x === 0 || x === width - 1 || y === 0 || y === height - 1 ||
        img[i - 1] < 0.5 || img[i + 1] < 0.5 || img[i - width] < 0.5 || img[i + width] < 0.5;
      if (edge) outline++;
    }
  }
  return outline ? (2 * area) / outline : 0;
}

/** Grey-level dilation (grow = true, the max over a disc) or erosion (the min) with the given radius. */
export function morph(img: Float32Array, width: number, height: number, radius: number, grow: boolean): Float32Array {
  const out = new Float32Array(img.length);
  // The disc as (dx, dy) pairs.
  const disc = new Int32Array((2 * radius + 1) * (2 * radius + 1) * 2);
  let n = 0;
  for (let dy = -radius; dy <= radius; dy++) {
    for (let dx = -radius; dx <= radius; dx++) {
      if (dx * dx + dy * dy > radius * radius + radius) continue;
      disc[n++] = dx;
      disc[n++] = dy;
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = grow ? 0 : 1;
      for (let k = 0; k < n; k += 2) {
        const nx = x + disc[k], ny = y + disc[k + 1];
        const s = nx >= 0 && ny >= 0 && nx < width && ny < height ? img[ny * width + nx] : 0;
        if (grow ? s > v : s < v) v = s;
      }
      out[y * width + x] = v;
    }
  }
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
    const padded = new Float32Array(pw * ph);
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
  const [cx, cy] = centreOfMass(img, width, height);
  const left = Math.min(SIDE - width, Math.max(0, Math.round(SIDE / 2 + 0.5 - cx)));
  const top = Math.min(SIDE - height, Math.max(0, Math.round(SIDE / 2 + 0.5 - cy)));
  out.fill(0, at, at + SIDE * SIDE);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Resampling weights sum to 1 only up to rounding: keep the promise of 0..1 exactly.
      const v = img[y * width + x];
      out[at + (top + y) * SIDE + left + x] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
  }
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
