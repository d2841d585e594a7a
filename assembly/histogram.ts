// Histograms of 0..1 values, from which the caller reads quantiles (a median, a percentile, the paper's
// noise). A value v lands in bin round(x * scale) clamped to 0..bins-1, where x is v, or |v - centre| when
// centre is a number (not NaN); values not above `above` are skipped. Rounding is JavaScript's Math.round
// (halves go up), in f64. Histograms are u32 and accumulate: the caller zeroes them. Shapes: planes [h, w]
// f32 row-major. Scalar: a histogram is a scatter, which SIMD does not help.

// @ts-ignore: decorator
@inline function bin(v: f64, scale: f64, bins: i32, centre: f64): usize {
  const x = (centre == centre ? abs(v - centre) : v) * scale;
  let r = Math.floor(x);
  if (x - r >= 0.5) r += 1;
  // NaN lands in bin 0, as it must land somewhere.
  return <usize>(r >= 0 ? (r > <f64>(bins - 1) ? bins - 1 : <i32>r) : <i32>0);
}

// @ts-ignore: decorator
@inline function count(hist: usize, b: usize): void {
  const at = hist + (b << 2);
  store<u32>(at, load<u32>(at) + 1);
}

/**
 * Adds to `hist` every step-th value of `src` (n values) that is above `above`. Returns how many it added.
 * A few calls per picture (medians, spreads and percentiles of whole planes).
 */
export function histogram(hist: usize, src: usize, n: i32, step: i32, scale: f64, bins: i32, centre: f64, above: f64): i32 {
  let added = 0;
  for (let i = 0; i < n; i += step) {
    const v = <f64>load<f32>(src + (<usize>i << 2));
    if (!(v > above)) continue;
    count(hist, bin(v, scale, bins, centre));
    added++;
  }
  return added;
}

/**
 * Adds to `hist` the values above `above` of the rectangle [x0, x1) x [y0, y1) of a plane `w` wide. Returns
 * how many it added. Four calls per ring of a picture's border, a few rings per picture.
 */
export function histogram_rect(hist: usize, src: usize, w: i32, x0: i32, y0: i32, x1: i32, y1: i32, scale: f64, bins: i32, centre: f64, above: f64): i32 {
  let added = 0;
  for (let y = y0; y < y1; y++) {
    const row = src + (<usize>y * <usize>w << 2);
    for (let x = x0; x < x1; x++) {
      const v = <f64>load<f32>(row + (<usize>x << 2));
      if (!(v > above)) continue;
      count(hist, bin(v, scale, bins, centre));
      added++;
    }
  }
  return added;
}

/**
 * Adds to `hist` the differences |src[x + 1] - src[x]| between horizontal neighbours along every ystep-th
 * row of a plane [h, w] (the sensor's noise: edges hardly move their median). Returns how many it added.
 * Once per photo.
 */
export function histogram_steps(hist: usize, src: usize, w: i32, h: i32, ystep: i32, scale: f64, bins: i32): i32 {
  let added = 0;
  for (let y = 0; y < h; y += ystep) {
    const row = src + (<usize>y * <usize>w << 2);
    for (let x = 0; x + 1 < w; x++) {
      const d = <f64>load<f32>(row + (<usize>x << 2), 4) - <f64>load<f32>(row + (<usize>x << 2));
      count(hist, bin(abs(d), scale, bins, NaN));
      added++;
    }
  }
  return added;
}
