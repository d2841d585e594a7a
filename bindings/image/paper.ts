// Finding the paper, then the ink, in any picture: a canvas export, a scan, or a phone photo of a sheet
// on a desk. The sheet (a large bright region on a darker surround) and its surround get a background
// each; the background is the local paper brightness (a closing at reduced resolution, so strokes are
// filled in but shadow edges and gradients are followed); ink is how much darker than it a pixel is.
// Ruled and squared lines are divided out (lines.ts). Not here: which ink is a digit (segment.ts).

import { divideLines, edgeRotation } from "./lines.js";
import { activeWorkspace, inWorkspace, onArrays, pictureWorkspace, type ImageWorkspace } from "./workspace.js";

export interface RgbaInput {
  width: number;
  height: number;
  /** [height, width, 4] bytes, straight alpha (PNG decoders and ImageData both give this). */
  rgba: ArrayLike<number>;
}

/** Images larger than this are first shrunk by an integer box filter: time and memory stay bounded. */
const MAX_WORK_PIXELS = 1_000_000;
/** Cells across the shorter side of the grid on which paper and background are estimated. */
const GRID = 100;
/**
 * The background is a closing whose radius is this fraction of the image's longer side: it must exceed
 * half of the boldest stroke of a digit as large as the image (MNIST's boldest are a fifth of its height).
 */
const CLOSING = 0.12;
/** Ink is judged against local paper, but never against paper darker than this fraction of the sheet's. */
const DARKEST_PAPER = 0.4;
/** Darkness up to this is paper's; from paper, a flood through pixels within SHADE_STEP of its brightness clears shade. */
const SHADE_SEED = 0.05;
const SHADE_STEP = 0.06;
/** A pixel brighter than paper this close (working pixels) is on an edge between areas of light, not ink. */
const EDGE_REACH = 3;
/** Darkness within this many standard deviations of the sensor's noise is not ink. */
const NOISE = 2;
/** The second closing reaches this many stroke widths (plus 2 px): enough for the bold blob where strokes meet. */
const STROKE_MARGIN = 1.2;
/** The finer grid of the second closing has at most this many cells. */
const MAX_CELLS = 40_000;
/** Ruled lines are often much fainter than ink: a pixel may belong to one from this fraction of the ink's darkness. */
const LINE_INK = 0.15;
/** A part of the surround whose median pixel is at least this much darker than its background may be a desk. */
const TEXTURE = 0.03;
/** Strokes are at most this fraction of the picture's shorter side wide (MNIST's boldest are a fifth of the digit's height, and a digit may fill the picture). */
const BROADEST_STROKE = 0.2;
/** Pictures with a shorter side under this many pixels are scans, crops or exports: no sheet, no shadows. */
const MIN_PHOTO = 120;
/** A sheet covers at least this fraction of the picture (its lit part, when a shadow falls across it). */
const SHEET = 0.2;
/** A part of the ink at least this fraction of the picture's shorter side across may be a digit (segment.ts's MIN_SIZE). */
const DIGIT_EXTENT = 0.06;
/** A surround darker than this fraction of the paper is a desk or a scanner's lid, not paper in a shadow. */
const DESK = 0.35;

export interface InkField {
  /** Working resolution: the input shrunk by `scale` (an integer). */
  width: number; height: number; scale: number;
  /** [height, width] ink 0..1: 0 = paper, 1 = the strokes' core. */
  ink: Float32Array;
  /** Light ink on a dark background. */
  inverted: boolean;
  /** Darkness of the strokes' core over the paper's noise floor (0..1), before normalisation. */
  contrast: number;
  /** The paper's noise floor in darkness: ink 0 is this darkness, ink 1 is floor + contrast. */
  floor: number;
  /** A sheet was found on a darker surround (a desk, a scanner's frame). */
  sheet: boolean;
  /**
   * The picture was looked at as a photo (paper, desk and shadows looked for); false for a scan, a crop
   * or an export (small or transparent), which is evenly lit and may be cropped tight to its ink.
   */
  photo: boolean;
  /** How many ruled or squared lines were divided out. */
  lines: number;
  /** The sheet's rotation in the picture (degrees, clockwise), from its lines or its edges; null if unknown. */
  rotation: number | null;
  /** The box of the picture that is paper (all of it unless a desk or a scanner's lid was found). */
  paper: { x0: number; y0: number; x1: number; y1: number };
}

/** Shrink factor so that the working image has at most MAX_WORK_PIXELS pixels. */
export function shrinkFactor(width: number, height: number): number {
  return Math.max(1, Math.ceil(Math.sqrt((width * height) / MAX_WORK_PIXELS)));
}

// Planes and scratch of one picture, in the workspace it is read in (where the kernels run): reused by name
// within the picture, forgotten with it.
function room(name: string, bytes: number): number {
  return activeWorkspace().named(name, bytes);
}
function take(name: string, n: number): Float32Array {
  return activeWorkspace().f32(room(name, n * 4), n);
}

/** Bytes findInk and the passes after it (segment.ts, lines.ts) may take for a picture of w x h working pixels. */
function roomFor(w: number, h: number): number {
  // Planes (luma, alpha, ink, the half-resolution look, shade's reference and queue, labels, a flood's
  // stack, parts' shapes (at most one per 4 pixels), line pairs, the sheet's mask), and the grids,
  // histograms, line bins and digit patches beside them.
  const n = w * h;
  return 72 * n + 400 * (w + h) + (8 << 20);
}

/**
 * Runs `work` (reading one picture) with `ws` as the workspace of every pass: a fresh start unless the
 * picture's pixels already lie in it (decoded there), and room held for all the planes, so views of them
 * stay valid. `work` gets the picture with its pixels viewed anew (holding room may have moved them).
 */
export function onPicture<T>(image: RgbaInput, ws: ImageWorkspace, work: (image: RgbaInput) => T): T {
  const pixels = ws.offsetOf(image.rgba), bytes = image.width * image.height * 4;
  if (pixels < 0) ws.reset();
  const k = shrinkFactor(image.width, image.height);
  ws.hold(roomFor(Math.ceil(image.width / k), Math.ceil(image.height / k)) + (pixels < 0 ? bytes : 0));
  const picture = pixels < 0 ? image : { ...image, rgba: ws.u8(pixels, bytes) };
  return inWorkspace(ws, () => work(picture));
}

