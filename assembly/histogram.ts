// Histograms of 0..1 values, from which the caller reads quantiles (a median, a percentile, the paper's
// noise). A value v lands in bin round(x * scale) clamped to 0..bins-1, where x is v, or |v - centre| when
// centre is a number (not NaN); values not above `above` are skipped. Rounding is JavaScript's Math.round
// (halves go up), in f64. Histograms are u32 and accumulate: the caller zeroes them. Shapes: planes [h, w]
// f32 row-major. A histogram is a scatter: SIMD only passes over values below the cut, four at a time.
// Adding one to a bin again and again waits on the last addition each time (paper is one level), so a run
// of values in one bin is counted in a register and added when the bin changes.

// Math.round(x) clamped to 0..bins-1 without f64.floor (slow in some engines): for 0 <= x < bins, the
// truncation of x + 0.5, one less when that sum was rounded up past the integer (x < r - 0.5).
// @ts-ignore: decorator
@inline function bin(v: f64, scale: f64, bins: i32, centre: f64): u32 {
  const x = (centre == centre ? abs(v - centre) : v) * scale;
  // NaN and negatives land in bin 0, values past the last bin in the last.
  if (!(x >= 0)) return 0;
  const top = bins - 1;
  if (x >= <f64>top) return <u32>top;
  let r = <i32>(x + 0.5);
  if (x < <f64>r - 0.5) r--;
  return <u32>min(r, top);
}

// @ts-ignore: decorator
@inline function flush(hist: usize, bin: u32, run: u32): void {
  const at = hist + (<usize>bin << 2);
  store<u32>(at, load<u32>(at) + run);
}

/**
 * Adds to `hist` every step-th value of `src` (n values) that is above `above`. Returns how many it added.
 * A few calls per picture (medians, spreads and percentiles of whole planes).
 */
export function histogram(hist: usize, src: usize, n: i32, step: i32, scale: f64, bins: i32, centre: f64, above: f64): i32 {
  let added = 0;
  let cur: u32 = 0, run: u32 = 0;
  let i = 0;
  if (step == 1) {
    // Four values at a time: those at or below the cut (most of a darkness plane is paper) are passed over,
    // and four in the bin of the run so far (paper again) only lengthen it.
    const cut = f64x2.splat(above), c = f64x2.splat(centre), s = f64x2.splat(scale);
    const top = i32x4.splat(bins - 1), zero = i32x4.splat(0);
    const deviation = centre == centre;
    // Four values with the bits of the last block of four equal values (paper: darkness 0 again and again)
    // need neither the cut nor the bin again: `same` holds that value (at first a NaN, never counted),
    // whether it counts, and its bin.
    let same = i32x4.splat(0x7fc00001);
    let sameCounts = false;
    let sameBin: u32 = 0;
    for (; i + 4 <= n; i += 4) {
      const v = v128.load(src + (<usize>i << 2));
      const uniform = i32x4.all_true(i32x4.eq(v, i32x4.splat(i32x4.extract_lane(v, 0))));
      if (uniform && !i32x4.all_true(i32x4.eq(v, same))) {
        same = v;
        const first = <f64>f32x4.extract_lane(v, 0);
        sameCounts = first > above;
        if (sameCounts) sameBin = bin(first, scale, bins, centre);
      }
      if (uniform) {
        if (!sameCounts) continue;
        if (sameBin != cur) {
          flush(hist, cur, run);
          cur = sameBin;
          run = 0;
        }
        run += 4;
        added += 4;
        continue;
      }
      const lo = f64x2.promote_low_f32x4(v), hi = f64x2.promote_low_f32x4(v128.shuffle<i32>(v, v, 2, 3, 0, 1));
      const mask = i32x4.bitmask(v128.shuffle<i32>(f64x2.gt(lo, cut), f64x2.gt(hi, cut), 0, 2, 4, 6));
      if (mask == 0) continue;
      added += popcnt(mask);
      if (mask == 15) {
        const b = v128.shuffle<i32>(roundPair(lo, c, s, deviation), roundPair(hi, c, s, deviation), 0, 1, 4, 5);
        const bins4 = i32x4.min_s(i32x4.max_s(b, zero), top);
        if (i32x4.all_true(i32x4.eq(bins4, i32x4.splat(cur)))) {
          run += 4;
          continue;
        }
        // Bins that change (noise on the paper): the four bins found here, in order, none found again.
        const b0 = <u32>i32x4.extract_lane(bins4, 0), b1 = <u32>i32x4.extract_lane(bins4, 1);
        const b2 = <u32>i32x4.extract_lane(bins4, 2), b3 = <u32>i32x4.extract_lane(bins4, 3);
        if (b0 != cur) { flush(hist, cur, run); cur = b0; run = 0; }
        run++;
        if (b1 != cur) { flush(hist, cur, run); cur = b1; run = 0; }
        run++;
        if (b2 != cur) { flush(hist, cur, run); cur = b2; run = 0; }
        run++;
        if (b3 != cur) { flush(hist, cur, run); cur = b3; run = 0; }
        run++;
        continue;
      }
      for (let lane = 0; lane < 4; lane++) {
        if (((mask >> lane) & 1) == 0) continue;
        const next = bin(<f64>load<f32>(src + (<usize>(i + lane) << 2)), scale, bins, centre);
        if (next != cur) {
          flush(hist, cur, run);
          cur = next;
          run = 0;
        }
        run++;
      }
    }
  }
  for (; i < n; i += step) {
    const v = <f64>load<f32>(src + (<usize>i << 2));
    if (!(v > above)) continue;
    const next = bin(v, scale, bins, centre);
    if (next != cur) {
      flush(hist, cur, run);
      cur = next;
      run = 0;
    }
    run++;
    added++;
  }
  flush(hist, cur, run);
  return added;
}

