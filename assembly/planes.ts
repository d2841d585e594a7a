// A picture's planes and the point-wise passes over them. Shapes: rgba [height, width] u32 pixels (r, g, b, a
// from the low byte up, straight alpha); a plane is [h, w] f32 row-major, values 0..1. Not here: anything
// that looks at neighbours (filters.ts) or counts (histogram.ts).
// rgba_planes computes each pixel's luma over white in f64 and adds it into its cell's f32 sum in raster
// order, as the recipe in plain JavaScript does (bindings/image/paper.ts): the same bits, not only close.
// The point-wise passes compute in f64, as plain JavaScript does, and store f32.

/**
 * Luma (alpha composited over white) and alpha of `rgba`, box-filtered by `k` (cells of k x k pixels; edge
 * cells average the pixels they have): luma and alpha are [ceil(height / k), ceil(width / k)]. A pixel's
 * luma is l = 0.299 r + 0.587 g + 0.114 b over white: l where opaque, else l a / 255 + 255 - a; each cell
 * sums them in f32 in raster order and divides by 255 x its pixels. `acc` is scratch of width x 12 bytes.
 * Returns how many pixels are not opaque. Once per picture.
 */
export function rgba_planes(luma: usize, alpha: usize, rgba: usize, width: i32, height: i32, k: i32, acc: usize): i32 {
  if (k == 1) return planesWhole(luma, alpha, rgba, width * height);
  const w = (width + k - 1) / k;
  const values = acc;
  const clear = acc + (<usize>width << 3);
  let translucent = 0;
  for (let cy = 0, y0 = 0; y0 < height; cy++, y0 += k) {
    const rows = min(k, height - y0);
    const lumaRow = luma + (<usize>(cy * w) << 2), alphaRow = alpha + (<usize>(cy * w) << 2);
    memory.fill(lumaRow, 0, <usize>w << 2);
    memory.fill(alphaRow, 0, <usize>w << 2);
    for (let y = y0; y < y0 + rows; y++) {
      const seeThrough = rowValues(values, clear, rgba + (<usize>y * <usize>width << 2), width);
      translucent += seeThrough;
      if (seeThrough == 0) {
        // An opaque row (every row of a photo): no transparency to add.
        opaqueRow(lumaRow, values, width, k);
        continue;
      }
      // Each cell's sum in f32, pixel after pixel: the order and the roundings of the recipe's own loop.
      for (let cx = 0, x0 = 0; x0 < width; cx++, x0 += k) {
        const x1 = min(width, x0 + k);
        const l = lumaRow + (<usize>cx << 2), a = alphaRow + (<usize>cx << 2);
        let s = load<f32>(l);
        let u: i32 = 0;
        for (let x = x0; x < x1; x++) {
          s = <f32>(<f64>s + load<f64>(values + (<usize>x << 3)));
          u += load<i32>(clear + (<usize>x << 2));
        }
        store<f32>(l, s);
        store<f32>(a, load<f32>(a) + <f32>u);
      }
    }
    for (let cx = 0, x0 = 0; x0 < width; cx++, x0 += k) {
      const n = <f64>(255 * rows * min(k, width - x0));
      const l = lumaRow + (<usize>cx << 2), a = alphaRow + (<usize>cx << 2);
      store<f32>(l, <f32>(<f64>load<f32>(l) / n));
      store<f32>(a, <f32>(1 - <f64>load<f32>(a) / n));
    }
  }
  return translucent;
}

/** The luma sums of a row of cells from an opaque row of pixel values, as rgba_planes adds them. */
function opaqueRow(lumaRow: usize, values: usize, width: i32, k: i32): void {
  for (let cx = 0, x0 = 0; x0 < width; cx++, x0 += k) {
    const x1 = min(width, x0 + k);
    const l = lumaRow + (<usize>cx << 2);
    let s = load<f32>(l);
    for (let x = x0; x < x1; x++) s = <f32>(<f64>s + load<f64>(values + (<usize>x << 3)));
    store<f32>(l, s);
  }
}