/** Offset of a plane that lives in the picture's workspace (the planes findInk takes). */
function at(plane: ArrayBufferView): number {
  const offset = activeWorkspace().offsetOf(plane);
  if (offset < 0) throw new Error("a picture's plane is not in its workspace");
  return offset;
}

/** `bytes` copied into the picture's workspace (a small grid's region map), at this offset. */
function placed(name: string, bytes: Uint8Array): number {
  const offset = room(name, bytes.length);
  activeWorkspace().u8(offset, bytes.length).set(bytes);
  return offset;
}

/** A zeroed histogram of `bins` u32 in the picture's workspace. */
function histogramRoom(bins: number): Uint32Array {
  const hist = activeWorkspace().u32(room("histogram", bins * 4), bins);
  hist.fill(0);
  return hist;
}

/**
 * Luma (alpha composited over white) and alpha, 0..1, box-filtered by `k`: [h, w] each. Alpha over white
 * first, because a canvas export has a transparent background and its ink only in alpha. The one pass
 * over the whole input: integer indices, and nothing done for alpha where it is opaque.
 */
function loadPlanes(image: RgbaInput, k: number, luma: Float32Array, alpha: Float32Array, w: number, h: number): void {
  void w, h;
  const { width, height, rgba } = image, ws = activeWorkspace();
  let pixels = ws.offsetOf(rgba);
  if (pixels < 0) {
    // The one copy of the picture: into the workspace, where the kernel reads it.
    pixels = ws.alloc(width * height * 4);
    const into = ws.u8(pixels, width * height * 4);
    if (ArrayBuffer.isView(rgba)) into.set(rgba as Uint8Array);
    else for (let i = 0; i < into.length; i++) into[i] = rgba[i];
  }
  ws.kernels.rgba_planes(at(luma), at(alpha), pixels, width, height, k, room("planes-row", width * 12));
}

/** Mean of `src` [h, w] over cells of `c` x `c`: [gh, gw]. */
function blockMean(src: Float32Array, w: number, h: number, c: number, mean: Float32Array, gw: number, gh: number): void {
  void gw, gh;
  onArrays([mean, src], (k, meanAt, srcAt) => k.block_mean(meanAt, srcAt, w, h, c, 0));
}

/** Threshold between the two classes of a 0..1 plane that best separates them (Otsu). */
function otsu(values: Float32Array): number {
  const hist = new Float64Array(256);
  for (let i = 0; i < values.length; i++) hist[Math.min(255, Math.max(0, Math.round(values[i] * 255)))]++;
  let total = 0, sum = 0;
  for (let b = 0; b < 256; b++) { total += hist[b]; sum += b * hist[b]; }
  let best = 0, threshold = 128, seen = 0, seenSum = 0;
  for (let b = 0; b < 255; b++) {
    seen += hist[b];
    seenSum += b * hist[b];
    if (seen === 0 || seen === total) continue;
    const m0 = seenSum / seen, m1 = (sum - seenSum) / (total - seen);
    const between = seen * (total - seen) * (m0 - m1) * (m0 - m1);
    if (between > best) { best = between; threshold = b + 0.5; }
  }
  return threshold / 255;
}

/** The q-quantile of the values of `plane` where `mask` is `which` (or all when mask is null), 0..1. */
function maskedQuantile(plane: Float32Array, mask: Uint8Array | null, which: number, q: number): number {
  const step = strideFor(plane.length);
  let hist: Uint32Array, count = 0;
  if (mask) {
    // Masks are grids of cells: small.
    hist = new Uint32Array(1025);
    for (let i = 0; i < plane.length; i += step) {
      if (mask[i] !== which) continue;
      hist[Math.min(1024, Math.max(0, Math.round(plane[i] * 1024)))]++;
      count++;
    }
  } else {
    hist = histogramRoom(1025);
    count = onArrays([hist, plane], (k, to, p) => k.histogram(to, p, plane.length, step, 1024, 1025, NaN, -Infinity));
  }
  let seen = 0;
  for (let b = 0; b <= 1024; b++) {
    seen += hist[b];
    if (seen > q * count) return b / 1024;
  }
  return 1;
}

/**
 * Looks for a sheet: the largest bright 4-connected region of the grid (its holes, the writing, filled;
 * strokes narrower than 2r reaching out of it too)
 * that covers at least a fifth of the picture, is nearly all bright, and has around it a clearly darker
 * surround (a desk, a scanner's lid). Marks surround cells 1 in `region` and returns true when found.
 */