// The bins (unclamped) of two x = v x scale (or |v - centre| x scale), in i32 lanes 0 and 1, as bin() finds
// them: the truncation of x + 0.5, one less where that sum was rounded up past the integer; NaN gives 0.
// @ts-ignore: decorator
@inline function roundPair(v: v128, centre: v128, scale: v128, deviation: bool): v128 {
  const x = f64x2.mul(deviation ? f64x2.abs(f64x2.sub(v, centre)) : v, scale);
  const r = i32x4.trunc_sat_f64x2_s_zero(f64x2.add(x, f64x2.splat(0.5)));
  const over = f64x2.lt(x, f64x2.sub(f64x2.convert_low_i32x4_s(r), f64x2.splat(0.5)));
  return i32x4.add(r, v128.shuffle<i32>(over, over, 0, 2, 0, 2));
}

/**
 * Adds to `hist` the values above `above` of the rectangle [x0, x1) x [y0, y1) of a plane `w` wide. Returns
 * how many it added. Four calls per ring of a picture's border, a few rings per picture.
 */
export function histogram_rect(hist: usize, src: usize, w: i32, x0: i32, y0: i32, x1: i32, y1: i32, scale: f64, bins: i32, centre: f64, above: f64): i32 {
  let added = 0;
  let cur: u32 = 0, run: u32 = 0;
  for (let y = y0; y < y1; y++) {
    const row = src + (<usize>y * <usize>w << 2);
    for (let x = x0; x < x1; x++) {
      const v = <f64>load<f32>(row + (<usize>x << 2));
      if (!(v > above)) continue;
      const next = bin(v, scale, bins, centre);
      if (next != cur) {
        flush(hist, cur, run);
        cur = next;
        run = 0;
      }
      run++;
      added++;
    }
  }
  flush(hist, cur, run);
  return added;
}

/**
 * Adds to `hist` the differences |src[x + 1] - src[x]| between horizontal neighbours along every ystep-th
 * row of a plane [h, w] (the sensor's noise: edges hardly move their median). Returns how many it added.
 * Once per photo.
 */
export function histogram_steps(hist: usize, src: usize, w: i32, h: i32, ystep: i32, scale: f64, bins: i32): i32 {
  let added = 0;
  let cur: u32 = 0, run: u32 = 0;
  for (let y = 0; y < h; y += ystep) {
    const row = src + (<usize>y * <usize>w << 2);
    for (let x = 0; x + 1 < w; x++) {
      const d = <f64>load<f32>(row + (<usize>x << 2), 4) - <f64>load<f32>(row + (<usize>x << 2));
      const next = bin(abs(d), scale, bins, NaN);
      if (next != cur) {
        flush(hist, cur, run);
        cur = next;
        run = 0;
      }
      run++;
      added++;
    }
  }
  flush(hist, cur, run);
  return added;
}