/** k = 1: each pixel is its own cell, four at a time. */
function planesWhole(luma: usize, alpha: usize, rgba: usize, pixels: i32): i32 {
  const byte = f64x2.splat(255);
  const one = f64x2.splat(1);
  let translucent = 0;
  let i = 0;
  for (; i + 4 <= pixels; i += 4) {
    const px = v128.load(rgba + (<usize>i << 2));
    const a = i32x4.shr_u(px, 24);
    const t = i32x4.sub(i32x4.splat(255), a);
    translucent += popcnt(i32x4.bitmask(i32x4.ne(t, i32x4.splat(0))));
    const lo = pixelPair(px, a), hi = pixelPair(v128.shuffle<i32>(px, px, 2, 3, 0, 1), v128.shuffle<i32>(a, a, 2, 3, 0, 1));
    // The recipe stores the value as f32, then divides it by 255 and stores again.
    const l = f64x2.div(f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(lo)), byte);
    const h = f64x2.div(f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(hi)), byte);
    v128.store(luma + (<usize>i << 2), v128.shuffle<f32>(f32x4.demote_f64x2_zero(l), f32x4.demote_f64x2_zero(h), 0, 1, 4, 5));
    const al = f64x2.sub(one, f64x2.div(f64x2.convert_low_i32x4_s(t), byte));
    const ah = f64x2.sub(one, f64x2.div(f64x2.convert_low_i32x4_s(v128.shuffle<i32>(t, t, 2, 3, 0, 1)), byte));
    v128.store(alpha + (<usize>i << 2), v128.shuffle<f32>(f32x4.demote_f64x2_zero(al), f32x4.demote_f64x2_zero(ah), 0, 1, 4, 5));
  }
  for (; i < pixels; i++) {
    const px = load<u32>(rgba + (<usize>i << 2));
    const a = <i32>(px >>> 24);
    store<f32>(luma + (<usize>i << 2), <f32>(<f64><f32>pixelValue(px, a) / 255));
    store<f32>(alpha + (<usize>i << 2), <f32>(1 - <f64>(255 - a) / 255));
    if (a != 255) translucent++;
  }
  return translucent;
}

/** A row's pixel values (f64) into `values` and transparencies (255 - a) into `clear` (i32); returns the translucent count. */
function rowValues(values: usize, clear: usize, row: usize, width: i32): i32 {
  let translucent = 0;
  let x = 0;
  for (; x + 4 <= width; x += 4) {
    const px = v128.load(row + (<usize>x << 2));
    const a = i32x4.shr_u(px, 24);
    const t = i32x4.sub(i32x4.splat(255), a);
    translucent += popcnt(i32x4.bitmask(i32x4.ne(t, i32x4.splat(0))));
    const s = values + (<usize>x << 3);
    v128.store(s, pixelPair(px, a));
    v128.store(s, pixelPair(v128.shuffle<i32>(px, px, 2, 3, 0, 1), v128.shuffle<i32>(a, a, 2, 3, 0, 1)), 16);
    v128.store(clear + (<usize>x << 2), t);
  }
  for (; x < width; x++) {
    const px = load<u32>(row + (<usize>x << 2));
    const a = <i32>(px >>> 24);
    store<f64>(values + (<usize>x << 3), pixelValue(px, a));
    store<i32>(clear + (<usize>x << 2), 255 - a);
    if (a != 255) translucent++;
  }
  return translucent;
}