function findSheet(grid: Float32Array, gw: number, gh: number, r: number, region: Uint8Array): boolean {
  const n = gw * gh;
  const t = otsu(grid);
  const label = new Int32Array(n);
  const stack = new Int32Array(n);
  let best = 0, bestSize = 0, next = 0;
  for (let start = 0; start < n; start++) {
    if (label[start] || grid[start] < t) continue;
    next++;
    let top = 0, size = 0;
    stack[top++] = start;
    label[start] = next;
    while (top) {
      const p = stack[--top], x = p % gw;
      size++;
      if (x > 0 && !label[p - 1] && grid[p - 1] >= t) { label[p - 1] = next; stack[top++] = p - 1; }
      if (x < gw - 1 && !label[p + 1] && grid[p + 1] >= t) { label[p + 1] = next; stack[top++] = p + 1; }
      if (p >= gw && !label[p - gw] && grid[p - gw] >= t) { label[p - gw] = next; stack[top++] = p - gw; }
      if (p < n - gw && !label[p + gw] && grid[p + gw] >= t) { label[p + gw] = next; stack[top++] = p + gw; }
    }
    if (size > bestSize) { bestSize = size; best = next; }
  }
  if (bestSize < SHEET * n) return false;
  // The surround is the dark cells reached from the grid's edge through dark cells; everything else is
  // the sheet (its writing, and bright paper enclosed by the writing, such as the inside of a loop).
  region.fill(1);
  let top = 0;
  for (let p = 0; p < n; p++) {
    const x = p % gw, y = (p - x) / gw;
    const edge = x === 0 || y === 0 || x === gw - 1 || y === gh - 1;
    if (edge && grid[p] < t) { region[p] = 2; stack[top++] = p; }
  }
  while (top) {
    const p = stack[--top], x = p % gw;
    if (x > 0 && region[p - 1] === 1 && grid[p - 1] < t) { region[p - 1] = 2; stack[top++] = p - 1; }
    if (x < gw - 1 && region[p + 1] === 1 && grid[p + 1] < t) { region[p + 1] = 2; stack[top++] = p + 1; }
    if (p >= gw && region[p - gw] === 1 && grid[p - gw] < t) { region[p - gw] = 2; stack[top++] = p - gw; }
    if (p < n - gw && region[p + gw] === 1 && grid[p + gw] < t) { region[p + gw] = 2; stack[top++] = p + gw; }
  }
  // Strokes written on the sheet that reach a shadow or the desk belong to the sheet: a surround cell darker
  // than the surround, with sheet on both sides close by in some direction, is a stroke. (The narrow tip of
  // a shadow has sheet on both sides too, but is no darker than the rest of the shadow.)
  const surroundLevel = maskedQuantile(grid, region, 2, 0.5);
  const stroke = new Uint8Array(n);
  for (let p = 0; p < n; p++) {
    if (region[p] !== 2) continue;
    // Slivers two cells wide between sheet cells are strokes or their edges, whatever their brightness.
    const reach = grid[p] < 0.9 * surroundLevel ? r : 2;
    const x = p % gw, y = (p - x) / gw;
    for (let d = 0; d < 8 && !stroke[p]; d += 2) {
      const dx = DIRECTIONS[d], dy = DIRECTIONS[d + 1];
      if (sheetWithin(region, gw, gh, x, y, dx, dy, reach) && sheetWithin(region, gw, gh, x, y, -dx, -dy, reach)) stroke[p] = 1;
    }
  }
  for (let p = 0; p < n; p++) if (stroke[p]) region[p] = 1;
  let sheet = 0, bright = 0, dark = 0, border = 0, outside = 0;
  for (let p = 0; p < n; p++) {
    region[p] = region[p] === 2 ? 1 : 0;
    if (region[p] === 0) { sheet++; if (grid[p] >= t) bright++; } else if (grid[p] < t) dark++;
    const x = p % gw, y = (p - x) / gw;
    if (x !== 0 && y !== 0 && x !== gw - 1 && y !== gh - 1) continue;
    border++;
    if (region[p] === 1) outside++;
  }
  const surround = n - sheet;
  // A desk, a scanner's lid or a shadow runs along the picture's edge for a while.
  if (outside < 0.1 * border) return false;
  if (sheet < SHEET * n || bright < 0.8 * sheet || surround < 0.02 * n || dark < 0.7 * surround) return false;
  // The surround must be clearly darker than the paper, as a desk, a scanner's lid or a shadow is.
  return maskedQuantile(grid, region, 1, 0.5) <= 0.85 * maskedQuantile(grid, region, 0, 0.5);
}

/** Four directions as (dx, dy) pairs: across, down, and the two diagonals. */
const DIRECTIONS = Int32Array.of(1, 0, 0, 1, 1, 1, 1, -1);

/** Whether a sheet cell (region 1 while findSheet works) lies within `reach` cells of (x, y) along (dx, dy). */
function sheetWithin(region: Uint8Array, gw: number, gh: number, x: number, y: number, dx: number, dy: number, reach: number): boolean {
  for (let k = 1; k <= reach; k++) {
    const nx = x + k * dx, ny = y + k * dy;
    if (nx < 0 || ny < 0 || nx >= gw || ny >= gh) return false;
    if (region[ny * gw + nx] === 1) return true;
  }
  return false;
}

/**
 * Splits the surround of a sheet into the desk (region 2: far darker than any shadow, reached from the
 * picture's edge) and the rest (region 1: paper in a shadow, a pale or textured surface, which markTexture
 * sorts out). Ink is looked for on the sheet and in its shadows, never on the desk.
 */
function markDesk(grid: Float32Array, gw: number, gh: number, region: Uint8Array): void {
  const n = gw * gh;
  const paper = maskedQuantile(grid, region, 0, 0.5);
  const stack = new Int32Array(n);
  let top = 0;
  const deskLike = (p: number) => region[p] === 1 && grid[p] < DESK * paper;
  for (let p = 0; p < n; p++) {
    const x = p % gw, y = (p - x) / gw;
    if ((x === 0 || y === 0 || x === gw - 1 || y === gh - 1) && deskLike(p)) { region[p] = 2; stack[top++] = p; }
  }
  while (top) {
    const p = stack[--top], x = p % gw;
    if (x > 0 && deskLike(p - 1)) { region[p - 1] = 2; stack[top++] = p - 1; }
    if (x < gw - 1 && deskLike(p + 1)) { region[p + 1] = 2; stack[top++] = p + 1; }
    if (p >= gw && deskLike(p - gw)) { region[p - gw] = 2; stack[top++] = p - gw; }
    if (p < n - gw && deskLike(p + gw)) { region[p + gw] = 2; stack[top++] = p + gw; }
  }
}

/**
 * The rest of the desk: a part of the surround whose typical pixel is darker than its background by more
 * than the sensor's noise explains is textured (wood grain, stone), which paper in a shadow never is,
 * even with writing or lines on it (they are a minority of its pixels). The noise is measured on the
 * sheet, scaled by how much darker the part is. Its cells become desk (region 2) and its ink is cleared.
 * `ink` holds every `step`-th pixel of every `step`-th row of the w x h picture.
 */
