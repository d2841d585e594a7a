// The MNIST recipe that turns a person's image into the 28x28 the network expects: ink strength from
// the background colour, noise floor removed, specks dropped, crop to the ink box, stroke width brought
// into MNIST's range, area-averaged to a 20 px box, placed in 28x28 by centre of mass.
// Platform-neutral (typed arrays only): the CLI, the library and the web page share it. Not a decoder.

export const SIDE = 28;
export const BOX = 20;
/** Resolution factor of the working image in which stroke width is adjusted (80 px box). */
const WORK = 4;
/** Images larger than this are first shrunk by an integer box filter: memory stays bounded. */
const MAX_WORK_PIXELS = 4_000_000;
/** An ink pixel (after the noise floor is removed and the ink rescaled to 0..1). */
const INK = 0.35;

export interface RgbaInput {
  width: number;
  height: number;
  /** [height, width, 4] bytes, straight alpha (PNG decoders and ImageData both give this). */
  rgba: ArrayLike<number>;
}

export interface Box { x0: number; y0: number; x1: number; y1: number } // x1, y1 exclusive

export interface Preprocessed {
  /** [28*28] values 0..1, ink bright on black, as the network was trained. */
  pixels: Float32Array;
  /** No ink found: a prediction on this image would mean nothing. */
  blank: boolean;
  /** Why the image counts as blank, for messages. */
  reason?: string;
  /** True when the input had light ink on a dark background. */
  inverted: boolean;
}

/** An ink map: [height, width] values, 1 = full ink, 0 = background. */
export interface InkMap { width: number; height: number; ink: Float32Array; inverted: boolean }

/** Shrink factor so that the working ink map has at most MAX_WORK_PIXELS pixels. */
export function shrinkFactor(width: number, height: number): number {
  return Math.max(1, Math.ceil(Math.sqrt((width * height) / MAX_WORK_PIXELS)));
}

function luma(r: number, g: number, b: number): number {
  return (0.299 * r + 0.587 * g + 0.114 * b) / 255;
}

/** Median of byte values (0..255) through a histogram. */
function medianByte(values: Uint32Array, count: number): number {
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += values[v];
    if (seen * 2 >= count) return v;
  }
  return 255;
}

/** Indices of the pixels in the image's outer ring (a few percent of the shorter side wide). */
function borderPixels(width: number, height: number): number[] {
  const ring = Math.max(1, Math.floor(Math.min(width, height) / 25));
  const out: number[] = [];
  for (let y = 0; y < height; y++) {
    const edgeRow = y < ring || y >= height - ring;
    for (let x = 0; x < width; x++) if (edgeRow || x < ring || x >= width - ring) out.push(y * width + x);
  }
  return out;
}

/**
 * Ink strength of every pixel, 0..1. Alpha is composited over white first (a canvas export has a
 * transparent background and its ink only in alpha); the background colour is the median of the
 * border; ink is how far a pixel's colour is from it. That makes dark-on-light and light-on-dark
 * (and coloured ink on coloured paper) come out the same: ink bright, background black.
 * A transparent background (most of the border clear) makes alpha itself the ink, so white strokes
 * on a transparent canvas are found too. Large images are box-filtered by an integer factor first.
 */
export function inkMap(image: RgbaInput): InkMap {
  const { width, height, rgba } = image;
  const k = shrinkFactor(width, height);
  const w = Math.ceil(width / k), h = Math.ceil(height / k);
  // Composite over white, box-filter by k: r, g, b, a planes of the working size.
  const planes = [new Float32Array(w * h), new Float32Array(w * h), new Float32Array(w * h), new Float32Array(w * h)];
  const [pr, pg, pb, pa] = planes;
  const column = new Int32Array(width);
  for (let x = 0; x < width; x++) column[x] = Math.floor(x / k);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / k) * w;
    for (let x = 0, s = y * width * 4; x < width; x++, s += 4) {
      const d = row + column[x];
      const alpha = rgba[s + 3], a = alpha / 255, white = 255 - alpha;
      pr[d] += rgba[s] * a + white;
      pg[d] += rgba[s + 1] * a + white;
      pb[d] += rgba[s + 2] * a + white;
      pa[d] += alpha;
    }
  }
  if (k > 1) {
    // Edge cells cover fewer source pixels than k x k.
    for (let cy = 0; cy < h; cy++) {
      const rows = Math.min(k, height - cy * k);
      for (let cx = 0; cx < w; cx++) {
        const n = rows * Math.min(k, width - cx * k), d = cy * w + cx;
        pr[d] /= n; pg[d] /= n; pb[d] /= n; pa[d] /= n;
      }
    }
  }

  const border = borderPixels(w, h);
  const clear = border.filter((i) => planes[3][i] < 128).length;
  const ink = new Float32Array(w * h);
  if (clear * 2 > border.length) {
    for (let i = 0; i < ink.length; i++) ink[i] = planes[3][i] / 255;
    return { width: w, height: h, ink, inverted: false };
  }
  const background = planes.slice(0, 3).map((p) => {
    const hist = new Uint32Array(256);
    for (const i of border) hist[Math.min(255, Math.round(p[i]))]++;
    return medianByte(hist, border.length);
  });
  for (let i = 0; i < ink.length; i++) {
    const d = Math.max(Math.abs(planes[0][i] - background[0]), Math.abs(planes[1][i] - background[1]), Math.abs(planes[2][i] - background[2]));
    ink[i] = d / 255;
  }
  return { width: w, height: h, ink, inverted: luma(background[0], background[1], background[2]) < 0.5 };
}