// The values of the two pixels in lanes 0 and 1 of px (alphas in a), as pixelValue computes them. Opaque
// pairs (nearly all) skip the division of the translucent formula.
// @ts-ignore: decorator
@inline function pixelPair(px: v128, a: v128): v128 {
  const m = i32x4.splat(255);
  const r = f64x2.convert_low_i32x4_s(v128.and(px, m));
  const g = f64x2.convert_low_i32x4_s(v128.and(i32x4.shr_u(px, 8), m));
  const b = f64x2.convert_low_i32x4_s(v128.and(i32x4.shr_u(px, 16), m));
  const l = f64x2.add(f64x2.add(f64x2.mul(f64x2.splat(0.299), r), f64x2.mul(f64x2.splat(0.587), g)), f64x2.mul(f64x2.splat(0.114), b));
  if (i32x4.extract_lane(a, 0) == 255 && i32x4.extract_lane(a, 1) == 255) return l;
  const af = f64x2.convert_low_i32x4_s(a);
  const over = f64x2.sub(f64x2.add(f64x2.div(f64x2.mul(l, af), f64x2.splat(255)), f64x2.splat(255)), af);
  return v128.bitselect(l, over, f64x2.eq(af, f64x2.splat(255)));
}

// l = 0.299 r + 0.587 g + 0.114 b where opaque, else l a / 255 + 255 - a: the recipe's arithmetic, in its order.
// @ts-ignore: decorator
@inline function pixelValue(px: u32, a: i32): f64 {
  const l = 0.299 * <f64>(px & 255) + 0.587 * <f64>((px >>> 8) & 255) + 0.114 * <f64>((px >>> 16) & 255);
  return a == 255 ? l : (l * <f64>a) / 255 + 255 - <f64>a;
}

/** dst = a * src + b, in f32 (a = -1, b = 1 turns light-on-dark around). n values. Once per picture at most. */
export function plane_affine(dst: usize, src: usize, n: i32, a: f32, b: f32): void {
  const av = f32x4.splat(a), bv = f32x4.splat(b);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(dst + o, f32x4.add(f32x4.mul(v128.load(src + o), av), bv));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dst + o, load<f32>(src + o) * a + b);
  }
}

/**
 * dst = (src - floor) * scale clamped to 0..1, computed in f64: the paper's noise floor removed and the
 * strokes' core brought to 1. n values; dst may be src. Once per picture.
 */
export function plane_normalize(dst: usize, src: usize, n: i32, floor: f64, scale: f64): void {
  const f = f64x2.splat(floor), s = f64x2.splat(scale);
  const zero = f64x2.splat(0), one = f64x2.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(src + o);
    const lo = clamp01(f64x2.mul(f64x2.sub(f64x2.promote_low_f32x4(v), f), s), zero, one);
    const hi = clamp01(f64x2.mul(f64x2.sub(f64x2.promote_low_f32x4(v128.shuffle<i32>(v, v, 2, 3, 0, 1)), f), s), zero, one);
    v128.store(dst + o, v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = (<f64>load<f32>(src + o) - floor) * scale;
    store<f32>(dst + o, <f32>(v < 0 ? 0 : v > 1 ? 1 : v));
  }
}

// v < 0 ? 0 : v > 1 ? 1 : v, lane by lane (pmax and pmin are those very comparisons).
// @ts-ignore: decorator
@inline function clamp01(v: v128, zero: v128, one: v128): v128 {
  return f64x2.pmin(one, f64x2.pmax(v, zero));
}

/**
 * ink = (paper - luma) / paper where luma is darker than `paper`, else 0, in f64: darkness against one
 * paper level (a small picture's). n values. Once per picture.
 */
export function plane_darkness(ink: usize, luma: usize, n: i32, paper: f64): void {
  const p = f64x2.splat(paper), zero = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(luma + o);
    const lo = below(f64x2.promote_low_f32x4(v), p, zero);
    const hi = below(f64x2.promote_low_f32x4(v128.shuffle<i32>(v, v, 2, 3, 0, 1)), p, zero);
    v128.store(ink + o, v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const l = <f64>load<f32>(luma + o);
    store<f32>(ink + o, <f32>(l < paper ? (paper - l) / paper : 0));
  }
}

// @ts-ignore: decorator
@inline function below(l: v128, paper: v128, zero: v128): v128 {
  return v128.bitselect(f64x2.div(f64x2.sub(paper, l), paper), zero, f64x2.lt(l, paper));
}