function markTexture(ink: Float32Array, w: number, h: number, step: number, background: Float32Array, region: Uint8Array, gw: number, gh: number, c: number): void {
  const g = gw * gh, part = new Int32Array(g), stack = new Int32Array(g);
  let parts = 0;
  for (let start = 0; start < g; start++) {
    if (region[start] !== 1 || part[start]) continue;
    parts++;
    let top = 0;
    stack[top++] = start;
    part[start] = parts;
    while (top) {
      const p = stack[--top], x = p % gw;
      if (x > 0 && region[p - 1] === 1 && !part[p - 1]) { part[p - 1] = parts; stack[top++] = p - 1; }
      if (x < gw - 1 && region[p + 1] === 1 && !part[p + 1]) { part[p + 1] = parts; stack[top++] = p + 1; }
      if (p >= gw && region[p - gw] === 1 && !part[p - gw]) { part[p - gw] = parts; stack[top++] = p - gw; }
      if (p < g - gw && region[p + gw] === 1 && !part[p + gw]) { part[p + gw] = parts; stack[top++] = p + gw; }
    }
  }
  if (parts === 0) return;
  // Per part (0 is the sheet): a 128-level histogram of darkness and the mean background.
  const hist = new Uint32Array((parts + 1) * 128), count = new Uint32Array(parts + 1), level = new Float64Array(parts + 1);
  const ow = Math.ceil(w / step), oh = Math.ceil(h / step);
  for (let oy = 0; oy < oh; oy++) {
    const row = (((oy * step) / c) | 0) * gw;
    for (let ox = 0; ox < ow; ox++) {
      const cell = row + (((ox * step) / c) | 0);
      if (region[cell] === 2) continue;
      const q = part[cell];
      hist[q * 128 + Math.min(127, Math.round(ink[oy * ow + ox] * 512))]++;
      count[q]++;
      level[q] += background[cell];
    }
  }
  const median = (q: number) => {
    for (let b = 0, seen = 0; b < 128; b++) {
      seen += hist[q * 128 + b];
      if (seen * 2 >= count[q]) return b / 512;
    }
    return 1;
  };
  if (!count[0]) return;
  const noise = median(0) * (level[0] / count[0]);
  const textured = new Uint8Array(parts + 1);
  // Only parts reaching the picture's edge, as a desk around a sheet does (writing that reaches into a
  // shadow can be cut off from it: all ink, it is no desk).
  const outer = new Uint8Array(parts + 1);
  for (let p = 0; p < g; p++) {
    const x = p % gw, y = (p - x) / gw;
    if (x === 0 || y === 0 || x === gw - 1 || y === gh - 1) outer[part[p]] = 1;
  }
  for (let q = 1; q <= parts; q++) textured[q] = outer[q] && count[q] && median(q) > Math.max(TEXTURE, (2.5 * noise) / (level[q] / count[q])) ? 1 : 0;
  for (let p = 0; p < g; p++) if (textured[part[p]]) region[p] = 2;
  for (let oy = 0; oy < oh; oy++) {
    const row = (((oy * step) / c) | 0) * gw;
    for (let ox = 0; ox < ow; ox++) if (region[row + (((ox * step) / c) | 0)] === 2) ink[oy * ow + ox] = 0;
  }
}

/**
 * Max (`grow`) or min filter of the grid over a square of radius r, reading only the cells where `use` is
 * 1 (all when null); a cell with none in reach gets -1 (max) or 2 (min). Separable, and van Herk /
 * Gil-Werman along each line: three comparisons per cell whatever the radius.
 */
export function squareFilter(src: Float32Array, use: Uint8Array | null, gw: number, gh: number, r: number, grow: boolean, out: Float32Array, tmp: Float32Array): void {
  const line = 48 * (Math.max(gw, gh) + 4 * r + 2);
  if (use) onArrays([out, src, tmp, use], (k, o, s, t, u, l) => k.square_filter(o, s, u, gw, gh, r, grow ? 1 : 0, t, l), line);
  else onArrays([out, src, tmp], (k, o, s, t, l) => k.square_filter(o, s, 0, gw, gh, r, grow ? 1 : 0, t, l), line);
}

/**
 * Closing (a max filter, then a min filter, over a square of radius r) of the grid cells of one region:
 * dark strokes narrower than 2r are filled with the paper around them, while edges between broad areas
 * (a shadow's, the sheet's) stay where they are. The max reads only the region's inner cells, as cells on
 * its boundary mix in the neighbouring region's brightness. Writes that region's cells of `out`.
 */
function closeRegion(grid: Float32Array, region: Uint8Array, which: number, gw: number, gh: number, r: number, out: Float32Array, tmp: Float32Array, tmp2: Float32Array): void {
  const n = gw * gh, ws = activeWorkspace(), useAt = room("use", n), use = ws.u8(useAt, n);
  ws.kernels.cells_inner(useAt, placed("region", region), gw, gh, which);
  squareFilter(grid, use, gw, gh, r, true, tmp2, tmp);
  for (let p = 0; p < n; p++) {
    // A region too thin to have inner cells in reach is its own background.
    if (region[p] === which && tmp2[p] < 0) tmp2[p] = grid[p];
    use[p] = region[p] === which ? 1 : 0;
  }
  squareFilter(tmp2, use, gw, gh, r, false, tmp2, tmp);
  for (let p = 0; p < n; p++) if (region[p] === which) out[p] = tmp2[p];
}

/** plane = 1 - plane, in place: light ink on dark turned around. */
function invert(plane: Float32Array): void {
  activeWorkspace().kernels.plane_affine(at(plane), at(plane), plane.length, -1, 1);
}

/**
 * Whether the writing is light on dark: the border (the background's usual place) is dark, the dark end
 * of the brightness range covers most of the picture and the bright end little of it, as with chalk on a
 * board or a white pen on a black canvas. A dim photo of paper (on a dark desk, half in a shadow) has a
 * dark border too, but its lit paper is a good part of the picture. A picture without contrast follows
 * its border. More than `dim` of the border must be dark: a picture cropped tight to a dark 1 has the
 * stroke along half its border, so a crop asks for three quarters. Bright parts broader than `broadest`
 * (in grid cells) are paper, not writing.
 */
