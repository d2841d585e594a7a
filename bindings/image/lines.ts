// Ruled and squared lines, margin lines, the shadow line of a page edge: long thin straight lines found
// along the sheet's rows and columns (at the sheet's tilt, by the sharpness of their projection) and
// divided out of the ink. Ink darkens multiplicatively, so a digit written across a line keeps its
// strokes and the line leaves nothing behind. Not here: short strokes that are not digits (segment.ts).
//
// A family of lines is "along the rows" (main axis x, lines cross it in y) or "along the columns" (the
// transposed case: main axis y). At angle t, a pixel's offset across the lines is
// rho = cross * cos t - main * sin t, in bins of 1/BINS pixel.
// The passes over pixels and points are kernels (assembly/project.ts), run in the picture's workspace.

import { onArrays, pictureWorkspace } from "./workspace.js";

/** Bins per pixel of offset across a line. */
const BINS = 4;
/** A line is covered by line-like ink on at least this fraction of the paper it crosses... */
const COVERAGE = 0.5;
/** ...and runs from end to end of that paper (its covered span over the paper's span along it). */
const SPAN = 0.85;

export interface LineInput {
  /** [height, width] raw darkness 0..1, changed in place. */
  ink: Float32Array;
  width: number;
  height: number;
  /** [height, width] 1 where the pixel is on the sheet (lines only count paper they cross), or null for all. */
  paper: Uint8Array | null;
}

/** The pixel index of (main, cross) in a family. */
function indexOf(transposed: boolean, width: number, main: number, cross: number): number {
  return transposed ? main * width + cross : cross * width + main;
}

/**
 * Pixels of line-like ink for a family: at least `low` dark, in a run across the lines no longer than
 * `thick` pixels (a digit's stroke crossing a line is not line-like). Returns (main, cross) pairs.
 */
function thinInk(input: LineInput, transposed: boolean, low: number, thick: number): Int32Array {
  const { ink, width, height } = input;
  // At most every pixel, as two i32: in the picture's workspace when the ink is there, else a plain array.
  const ws = pictureWorkspace(), n = 2 * width * height;
  const pairs = ws && ws.offsetOf(ink) >= 0 ? ws.i32(ws.named("line-pairs", 4 * n), n) : new Int32Array(n);
  const count = onArrays([pairs, ink], (k, p, src) => k.thin_runs(p, src, width, height, transposed ? 1 : 0, low, thick));
  return pairs.subarray(0, count);
}

/**
 * n f64 named `name` in the memory `points` lie in (a picture's workspace, where the same name is the same
 * place each time), so the kernels read both in place; else a plain array.
 */
function binsBeside(points: Int32Array, name: string, n: number): Float64Array {
  const ws = pictureWorkspace();
  return ws && ws.offsetOf(points) >= 0 ? ws.f64(ws.named(name, n * 8), n) : new Float64Array(n);
}

/** Sharpness of the projection of `points` at `degrees` in bins of `bin` pixels. */
function sharpness(points: Int32Array, stride: number, degrees: number, bin: number, mains: number, crosses: number, counts: Float64Array): number {
  const t = (degrees * Math.PI) / 180, cos = Math.cos(t), sin = Math.sin(t);
  const offset = mains + bin, bins = Math.ceil((crosses + 2 * mains) / bin) + 3;
  // Each point votes for the two bins around its offset, in proportion (hard bins would make the pixel
  // lattice itself look sharp at 0 and 45 degrees); only peaks count, each bin against the mean of the 16
  // around it, so the broad shape of the sheet and the noise (which change with the angle) do not.
  return onArrays([counts, points], (k, c, p) => k.projection_sharpness(c, p, points.length, stride, cos, sin, offset, bin, bins));
}

/**
 * The tilts of the family's lines between -45 and 45 degrees: the sharpest projection and up to two more
 * directions that also give sharp peaks (a page edge across ruled paper), each refined coarse to fine.
 */
