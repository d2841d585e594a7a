// Projections for finding ruled lines: the thin runs of ink along one axis, and points or paper pixels
// binned by their offset across lines at a tilt. A family of lines runs "along the rows" (main axis x,
// transposed = 0) or "along the columns" (main axis y); at angle t a pixel's offset across the lines is
// cross cos t - main sin t (+ offset). Shapes: ink [h, w] f32, paper [h, w] u8, points [n / 2] (main,
// cross) i32 pairs, bin arrays f64. Computed in f64, as plain JavaScript does; cos and sin come from the
// caller (Math.cos differs from engine to engine). Not here: deciding what is a line (lines.ts).

// @ts-ignore: decorator
@inline function indexOf(transposed: i32, w: i32, m: i32, c: i32): i32 {
  return transposed ? m * w + c : c * w + m;
}

// @ts-ignore: decorator
@inline function allBelow(at: usize, low: v128): bool {
  // Four f32 widened to f64 exactly, as the scalar test compares them; NaN is not below (the scalar path decides).
  const v = v128.load(at);
  const lowHalf = f64x2.lt(f64x2.promote_low_f32x4(v), low);
  const highHalf = f64x2.lt(f64x2.promote_low_f32x4(i8x16.shuffle(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15)), low);
  return i64x2.all_true(v128.and(lowHalf, highHalf));
}

/**
 * The pixels of line-like ink of a family: at least `low` dark, in a run across the lines no longer than
 * `thick`, written to `pairs` as (main, cross), main-major. Returns how many i32 it wrote. `pairs` holds
 * 2 w h i32 (every pixel's pair); for the family along the rows the ink is first transposed into its second
 * half, so both families read along memory (a pair written never reaches ink not yet read: pixel i's pair
 * ends by byte 8 i + 8, and pixel j > i lies at 4 w h + 4 j). Runs of paper skip four pixels at a time. Twice per photo.
 */
export function thin_runs(pairs: usize, ink: usize, w: i32, h: i32, transposed: i32, low: f64, thick: i32): i32 {
  const mains = transposed ? h : w, crosses = transposed ? w : h;
  let src = ink;
  if (!transposed) {
    src = pairs + (<usize>(w * h) << 2);
    // In blocks of 16 x 16, so the columns read and the rows written stay in cache.
    for (let y0 = 0; y0 < h; y0 += 16) {
      for (let x0 = 0; x0 < w; x0 += 16) {
        const y1 = min(h, y0 + 16), x1 = min(w, x0 + 16);
        for (let x = x0; x < x1; x++) {
          for (let y = y0; y < y1; y++) store<f32>(src + (<usize>(x * h + y) << 2), load<f32>(ink + (<usize>(y * w + x) << 2)));
        }
      }
    }
  }
  const below = f64x2.splat(low);
  let n = 0;
  for (let m = 0; m < mains; m++) {
    const row = src + (<usize>(m * crosses) << 2);
    let start = -1;
    for (let c = 0; c <= crosses; c++) {
      if (start < 0) while (c + 4 <= crosses && allBelow(row + (<usize>c << 2), below)) c += 4;
      const on = c < crosses && <f64>load<f32>(row + (<usize>c << 2)) >= low;
      if (on && start < 0) start = c;
      if (on || start < 0) continue;
      if (c - start <= thick) {
        for (let k = start; k < c; k++) {
          store<i32>(pairs + (<usize>n << 2), m);
          store<i32>(pairs + (<usize>n << 2), k, 4);
          n += 2;
        }
      }
      start = -1;
    }
  }
  return n;
}

/**
 * How sharp the projection of every stride-th point is: each point votes for the two bins (of `bin`
 * pixels) around its offset in proportion, then every bin's excess over the mean of the 17 around it is
 * squared and summed. Overwrites counts[0..bins]. About 150 calls per family of lines.
 */
export function projection_sharpness(counts: usize, points: usize, n: i32, stride: i32, cos: f64, sin: f64, offset: f64, bin: f64, bins: i32): f64 {
  memory.fill(counts, 0, <usize>(bins + 1) << 3);
  for (let i = 0; i < n; i += 2 * stride) {
    const p = points + (<usize>i << 2);
    const at = (<f64>load<i32>(p, 4) * cos - <f64>load<i32>(p) * sin + offset) / bin - 0.5;
    const b = Math.floor(at), f = at - b;
    const c = counts + (<usize><i32>b << 3);
    store<f64>(c, load<f64>(c) + (1 - f));
    store<f64>(c, load<f64>(c, 8) + f, 8);
  }
  const half = 8;
  let sum: f64 = 0, window: f64 = 0;
  for (let b = 0; b < min(bins, half); b++) window += load<f64>(counts + (<usize>b << 3));
  for (let b = 0; b < bins; b++) {
    if (b + half < bins) window += load<f64>(counts + (<usize>(b + half) << 3));
    if (b - half - 1 >= 0) window -= load<f64>(counts + (<usize>(b - half - 1) << 3));
    const excess = load<f64>(counts + (<usize>b << 3)) - window / <f64>(2 * half + 1);
    if (excess > 0) sum += excess * excess;
  }
  return sum;
}

/**
 * Bins points by offset (bin = floor((cross cos - main sin + offset) * scale)): hits[bin] += 1, and the
 * least and greatest main coordinate per bin into lo and hi. Accumulates. Once per tilt tried.
 */
export function project_points(hits: usize, lo: usize, hi: usize, points: usize, n: i32, cos: f64, sin: f64, offset: f64, scale: f64): void {
  for (let i = 0; i < n; i += 2) {
    const p = points + (<usize>i << 2);
    const m = <f64>load<i32>(p);
    const b = <usize><i32>Math.floor((<f64>load<i32>(p, 4) * cos - m * sin + offset) * scale) << 3;
    store<f64>(hits + b, load<f64>(hits + b) + 1);
    if (m < load<f64>(lo + b)) store<f64>(lo + b, m);
    if (m > load<f64>(hi + b)) store<f64>(hi + b, m);
  }
}

/**
 * Bins the paper pixels (paper[i] != 0; all pixels when paper is 0) of every mstep-th line along the main
 * axis as project_points bins points, each counting mstep, into chord, lo and hi. Accumulates. Once per tilt
 * whose points could hold a line.
 */
export function project_paper(chord: usize, lo: usize, hi: usize, paper: usize, w: i32, h: i32, transposed: i32, cos: f64, sin: f64, offset: f64, scale: f64, mstep: i32): void {
  const mains = transposed ? h : w, crosses = transposed ? w : h;
  const weight = <f64>mstep;
  for (let m = 0; m < mains; m += mstep) {
    const mf = <f64>m;
    for (let c = 0; c < crosses; c++) {
      if (paper != 0 && load<u8>(paper + <usize>indexOf(transposed, w, m, c)) == 0) continue;
      const b = <usize><i32>Math.floor((<f64>c * cos - mf * sin + offset) * scale) << 3;
      store<f64>(chord + b, load<f64>(chord + b) + weight);
      if (mf < load<f64>(lo + b)) store<f64>(lo + b, mf);
      if (mf > load<f64>(hi + b)) store<f64>(hi + b, mf);
    }
  }
}