function lightOnDark(luma: Float32Array, grid: Float32Array, gw: number, gh: number, dim: number, broadest: number): boolean {
  // The grid's border cells, each once: the first and last rows, then the first and last columns between them.
  let edge = 0, dimEdge = 0;
  const border = (p: number) => { edge++; if (grid[p] < 0.5) dimEdge++; };
  for (let x = 0; x < gw; x++) {
    border(x);
    if (gh > 1) border((gh - 1) * gw + x);
  }
  for (let y = 1; y < gh - 1; y++) {
    border(y * gw);
    if (gw > 1) border(y * gw + gw - 1);
  }
  if (dimEdge <= dim * edge) return false;
  const lo = maskedQuantile(luma, null, 0, 0.01), hi = maskedQuantile(luma, null, 0, 0.99);
  if (hi - lo < 0.1) return true;
  const step = strideFor(luma.length);
  let dark = 0, bright = 0, count = 0;
  for (let i = 0; i < luma.length; i += step) {
    count++;
    if (luma[i] < lo + 0.3 * (hi - lo)) dark++;
    else if (luma[i] > hi - 0.3 * (hi - lo)) bright++;
  }
  if (dark < 0.5 * count || bright > 0.25 * count) return false;
  // Light writing is strokes; lit paper beside a deep shadow is a broad area, wider (twice the distance
  // from its deepest cell to a dark one) than any stroke. The bright cells are closed over 3 x 3 first,
  // lest ruled lines and writing on the lit paper cut it into strips.
  // (bright_depth: the closing, then the chessboard distance to the nearest dark cell, in two passes; the
  // deepest bright cell is half the area's width.)
  const g = gw * gh, level = hi - 0.3 * (hi - lo), maskAt = Math.ceil((g * 4) / 16) * 16 + 16, need = maskAt + g + 16;
  const ws = activeWorkspace(), room = ws.offsetOf(grid) >= 0 && ws.fits(need) ? ws.named("bright-depth", need) : -1;
  // Outside a picture, or with no room held for it, on a copy in a workspace of its own.
  const deepest = room >= 0
    ? ws.kernels.bright_depth(room, room + maskAt, ws.offsetOf(grid), gw, gh, level)
    : onArrays([grid.slice()], (k, at, scratch) => k.bright_depth(scratch, scratch + maskAt, at, gw, gh, level), need);
  return 2 * deepest <= broadest;
}

/** Every how many pixels the statistics of a plane look: a sample of about 100k pixels is plenty. */
function strideFor(n: number): number {
  return Math.max(1, Math.floor(n / 100_000));
}

/**
 * Median and spread (1.4826 x the median absolute deviation) of a 0..1 plane through histograms: of the
 * whole plane, or when `ring` is given of its outer ring that many pixels wide ([width, height]).
 */
function robustSpread(plane: Float32Array, ring: [number, number, number] | null): [number, number] {
  const hist = histogramRoom(1025);
  let median = 0;
  for (let pass = 0; pass < 2; pass++) {
    if (pass === 1) hist.fill(0);
    const centre = pass === 0 ? NaN : median;
    const count = onArrays([hist, plane], (k, to, p) => {
      if (!ring) return k.histogram(to, p, plane.length, strideFor(plane.length), 1024, 1025, centre, -Infinity);
      // The ring as rectangles: whole rows at the top and bottom, the first and last r pixels of the rows between.
      const [w, h, r] = ring;
      if (h - r <= r) return k.histogram_rect(to, p, w, 0, 0, w, h, 1024, 1025, centre, -Infinity);
      let n = k.histogram_rect(to, p, w, 0, 0, w, r, 1024, 1025, centre, -Infinity);
      n += k.histogram_rect(to, p, w, 0, h - r, w, h, 1024, 1025, centre, -Infinity);
      if (w - r <= r) return n + k.histogram_rect(to, p, w, 0, r, w, h - r, 1024, 1025, centre, -Infinity);
      n += k.histogram_rect(to, p, w, 0, r, r, h - r, 1024, 1025, centre, -Infinity);
      return n + k.histogram_rect(to, p, w, w - r, r, w, h - r, 1024, 1025, centre, -Infinity);
    });
    for (let b = 0, seen = 0; b <= 1024; b++) {
      seen += hist[b];
      if (seen * 2 < count) continue;
      if (pass === 1) return [median, 1.4826 * (b / 1024)];
      median = b / 1024;
      break;
    }
  }
  return [median, 0];
}

/**
 * The paper's noise floor and the strokes' core in a darkness plane: the floor is robust (median + 4
 * spreads of the paper: the picture's border ring when given, else the whole picture, which is mostly
 * paper), and the core is the 90th percentile of the clearly inked pixels.
 */
function inkLevels(ink: Float32Array, ring: [number, number, number] | null = null, q = 0.9): [floor: number, core: number] {
  const [median, spread] = robustSpread(ink, ring);
  const floor = Math.min(0.5, median + 4 * spread);
  const hist = histogramRoom(1025);
  // Values past 1 land in the last bin, as min(1, v) would put them.
  const candidates = onArrays([hist, ink], (k, to, p) => k.histogram(to, p, ink.length, 1, 1024, 1025, NaN, floor + 0.1));
  for (let b = 0, seen = 0; b <= 1024 && candidates; b++) {
    seen += hist[b];
    if (seen > q * candidates) return [floor, b / 1024];
  }
  return [floor, floor];
}

/**
 * Removes the paper's noise floor and rescales so the strokes' core is 1: faint pencil and bold marker
 * come out alike. Returns the contrast found (core minus floor, 0..1) and the floor. `ring`: see inkLevels.
 */
export function normalizeInk(ink: Float32Array, ring: [number, number, number] | null = null): [contrast: number, floor: number] {
  const [floor, core] = inkLevels(ink, ring);
  const contrast = core - floor;
  const scale = contrast > 0 ? 1 / contrast : 0;
  onArrays([ink], (k, p) => k.plane_normalize(p, p, ink.length, floor, scale));
  return [contrast, floor];
}

/**
 * Relative darkness of every pixel against its local paper: the luma's block means on a grid of `c`-pixel
 * cells, closed region by region with radius r cells; each pixel is judged against the darkest of the
 * four cells around it, and, within `edgeReach` cells of another region, against the darkest paper there
 * (the sheet's edge, a shadow's: the edge itself never turns into ink). Only every `step`-th pixel of
 * every `step`-th row is judged, into `ink` [ceil(h / step), ceil(w / step)]. Darkness within `noise` of the
 * paper is the sensor's, wherever the paper is dim (where dividing by a dim background would magnify it).
 * Desk cells (region 2) get none.
 */