function bestAngles(points: Int32Array, mains: number, crosses: number): number[] {
  const counts = binsBeside(points, "line-counts", 2 * (crosses + 2 * mains) + 16);
  // A sample of the points is enough: 3000 to find the directions, 6000 to refine them.
  const coarseStride = Math.max(1, Math.floor(points.length / 2 / 3000)), stride = Math.max(1, Math.floor(points.length / 2 / 6000));
  const coarse = new Float64Array(61);
  for (let k = 0; k <= 60; k++) coarse[k] = sharpness(points, coarseStride, -45 + 1.5 * k, 4, mains, crosses, counts);
  const peaks: number[] = [];
  for (let k = 0; k <= 60; k++) {
    if ((k > 0 && coarse[k - 1] >= coarse[k]) || (k < 60 && coarse[k + 1] > coarse[k])) continue;
    peaks.push(k);
  }
  peaks.sort((a, b) => coarse[b] - coarse[a]);
  const top = coarse[peaks[0]];
  return peaks.slice(0, 3).filter((k) => coarse[k] >= 0.1 * top).map((k) => {
    let best = -45 + 1.5 * k;
    for (const [span, step, bin] of [[1.5, 0.25, 1], [0.25, 0.025, 1]]) {
      const centre = best;
      let score = -1;
      for (let a = centre - span; a <= centre + span + 1e-9; a += step) {
        const s = sharpness(points, stride, a, bin, mains, crosses, counts);
        if (s > score) { score = s; best = a; }
      }
    }
    return best;
  });
}

/**
 * Finds the lines of one family and divides each out of the ink: the line's own darkness, bin by bin
 * across it, is the median along its whole length (robust to the ink of digits crossing or sitting on it).
 * Returns how many were found and the tilt (degrees) at which most were.
 */
function divideFamily(input: LineInput, transposed: boolean, low: number, thick: number): [number, number] {
  const { width } = input;
  const mains = transposed ? input.height : width, crosses = transposed ? width : input.height;
  const points = thinInk(input, transposed, low, thick);
  if (points.length < 2 * Math.min(mains, crosses)) return [0, 0];
  let found = 0, most = 0, tilt = 0;
  for (const degrees of bestAngles(points, mains, crosses)) {
    const lines = divideAt(input, transposed, points, degrees);
    found += lines;
    if (lines > most) { most = lines; tilt = degrees; }
  }
  return [found, tilt];
}

/** Finds the lines of a family at one tilt and divides each out. */
function divideAt(input: LineInput, transposed: boolean, points: Int32Array, degrees: number): number {
  const { width, paper } = input;
  const mains = transposed ? input.height : width, crosses = transposed ? width : input.height;
  const t = (degrees * Math.PI) / 180, cos = Math.cos(t), sin = Math.sin(t);
  const offset = mains, bins = Math.ceil((crosses + 2 * mains) * BINS) + 2;
  // Per bin: line-like ink and paper, each with the span (first, last main coordinate) they cover.
  const hits = binsBeside(points, "line-hits", bins).fill(0), chord = binsBeside(points, "line-chord", bins).fill(0);
  const hitLo = binsBeside(points, "line-hit-lo", bins).fill(Infinity), hitHi = binsBeside(points, "line-hit-hi", bins).fill(-Infinity);
  const chordLo = binsBeside(points, "line-chord-lo", bins).fill(Infinity), chordHi = binsBeside(points, "line-chord-hi", bins).fill(-Infinity);
  onArrays([hits, hitLo, hitHi, points], (k, h, lo, hi, p) => k.project_points(h, lo, hi, p, points.length, cos, sin, offset, BINS));
  // No window holds enough line-like ink for even the shortest line: no need to measure the paper.
  const minChord = Math.max(40, 0.25 * Math.min(mains, crosses));
  let most = 0, window = 0;
  for (let b = 0; b < bins; b++) {
    window += hits[b] - (b >= BINS ? hits[b - BINS] : 0);
    if (window > most) most = window;
  }
  if (most < COVERAGE * minChord) return 0;
  // Every other row along the lines is enough to measure the paper they cross (each counts twice).
  const height = input.height, across = transposed ? 1 : 0;
  if (paper) onArrays([chord, chordLo, chordHi, paper], (k, c, lo, hi, p) => k.project_paper(c, lo, hi, p, width, height, across, cos, sin, offset, BINS, 2));
  else onArrays([chord, chordLo, chordHi], (k, c, lo, hi) => k.project_paper(c, lo, hi, 0, width, height, across, cos, sin, offset, BINS, 2));
  // A line: a run of one-pixel windows (BINS bins) each mostly covered, spanning its chord end to end.
  let found = 0;
  for (let b = 0; b + BINS <= bins; ) {
    if (!isLine(b)) { b++; continue; }
    let end = b + 1;
    while (end + BINS <= bins && isLine(end)) end++;
    // The band: the covered windows and one pixel either side for the anti-aliased edges.
    divideBand(input, transposed, t, offset, Math.max(0, b - BINS), Math.min(bins, end + 2 * BINS));
    found++;
    b = end + BINS;
  }
  return found;

  /** Whether the one-pixel window of bins from k is covered by a line from end to end of its paper. */
  function isLine(k: number): boolean {
    let hit = 0, all = 0, lo = Infinity, hi = -Infinity, clo = Infinity, chi = -Infinity;
    for (let j = k; j < k + BINS; j++) {
      hit += hits[j];
      all += chord[j];
      if (hitLo[j] < lo) lo = hitLo[j];
      if (hitHi[j] > hi) hi = hitHi[j];
      if (chordLo[j] < clo) clo = chordLo[j];
      if (chordHi[j] > chi) chi = chordHi[j];
    }
    return all >= minChord && hit >= COVERAGE * all && hi - lo >= SPAN * (chi - clo);
  }
}