/** The q-quantile of values in 0..1, read from a 1024-bin histogram (images can hold millions of pixels). */
function quantile(values: Iterable<number>, q: number): number {
  const hist = new Uint32Array(1025);
  let count = 0;
  for (const v of values) { hist[Math.round(Math.min(1, Math.max(0, v)) * 1024)]++; count++; }
  let seen = 0;
  for (let b = 0; b <= 1024; b++) {
    seen += hist[b];
    if (seen > q * count) return b / 1024;
  }
  return 1;
}

/**
 * Removes the paper's noise floor (what the border holds) and rescales so the strokes' core is 1:
 * faint pencil and bold marker come out alike. Returns the contrast found (peak minus floor, 0..1).
 */
export function normalizeInk(map: InkMap): number {
  const { ink, width, height } = map;
  // The floor is the paper's noise, estimated robustly (median + 4 scaled MADs) so that a digit touching
  // the border (a tightly cropped scan) does not count as noise.
  const border = borderPixels(width, height).map((i) => ink[i]);
  const median = quantile(border, 0.5);
  const mad = quantile(border.map((v) => Math.abs(v - median)), 0.5);
  const floor = Math.min(0.5, median + 4 * 1.4826 * mad);
  // The strokes' core: the 90th percentile of the clearly-inked pixels, from a histogram (one pass).
  const hist = new Uint32Array(1025);
  let candidates = 0;
  for (let i = 0; i < ink.length; i++) if (ink[i] > floor + 0.1) { hist[Math.round(Math.min(1, ink[i]) * 1024)]++; candidates++; }
  let peak = floor;
  for (let b = 0, seen = 0; b <= 1024 && candidates; b++) {
    seen += hist[b];
    if (seen > 0.9 * candidates) { peak = b / 1024; break; }
  }
  const contrast = peak - floor;
  const scale = contrast > 0 ? 1 / contrast : 0;
  for (let i = 0; i < ink.length; i++) { const v = (ink[i] - floor) * scale; ink[i] = v < 0 ? 0 : v > 1 ? 1 : v; }
  return contrast;
}

interface Component { area: number; box: Box }

/** 8-connected components of ink pixels; labels[i] = component index + 1, 0 for background. */
export function inkComponents(map: InkMap): { labels: Int32Array; components: Component[] } {
  const { ink, width, height } = map;
  const labels = new Int32Array(width * height);
  const components: Component[] = [];
  const stack = new Int32Array(width * height);
  for (let start = 0; start < ink.length; start++) {
    if (labels[start] || ink[start] < INK) continue;
    const label = components.length + 1;
    const c: Component = { area: 0, box: { x0: width, y0: height, x1: 0, y1: 0 } };
    let top = 0;
    stack[top++] = start;
    labels[start] = label;
    while (top) {
      const p = stack[--top];
      const x = p % width, y = (p - x) / width;
      c.area++;
      if (x < c.box.x0) c.box.x0 = x;
      if (x >= c.box.x1) c.box.x1 = x + 1;
      if (y < c.box.y0) c.box.y0 = y;
      if (y >= c.box.y1) c.box.y1 = y + 1;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const q = ny * width + nx;
          if (!labels[q] && ink[q] >= INK) { labels[q] = label; stack[top++] = q; }
        }
      }
    }
    components.push(c);
  }
  return { labels, components };
}