function darkness(luma: Float32Array, w: number, h: number, region: Uint8Array, c: number, r: number, edgeReach: number, noise: number, step: number, ink: Float32Array): void {
  const gw = Math.ceil(w / c), gh = Math.ceil(h / c), g = gw * gh;
  const grid = take("cells", g), background = take("background", g), tmp = take("tmp", g), tmp2 = take("tmp2", g);
  // The kernels read the region map from the workspace (the caller's is a small array of its own).
  const regionAt = placed("region", region);
  blockMean(luma, w, h, c, grid, gw, gh);
  const present = new Uint8Array(3);
  for (let p = 0; p < g; p++) present[region[p]] = 1;
  for (let which = 0; which < 3; which++) if (present[which]) closeRegion(grid, region, which, gw, gh, r, background, tmp, tmp2);
  const paperLevel = maskedQuantile(background, region, 0, 0.9), darkest = DARKEST_PAPER * paperLevel;
  fillEnclosedDark(background, region, gw, gh, darkest, paperLevel);
  // A cell is near a boundary when the regions within reach differ: the max and min of the region
  // numbers over the square differ. Separable filters: O(reach) per cell.
  const edge = take("edge", g), high = take("high", g), low = take("low", g);
  let regions = 0;
  for (let p = 0; p < g; p++) {
    tmp2[p] = region[p];
    regions |= 1 << region[p];
  }
  if (regions === 1 || regions === 2 || regions === 4) edge.fill(2);
  else {
    squareFilter(tmp2, null, gw, gh, edgeReach, true, high, tmp);
    squareFilter(tmp2, null, gw, gh, edgeReach, false, low, tmp);
    squareFilter(background, null, gw, gh, edgeReach, false, edge, tmp);
    for (let p = 0; p < g; p++) if (high[p] === low[p]) edge[p] = 2;
  }
  const ws = activeWorkspace();
  ws.kernels.darkness_grid(at(ink), at(luma), w, h, c, step, at(background), at(edge), regionAt, noise, darkest, room("darkness-row", w * 16));
}

/**
 * Background too dark to be paper that neither reaches the picture's edge nor borders the desk: a solid
 * mark broader than the closing (a bold pen's filled loops), which the closing took for paper. Shadows
 * and the desk come in from outside the picture; a mark lies on the paper, all round. Such cells of
 * `background` [gh, gw] get the paper's level, so the mark is judged as ink.
 */
function fillEnclosedDark(background: Float32Array, region: Uint8Array, gw: number, gh: number, darkest: number, paperLevel: number): void {
  const g = gw * gh, seen = new Uint8Array(g), queue = new Int32Array(g);
  let tail = 0, dark = 0;
  for (let p = 0; p < g; p++) {
    if (region[p] === 2 || background[p] >= darkest) continue;
    dark++;
    const x = p % gw, y = (p - x) / gw;
    const outside = x === 0 || y === 0 || x === gw - 1 || y === gh - 1 ||
      region[p - 1] === 2 || region[p + 1] === 2 || region[p - gw] === 2 || region[p + gw] === 2;
    if (outside) {
      seen[p] = 1;
      queue[tail++] = p;
    }
  }
  if (dark === 0) return;
  for (let head = 0; head < tail; head++) {
    const p = queue[head], x = p % gw;
    for (let k = 0; k < 4; k++) {
      const q = k === 0 ? (x > 0 ? p - 1 : -1) : k === 1 ? (x < gw - 1 ? p + 1 : -1) : k === 2 ? p - gw : p + gw;
      if (q < 0 || q >= g || seen[q] || region[q] === 2 || background[q] >= darkest) continue;
      seen[q] = 1;
      queue[tail++] = q;
    }
  }
  if (tail === dark) return;
  for (let p = 0; p < g; p++) if (!seen[p] && region[p] !== 2 && background[p] < darkest) background[p] = paperLevel;
}

/**
 * Darkness that is not ink: pixels judged dark against their background (the narrow tip of a shadow, shade
 * a closing could not follow) that are as bright as paper with no darkness next to them, reached through
 * such pixels without a step in brightness (beyond `noise`, the sensor's). Every pixel of the flood is
 * compared with the brightness of the paper it started from, so it never creeps into a stroke, however
 * soft its edge. Clears their ink.
 */
function clearShade(ink: Float32Array, luma: Float32Array, w: number, h: number, noise: number): void {
  const n = w * h, ws = activeWorkspace();
  ws.kernels.clear_shade(at(ink), at(luma), at(take("reference", n)), room("queue", n * 4), w, h, SHADE_SEED, SHADE_STEP, noise);
}

/**
 * [n] 1 where darkness found paper, lit or shaded: no ink, and no darker than `darkest` (the desk beside
 * the sheet is darker than any ink written near its edge). Taken before shade is cleared: a flood may
 * hollow out a line's core, whose edges would then look like a step beside paper. In the workspace.
 */
function paperOf(ink: Float32Array, luma: Float32Array, n: number, darkest: number): Uint8Array {
  const use = activeWorkspace().u8(room("stack", n * 8), n);
  for (let p = 0; p < n; p++) use[p] = ink[p] <= SHADE_SEED && luma[p] >= darkest ? 1 : 0;
  return use;
}

/**
 * Darkness that is not ink: pixels brighter than paper (`use`, see paperOf) within EDGE_REACH pixels of
 * them. Ink is
 * darker than the paper all round it; a step between broad areas of light (a shadow's edge, its tip, the
 * sheet's edge inside a shadow) leaves a band of in-between pixels that the closing judged against the
 * brighter side, and that band is brighter than the darker side's paper right beside it. Clears their ink.
 */
function clearEdges(ink: Float32Array, luma: Float32Array, w: number, h: number, noise: number, use: Uint8Array): void {
  const n = w * h, nearest = take("reference", n), tmp = take("queue", n);
  squareFilter(luma, use, w, h, EDGE_REACH, false, nearest, tmp);
  for (let p = 0; p < n; p++) {
    if (ink[p] > SHADE_SEED && luma[p] > nearest[p] - noise) ink[p] = 0;
  }
}

/**
 * The width of the boldest strokes, in pixels: twice the area over the outline of each large part of the
 * ink (at half its contrast), the largest of them. Erring bold only makes the next closing broader. Solid
 * shapes (wider than a third of their size: a shadow's tip the first closing filled) are not strokes.
 */
function strokeWidthOf(ink: Float32Array, w: number, h: number): number {
  const [floor, core] = inkLevels(ink);
  const darkest = inkLevels(ink, null, 0.99)[1];
  const widest = widestAt(ink, w, h, floor + 0.5 * (core - floor));
  // Faint marks (a ruling's lines) may hold most of the ink and set its core, and cross a bolder, darker
  // digit: at their half-contrast they are one part with it, as thin as they are. Halfway to the darkest
  // ink they drop out and the digit stands alone.
  return darkest > floor + 1.5 * (core - floor) ? Math.max(widest, widestAt(ink, w, h, floor + 0.5 * (darkest - floor))) : widest;
}