/** Divides the ink in bins [b0, b1) across a line by the line's median darkness in each bin. */
function divideBand(input: LineInput, transposed: boolean, t: number, offset: number, b0: number, b1: number): void {
  const { ink, width } = input;
  const mains = transposed ? input.height : width, crosses = transposed ? width : input.height;
  const cos = Math.cos(t), sin = Math.sin(t), n = b1 - b0;
  const hist = new Uint32Array(n * 256), count = new Uint32Array(n);
  const rho0 = b0 / BINS - offset, rho1 = b1 / BINS - offset;
  for (let pass = 0; pass < 2; pass++) {
    const level = new Float32Array(n);
    if (pass === 1) {
      for (let j = 0; j < n; j++) {
        for (let v = 0, seen = 0; v < 256; v++) {
          seen += hist[j * 256 + v];
          if (seen * 2 >= count[j]) { level[j] = v / 255; break; }
        }
      }
    }
    for (let m = 0; m < mains; m++) {
      // cross = (rho + m sin) / cos over the band's rho range.
      const c0 = Math.max(0, Math.ceil((rho0 + m * sin) / cos)), c1 = Math.min(crosses - 1, Math.floor((rho1 + m * sin) / cos));
      for (let c = c0; c <= c1; c++) {
        const j = Math.floor((c * cos - m * sin + offset) * BINS) - b0;
        if (j < 0 || j >= n) continue;
        const i = indexOf(transposed, width, m, c);
        if (pass === 0) {
          hist[j * 256 + Math.min(255, Math.round(ink[i] * 255))]++;
          count[j]++;
        } else {
          const l = level[j], v = l < 1 ? (ink[i] - l) / (1 - l) : 0;
          ink[i] = v > 0 ? v : 0;
        }
      }
    }
  }
}

/**
 * The rotation (degrees, clockwise) of the straight edges among `points` (x, y pairs on a w x h grid, such
 * as the outline of a sheet): that of its rows or of its columns, whichever projects the sharper.
 */
export function edgeRotation(points: Int32Array, w: number, h: number): number {
  const swapped = new Int32Array(points.length);
  for (let i = 0; i < points.length; i += 2) { swapped[i] = points[i + 1]; swapped[i + 1] = points[i]; }
  const rows = bestAngles(points, w, h)[0], columns = bestAngles(swapped, h, w)[0];
  const counts = new Float64Array(2 * (w + h) * 3 + 16);
  const sharpRows = sharpness(points, 1, rows, 1, w, h, counts), sharpColumns = sharpness(swapped, 1, columns, 1, h, w, counts);
  return sharpRows >= sharpColumns ? rows : -columns;
}

/**
 * Divides the long straight lines of both families out of the raw darkness; `low` is the darkness from
 * which a pixel may belong to a line. Returns how many lines were found and, when there were some, the
 * sheet's rotation they show (degrees, clockwise in the picture: rows run at this angle, columns at it
 * plus 90), or null.
 */
export function divideLines(input: LineInput, low: number): { lines: number; rotation: number | null } {
  const thick = Math.max(3, Math.round(0.01 * Math.max(input.width, input.height)));
  const [rows, rowTilt] = divideFamily(input, false, low, thick);
  const [columns, columnTilt] = divideFamily(input, true, low, thick);
  // A column leaning right as it goes down is a sheet turned anticlockwise.
  if (rows === 0 && columns === 0) return { lines: 0, rotation: null };
  return { lines: rows + columns, rotation: rows >= columns ? rowTilt : -columnTilt };
}