function gap(a: Box, b: Box): number {
  const dx = Math.max(0, a.x0 - b.x1, b.x0 - a.x1);
  const dy = Math.max(0, a.y0 - b.y1, b.y0 - a.y1);
  return Math.max(dx, dy);
}

/**
 * Keeps the digit and drops specks: components much smaller than the largest, unless they are close
 * to it and not tiny (the detached bar of a 5 or a 7). Clears the dropped ink and the faint pixels not
 * touching kept ink, and returns the box of what is left, or null when there is no ink at all.
 */
export function keepDigit(map: InkMap): Box | null {
  const { ink, width, height } = map;
  const { labels, components } = inkComponents(map);
  if (components.length === 0) return null;
  const largest = components.reduce((a, b) => (b.area > a.area ? b : a));
  if (largest.area < Math.max(3, 0.00005 * width * height)) return null;
  const near = 0.3 * Math.max(largest.box.x1 - largest.box.x0, largest.box.y1 - largest.box.y0);
  const kept = new Uint8Array(components.length + 1);
  components.forEach((c, i) => {
    kept[i + 1] = Number(c === largest || c.area >= 0.1 * largest.area || (c.area >= 0.02 * largest.area && gap(c.box, largest.box) <= near));
  });
  // Faint pixels stay only as the anti-aliased edge of kept ink (within one pixel of it).
  const out = new Float32Array(ink.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (ink[i] === 0) continue;
      if (labels[i]) { if (kept[labels[i]]) out[i] = ink[i]; continue; }
      let touches = false;
      for (let dy = -1; dy <= 1 && !touches; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx, ny = y + dy;
          if (nx >= 0 && ny >= 0 && nx < width && ny < height && kept[labels[ny * width + nx]]) { touches = true; break; }
        }
      }
      if (touches) out[i] = ink[i];
    }
  }
  ink.set(out);
  // MNIST's 20 px box holds every grey pixel of the digit, the faintest anti-aliased edge included.
  return inkBox(map, 0.02);
}

/** The smallest box holding every pixel with at least `threshold` ink, or null. */
export function inkBox(map: InkMap, threshold: number): Box | null {
  const { ink, width, height } = map;
  const box: Box = { x0: width, y0: height, x1: 0, y1: 0 };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] < threshold) continue;
      if (x < box.x0) box.x0 = x;
      if (x >= box.x1) box.x1 = x + 1;
      if (y < box.y0) box.y0 = y;
      if (y >= box.y1) box.y1 = y + 1;
    }
  }
  return box.x1 > box.x0 ? box : null;
}

/**
 * Separable resampling weights from `n` source samples starting at `offset` to `m` output samples:
 * area averaging (each output is the mean of the source span it covers) when shrinking, linear
 * interpolation when enlarging.
 */
function resampleWeights(offset: number, n: number, m: number): { index: number[]; weight: number[] }[] {
  const scale = n / m;
  const out: { index: number[]; weight: number[] }[] = [];
  for (let j = 0; j < m; j++) {
    const index: number[] = [], weight: number[] = [];
    if (scale >= 1) {
      const a = j * scale, b = (j + 1) * scale;
      for (let i = Math.floor(a); i < Math.ceil(b) && i < n; i++) {
        const overlap = Math.min(b, i + 1) - Math.max(a, i);
        if (overlap > 0) { index.push(offset + i); weight.push(overlap / scale); }
      }
    } else {
      const c = Math.min(n - 1, Math.max(0, (j + 0.5) * scale - 0.5));
      const i0 = Math.floor(c), t = c - i0;
      index.push(offset + i0); weight.push(1 - t);
      if (t > 0 && i0 + 1 < n) { index.push(offset + i0 + 1); weight.push(t); }
    }
    out.push({ index, weight });
  }
  return out;
}

/** The part of `src` [srcHeight, srcWidth] inside `box`, resampled to [height, width]. */
export function resample(src: Float32Array, srcWidth: number, box: Box, width: number, height: number): Float32Array {
  const cols = resampleWeights(box.x0, box.x1 - box.x0, width);
  const rows = resampleWeights(box.y0, box.y1 - box.y0, height);
  const tmp = new Float32Array((box.y1 - box.y0) * width);
  for (let y = box.y0; y < box.y1; y++) {
    const s = y * srcWidth, d = (y - box.y0) * width;
    for (let x = 0; x < width; x++) {
      const { index, weight } = cols[x];
      let sum = 0;
      for (let k = 0; k < index.length; k++) sum += src[s + index[k]] * weight[k];
      tmp[d + x] = sum;
    }
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const { index, weight } = rows[y];
    for (let k = 0; k < index.length; k++) {
      const s = (index[k] - box.y0) * width, wgt = weight[k];
      for (let x = 0; x < width; x++) out[y * width + x] += tmp[s + x] * wgt;
    }
  }
  return out;
}