/** The width of the boldest strokes among the parts of ink above `t`: see strokeWidthOf. */
function widestAt(ink: Float32Array, w: number, h: number, t: number): number {
  const n = w * h, ws = activeWorkspace(), labels = room("labels", n * 4);
  const count = ws.kernels.label_components(labels, at(ink), w, h, t, 1, room("stack", n * 8));
  const stats = room("stats", count * 88);
  ws.kernels.component_stats(stats, labels, w, h, count);
  const shapes = ws.f64(stats, count * 11);
  const area: number[] = [], width: number[] = [], large: boolean[] = [];
  for (let i = 0; i < count; i++) {
    // area, outline, x0, y0, x1, y1 (exclusive): the part's extent measured as max - min, and min to max + 1 down.
    const s = i * 11, a = shapes[s], o = shapes[s + 1], x0 = shapes[s + 2], y0 = shapes[s + 3], x1 = shapes[s + 4] - 1, y1 = shapes[s + 5] - 1;
    const stroke = (2 * a) / Math.max(1, o), extent = Math.max(x1 - x0, y1 - y0 + 1);
    area.push(a);
    width.push(stroke <= extent / 3 ? stroke : 0);
    large.push(extent >= DIGIT_EXTENT * Math.min(w, h));
  }
  // A part counts when it holds a good share of the ink, or is as large as a digit: a ruling's net of
  // thin lines may hold most of the ink, and must not hide the one bold digit written over it.
  let largest = 0, widest = 0;
  area.forEach((a, i) => { if (width[i] > 0) largest = Math.max(largest, a); });
  area.forEach((a, i) => { if (width[i] > 0 && (a >= 0.25 * largest || large[i])) widest = Math.max(widest, width[i]); });
  return widest;
}

/**
 * The sensor's noise (standard deviation of luma): the median difference between horizontal neighbours,
 * which edges hardly move, over sqrt(2) x 0.6745 (a Gaussian's median absolute value).
 */
function sensorNoise(luma: Float32Array, w: number, h: number): number {
  const hist = histogramRoom(1025), step = Math.max(1, Math.floor(h / 200));
  const count = onArrays([hist, luma], (k, to, p) => k.histogram_steps(to, p, w, h, step, 4096, 1025));
  for (let b = 0, seen = 0; b <= 1024; b++) {
    seen += hist[b];
    if (seen * 2 >= count) return b / 4096 / 0.954;
  }
  return 0;
}

/** The rotation of the sheet's edges: where sheet cells (region 0) meet the desk, away from the picture's edge. */
function sheetRotation(region: Uint8Array, gw: number, gh: number): number | null {
  const points: number[] = [];
  for (let y = 1; y < gh - 1; y++) {
    for (let x = 1; x < gw - 1; x++) {
      const p = y * gw + x;
      // The desk's edge only: a shadow's edge across the sheet is straight too, at any angle.
      if (region[p] !== 0) continue;
      if (region[p - 1] === 2 || region[p + 1] === 2 || region[p - gw] === 2 || region[p + gw] === 2) points.push(x, y);
    }
  }
  return points.length >= 2 * Math.min(gw, gh) ? edgeRotation(Int32Array.from(points), gw, gh) : null;
}

/** Median of a plane's outermost ring of pixels. */
/**
 * Whether the picture's paper is one exact level: most of its border, and at least a third of the whole
 * picture, within one grey level of the border's median. Never so in a photo (its sensor's noise and its
 * light vary); so in a canvas, a drawing program's export, or a scan whose background was whitened.
 */
function flatPaper(luma: Float32Array, w: number, h: number): boolean {
  const level = borderMedian(luma, w, h), near = 1.5 / 255;
  const flatAt = (i: number) => (Math.abs(luma[i] - level) <= near ? 1 : 0);
  // The border, each pixel once: the top and bottom rows, then the first and last columns between them.
  let edge = 0, flatEdge = 0;
  for (let x = 0; x < w; x++) {
    flatEdge += flatAt(x);
    edge++;
    if (h > 1) { flatEdge += flatAt((h - 1) * w + x); edge++; }
  }
  for (let y = 1; y < h - 1; y++) {
    flatEdge += flatAt(y * w);
    edge++;
    if (w > 1) { flatEdge += flatAt(y * w + w - 1); edge++; }
  }
  if (flatEdge < 0.9 * edge) return false;
  let flat = 0;
  // Every third pixel is plenty to tell.
  for (let i = 0; i < w * h; i += 3) flat += flatAt(i);
  return flat * 3 >= w * h / 3;
}

function borderMedian(plane: Float32Array, w: number, h: number): number {
  const hist = histogramRoom(256);
  // Four sides, each pixel once: the top and bottom rows, then the first and last columns between them.
  const count = onArrays([hist, plane], (k, to, p) => {
    let n = k.histogram_rect(to, p, w, 0, 0, w, 1, 255, 256, NaN, -Infinity);
    if (h > 1) n += k.histogram_rect(to, p, w, 0, h - 1, w, h, 255, 256, NaN, -Infinity);
    n += k.histogram_rect(to, p, w, 0, 1, 1, h - 1, 255, 256, NaN, -Infinity);
    if (w > 1) n += k.histogram_rect(to, p, w, w - 1, 1, w, h - 1, 255, 256, NaN, -Infinity);
    return n;
  });
  for (let v = 0, seen = 0; v < 256; v++) {
    seen += hist[v];
    if (seen * 2 >= count) return v / 255;
  }
  return 1;
}

