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

/**
 * The pixels of line-like ink of a family: at least `low` dark, in a run across the lines no longer than
 * `thick`, written to `pairs` as (main, cross), main-major. Returns how many i32 it wrote. Twice per photo.
 */
export function thin_runs(pairs: usize, ink: usize, w: i32, h: i32, transposed: i32, low: f64, thick: i32): i32 {
  const mains = transposed ? h : w, crosses = transposed ? w : h;
  let n = 0;
  for (let m = 0; m < mains; m++) {
    let start = -1;
    for (let c = 0; c <= crosses; c++) {
      const on = c < crosses && <f64>load<f32>(ink + (<usize>indexOf(transposed, w, m, c) << 2)) >= low;
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