/** Stroke width in pixels: twice the ink area over its outline length (a stroke of width w and length L has area wL and outline 2L). */
export function strokeWidth(img: Float32Array, width: number, height: number): number {
  let area = 0, outline = 0;
  const on = (x: number, y: number) => x >= 0 && y >= 0 && x < width && y < height && img[y * width + x] >= 0.5;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!on(x, y)) continue;
      area++;
      if (!on(x - 1, y) || !on(x + 1, y) || !on(x, y - 1) || !on(x, y + 1)) outline++;
    }
  }
  return outline ? (2 * area) / outline : 0;
}

/** Grey-level dilation (grow = true, the max over a disc) or erosion (the min) with the given radius. */
export function morph(img: Float32Array, width: number, height: number, radius: number, grow: boolean): Float32Array {
  const out = new Float32Array(img.length);
  const offsets: [number, number][] = [];
  for (let dy = -radius; dy <= radius; dy++) for (let dx = -radius; dx <= radius; dx++) if (dx * dx + dy * dy <= radius * radius + radius) offsets.push([dx, dy]);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = grow ? 0 : 1;
      for (const [dx, dy] of offsets) {
        const nx = x + dx, ny = y + dy;
        const s = nx >= 0 && ny >= 0 && nx < width && ny < height ? img[ny * width + nx] : 0;
        v = grow ? Math.max(v, s) : Math.min(v, s);
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
      m += v; mx += v * (x + 0.5); my += v * (y + 0.5);
    }
  }
  return m > 0 ? [mx / m, my / m] : [width / 2, height / 2];
}

/**
 * Places a small image in 28x28 with its centre of mass on pixel (14, 14), as in MNIST (measured: its
 * digits' centres of mass, in pixel-centre coordinates, cluster at 14.5). A whole-pixel shift: no blur.
 */
export function placeByMass(img: Float32Array, width: number, height: number): Float32Array {
  const [cx, cy] = centreOfMass(img, width, height);
  const left = Math.min(SIDE - width, Math.max(0, Math.round(SIDE / 2 + 0.5 - cx)));
  const top = Math.min(SIDE - height, Math.max(0, Math.round(SIDE / 2 + 0.5 - cy)));
  const out = new Float32Array(SIDE * SIDE);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out[(top + y) * SIDE + left + x] = img[y * width + x];
  return out;
}

function blank(reason: string, inverted = false): Preprocessed {
  return { pixels: new Float32Array(SIDE * SIDE), blank: true, reason, inverted };
}

/** The whole recipe: any RGBA image in, the 28x28 the network sees out. */
export function preprocessImage(image: RgbaInput): Preprocessed {
  if (image.width < 1 || image.height < 1) return blank("the image is empty");
  const map = inkMap(image);
  const contrast = normalizeInk(map);
  if (contrast < 0.08) return blank("no ink found (the image is one flat colour)", map.inverted);
  const box = keepDigit(map);
  if (!box) return blank("no ink found (only specks)", map.inverted);
  // Stroke width is judged at 4x the final size, then the adjusted ink is boxed again: a grown or thinned
  // stroke changes the digit's extent, and MNIST's box is that of the strokes as they end up.
  const [w1, h1] = boxSize(box);
  const work = resample(map.ink, map.width, box, w1 * WORK, h1 * WORK);
  let adjusted = adjustStroke(work, w1 * WORK, h1 * WORK);
  let box2 = inkBox(adjusted, 0.02);
  if (!box2) { adjusted = { width: w1 * WORK, height: h1 * WORK, ink: work, inverted: false }; box2 = inkBox(adjusted, 0.02)!; }
  const [w2, h2] = boxSize(box2);
  const small = resample(adjusted.ink, adjusted.width, box2, w2, h2);
  return { pixels: placeByMass(small, w2, h2), blank: false, inverted: map.inverted };
}

/** The size of a box scaled so its longer side is 20 px, aspect kept. */
function boxSize(box: Box): [number, number] {
  const bw = box.x1 - box.x0, bh = box.y1 - box.y0, longest = Math.max(bw, bh);
  return [Math.max(1, Math.round((bw * BOX) / longest)), Math.max(1, Math.round((bh * BOX) / longest))];
}