/** Ink of every pixel of an image at working resolution, with the paper found and its light evened out. */
export function findInk(image: RgbaInput): InkField {
  if (!pictureWorkspace()) {
    // Called on its own (tests, tools): in the default workspace, and the ink handed out is the caller's.
    const field = onPicture(image, activeWorkspace(), (picture) => findInk(picture));
    return { ...field, ink: field.ink.slice() };
  }
  const k = shrinkFactor(image.width, image.height);
  const w = Math.ceil(image.width / k), h = Math.ceil(image.height / k), n = w * h;
  const luma = take("luma", n), alpha = take("alpha", n);
  loadPlanes(image, k, luma, alpha, w, h);
  // Every pixel is written below (alpha, darkness against one paper, or darkness against the grid).
  const ink = take("ink", n);
  const field: InkField = { width: w, height: h, scale: k, ink, inverted: false, contrast: 0, floor: 0, sheet: false, photo: false, lines: 0, rotation: null,
    paper: { x0: 0, y0: 0, x1: w, y1: h },
  };

  // A transparent canvas export: most of the border clear, the ink is alpha itself.
  const ring = Math.max(1, Math.floor(Math.min(w, h) / 25));
  let border = 0, clear = 0;
  for (let y = 0; y < h; y++) {
    const edgeRow = y < ring || y >= h - ring;
    for (let x = 0; x < w; x++) {
      // Rows inside the ring visit only their first and last `ring` pixels.
      if (!edgeRow && x === ring && w - ring > ring) x = w - ring;
      border++;
      if (alpha[y * w + x] < 0.5) clear++;
    }
  }
  const transparent = clear * 2 > border;
  const even = !transparent && (Math.min(w, h) < MIN_PHOTO || flatPaper(luma, w, h));
  if (transparent) {
    ink.set(alpha);
  } else if (even) {
    // A small picture (a scan, a crop, an export) is lit evenly and its ink may fill whole rows (a 1
    // cropped to its width): its paper is the median of its border, everywhere. So is a picture whose
    // paper is one exact level (a canvas, a drawing program, a scan with its background whitened): no
    // light falls across it, and no desk surrounds it.
    field.inverted = lightOnDark(luma, luma, w, h, 0.75, Infinity);
    if (field.inverted) invert(luma);
    const paper = Math.max(1 / 255, borderMedian(luma, w, h));
    activeWorkspace().kernels.plane_darkness(at(ink), at(luma), n, paper);
    if (Math.min(w, h) >= MIN_PHOTO) {
      const [floor, core] = inkLevels(ink);
      field.lines = divideLines({ ink, width: w, height: h, paper: null }, floor + LINE_INK * (core - floor)).lines;
    }
  } else {
    field.photo = true;
    const c = Math.max(1, Math.round(Math.min(w, h) / GRID));
    const gw = Math.ceil(w / c), gh = Math.ceil(h / c), g = gw * gh;
    const grid = take("grid", g);
    blockMean(luma, w, h, c, grid, gw, gh);
    const region = new Uint8Array(g);
    const r = Math.max(1, Math.ceil((CLOSING * Math.max(w, h)) / c));
    field.sheet = findSheet(grid, gw, gh, r, region);
    if (field.sheet) markDesk(grid, gw, gh, region);
    else {
      region.fill(0);
      field.inverted = lightOnDark(luma, grid, gw, gh, 0.5, BROADEST_STROKE * Math.min(gw, gh));
    }
    if (field.inverted) {
      invert(luma);
      invert(grid);
    }
    const noise = NOISE * sensorNoise(luma, w, h);
    // A first look at half resolution, with a closing as broad as the boldest digit the picture could hold:
    // where the desk is textured, and how bold the strokes are.
    const hw = Math.ceil(w / 2), hh = Math.ceil(h / 2), half = take("half", hw * hh);
    darkness(luma, w, h, region, c, r, 2, noise, 2, half);
    if (field.sheet) markTexture(half, w, h, 2, take("background", g), region, gw, gh, c);
    // Then the closing sized to the strokes found: broad enough to fill the boldest of them, and no
    // broader, so a shadow, even a narrow one or the tip of one, stays background.
    const reach = Math.ceil(STROKE_MARGIN * 2 * strokeWidthOf(half, hw, hh) + 2);
    if (reach >= 0.6 * r * c) darkness(luma, w, h, region, c, r, 2, noise, 1, ink);
    else {
      const c2 = Math.max(1, Math.floor(reach / 3), Math.ceil(Math.sqrt(n / MAX_CELLS)));
      const gw2 = Math.ceil(w / c2), gh2 = Math.ceil(h / c2);
      const region2 = new Uint8Array(gw2 * gh2);
      for (let y = 0; y < gh2; y++) {
        const row = Math.min(gh - 1, ((y * c2) / c) | 0) * gw;
        // Paper in a shadow and lit paper are one region now: a closing this narrow keeps a shadow's edge.
        for (let x = 0; x < gw2; x++) region2[y * gw2 + x] = region[row + Math.min(gw - 1, ((x * c2) / c) | 0)] === 2 ? 2 : 0;
      }
      darkness(luma, w, h, region2, c2, Math.ceil(reach / c2), Math.ceil((2 * c) / c2), noise, 1, ink);
    }
    // Paper, lit or shaded, is no darker than this; with no sheet found, the desk counts as paper.
    const darkest = field.sheet ? DARKEST_PAPER * maskedQuantile(grid, region, 0, 0.9) : 0;
    const paperAt = paperOf(ink, luma, n, darkest);
    clearShade(ink, luma, w, h, noise);
    clearEdges(ink, luma, w, h, noise, paperAt);
    // Lines only count the paper they cross: the sheet's pixels when a sheet was found.
    let paper: Uint8Array | null = null;
    if (field.sheet) {
      paper = activeWorkspace().u8(room("paper", n), n);
      paper.fill(0);
      const box = { x0: w, y0: h, x1: 0, y1: 0 };
      for (let y = 0; y < h; y++) {
        const row = ((y / c) | 0) * gw;
        for (let x = 0; x < w; x++) {
          if (region[row + ((x / c) | 0)] === 2) continue;
          paper[y * w + x] = 1;
          if (x < box.x0) box.x0 = x;
          if (x >= box.x1) box.x1 = x + 1;
          if (y < box.y0) box.y0 = y;
          if (y >= box.y1) box.y1 = y + 1;
        }
      }
      if (box.x1 > box.x0) field.paper = box;
    }
    const [floor, core] = inkLevels(ink);
    const found = divideLines({ ink, width: w, height: h, paper }, floor + LINE_INK * (core - floor));
    field.lines = found.lines;
    // One straight line (a page's edge, a fold) tells nothing of the sheet's turn; a ruling has several.
    field.rotation = (found.lines >= 2 ? found.rotation : null) ?? (field.sheet ? sheetRotation(region, gw, gh) : null);
  }
  // A scan, a crop or an export has paper all round its writing: the border tells the paper's noise. A
  // photo's border may be a desk: there the picture as a whole, mostly paper, tells it.
  const small = transparent || even;
  [field.contrast, field.floor] = normalizeInk(ink, small ? [w, h, ring] : null);
  return field;
}
