// Separable resampling with weight tables (area averaging down, linear interpolation up; the tables come
// from recipe.ts): output j of a line reads count[j] samples from first[j] with weights weight[j * span + t].
// Shapes: first, count [m] i32; weight [m, span] f32; planes f32 row-major. Computed as plain JavaScript
// does: each output of a row pass summed in f64, each step of a column pass rounded to f32.

/**
 * out [rows, m] = each of `rows` rows of src (row r at src + r * stride floats) resampled along its length.
 * Overwrites out. Once per resampling (twice per digit).
 */
export function resample_rows(out: usize, src: usize, stride: i32, rows: i32, first: usize, count: usize, weight: usize, span: i32, m: i32): void {
  for (let r = 0; r < rows; r++) {
    const row = src + (<usize>r * <usize>stride << 2);
    const o = out + (<usize>r * <usize>m << 2);
    for (let j = 0; j < m; j++) {
      const s = row + (<usize>load<i32>(first + (<usize>j << 2)) << 2);
      const wj = weight + (<usize>(j * span) << 2);
      const taps = load<i32>(count + (<usize>j << 2));
      let sum: f64 = 0;
      for (let t = 0; t < taps; t++) sum += <f64>load<f32>(s + (<usize>t << 2)) * <f64>load<f32>(wj + (<usize>t << 2));
      store<f32>(o + (<usize>j << 2), <f32>sum);
    }
  }
}

/**
 * out [height, width] = the rows of tmp [.., width] resampled down the columns (first indexes tmp's rows).
 * Overwrites out. Once per resampling.
 */
export function resample_cols(out: usize, tmp: usize, width: i32, height: i32, first: usize, count: usize, weight: usize, span: i32): void {
  const rowBytes = <usize>width << 2;
  memory.fill(out, 0, <usize>height * rowBytes);
  for (let y = 0; y < height; y++) {
    const o = out + <usize>y * rowBytes;
    const taps = load<i32>(count + (<usize>y << 2));
    for (let t = 0; t < taps; t++) {
      const s = tmp + <usize>(load<i32>(first + (<usize>y << 2)) + t) * rowBytes;
      const wt = <f64>load<f32>(weight + (<usize>(y * span + t) << 2));
      const wv = f64x2.splat(wt);
      let x = 0;
      for (; x + 4 <= width; x += 4) {
        const at = <usize>x << 2;
        const a = v128.load(o + at), b = v128.load(s + at);
        const lo = f64x2.add(f64x2.promote_low_f32x4(a), f64x2.mul(f64x2.promote_low_f32x4(b), wv));
        const hi = f64x2.add(f64x2.promote_low_f32x4(v128.shuffle<i32>(a, a, 2, 3, 0, 1)), f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<i32>(b, b, 2, 3, 0, 1)), wv));
        v128.store(o + at, v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
      }
      for (; x < width; x++) {
        const at = <usize>x << 2;
        store<f32>(o + at, <f32>(<f64>load<f32>(o + at) + <f64>load<f32>(s + at) * wt));
      }
    }
  }
}
