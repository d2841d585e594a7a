// A picture's planes and the point-wise passes over them. Shapes: rgba [height, width] u32 pixels (r, g, b, a
// from the low byte up, straight alpha); a plane is [h, w] f32 row-major, values 0..1. Not here: anything
// that looks at neighbours (filters.ts) or counts (histogram.ts).
// rgba_planes adds exact integers only (each pixel's luma times 255000, in f64), so the order of the sums
// cannot change a bit; the point-wise passes compute in f64, as plain JavaScript does, and store f32.

/** A pixel's luma over white, times 255 x 255000: (299 r + 587 g + 114 b) a + (255 - a) 255000. */
const FULL: f64 = 65025000;

/**
 * Luma (alpha composited over white) and alpha of `rgba`, box-filtered by `k` (cells of k x k pixels; edge
 * cells average the pixels they have): luma and alpha are [ceil(height / k), ceil(width / k)]. `acc` is
 * scratch of width x 12 bytes (unused when k = 1). Returns how many pixels are not opaque. Once per picture.
 */
export function rgba_planes(luma: usize, alpha: usize, rgba: usize, width: i32, height: i32, k: i32, acc: usize): i32 {
  if (k == 1) return planesWhole(luma, alpha, rgba, width * height);
  const w = (width + k - 1) / k;
  const sums = acc;
  const clear = acc + (<usize>width << 3);
  let translucent = 0;
  for (let cy = 0, y0 = 0; y0 < height; cy++, y0 += k) {
    const rows = min(k, height - y0);
    memory.fill(acc, 0, <usize>width * 12);
    for (let y = y0; y < y0 + rows; y++) translucent += sumRow(sums, clear, rgba + (<usize>y * <usize>width << 2), width);
    for (let cx = 0, x0 = 0; x0 < width; cx++, x0 += k) {
      const cols = min(k, width - x0);
      let s: f64 = 0;
      let u: i32 = 0;
      for (let x = x0; x < x0 + cols; x++) {
        s += load<f64>(sums + (<usize>x << 3));
        u += load<i32>(clear + (<usize>x << 2));
      }
      const n = <f64>(rows * cols);
      const at = (<usize>(cy * w + cx)) << 2;
      store<f32>(luma + at, <f32>(s / (n * FULL)));
      store<f32>(alpha + at, <f32>(1 - <f64>u / (255 * n)));
    }
  }
  return translucent;
}

/** k = 1: each pixel is its own cell. */
function planesWhole(luma: usize, alpha: usize, rgba: usize, pixels: i32): i32 {
  const full = f64x2.splat(FULL);
  const one = f64x2.splat(1);
  const byte = f64x2.splat(255);
  let translucent = 0;
  let i = 0;
  for (; i + 4 <= pixels; i += 4) {
    const px = v128.load(rgba + (<usize>i << 2));
    const a = i32x4.shr_u(px, 24);
    const v = pixelValues(px, a);
    const t = i32x4.sub(i32x4.splat(255), a);
    translucent += popcnt(i32x4.bitmask(i32x4.ne(t, i32x4.splat(0))));
    const l = f32x4.demote_f64x2_zero(f64x2.div(f64x2.convert_low_i32x4_s(v), full));
    const h = f32x4.demote_f64x2_zero(f64x2.div(f64x2.convert_low_i32x4_s(v128.shuffle<i32>(v, v, 2, 3, 0, 1)), full));
    v128.store(luma + (<usize>i << 2), v128.shuffle<f32>(l, h, 0, 1, 4, 5));
    const al = f32x4.demote_f64x2_zero(f64x2.sub(one, f64x2.div(f64x2.convert_low_i32x4_s(t), byte)));
    const ah = f32x4.demote_f64x2_zero(f64x2.sub(one, f64x2.div(f64x2.convert_low_i32x4_s(v128.shuffle<i32>(t, t, 2, 3, 0, 1)), byte)));
    v128.store(alpha + (<usize>i << 2), v128.shuffle<f32>(al, ah, 0, 1, 4, 5));
  }
  for (; i < pixels; i++) {
    const px = load<u32>(rgba + (<usize>i << 2));
    const a = <i32>(px >>> 24);
    store<f32>(luma + (<usize>i << 2), <f32>(<f64>pixelValue(px, a) / FULL));
    store<f32>(alpha + (<usize>i << 2), <f32>(1 - <f64>(255 - a) / 255));
    if (a != 255) translucent++;
  }
  return translucent;
}

/** Adds a row's pixel values to `sums` (f64) and transparencies (255 - a) to `clear` (i32); returns the translucent count. */
function sumRow(sums: usize, clear: usize, row: usize, width: i32): i32 {
  let translucent = 0;
  let x = 0;
  for (; x + 4 <= width; x += 4) {
    const px = v128.load(row + (<usize>x << 2));
    const a = i32x4.shr_u(px, 24);
    const v = pixelValues(px, a);
    const t = i32x4.sub(i32x4.splat(255), a);
    translucent += popcnt(i32x4.bitmask(i32x4.ne(t, i32x4.splat(0))));
    const s = sums + (<usize>x << 3);
    v128.store(s, f64x2.add(v128.load(s), f64x2.convert_low_i32x4_s(v)));
    v128.store(s, f64x2.add(v128.load(s, 16), f64x2.convert_low_i32x4_s(v128.shuffle<i32>(v, v, 2, 3, 0, 1))), 16);
    const c = clear + (<usize>x << 2);
    v128.store(c, i32x4.add(v128.load(c), t));
  }
  for (; x < width; x++) {
    const px = load<u32>(row + (<usize>x << 2));
    const a = <i32>(px >>> 24);
    const s = sums + (<usize>x << 3);
    store<f64>(s, load<f64>(s) + <f64>pixelValue(px, a));
    const c = clear + (<usize>x << 2);
    store<i32>(c, load<i32>(c) + 255 - a);
    if (a != 255) translucent++;
  }
  return translucent;
}

// Four pixels' values (see FULL): at most 65,025,000 each, so i32 lanes hold them exactly.
// @ts-ignore: decorator
@inline function pixelValues(px: v128, a: v128): v128 {
  const m = i32x4.splat(255);
  const r = v128.and(px, m);
  const g = v128.and(i32x4.shr_u(px, 8), m);
  const b = v128.and(i32x4.shr_u(px, 16), m);
  const l = i32x4.add(i32x4.add(i32x4.mul(r, i32x4.splat(299)), i32x4.mul(g, i32x4.splat(587))), i32x4.mul(b, i32x4.splat(114)));
  return i32x4.add(i32x4.mul(l, a), i32x4.mul(i32x4.sub(m, a), i32x4.splat(255000)));
}

// @ts-ignore: decorator
@inline function pixelValue(px: u32, a: i32): i32 {
  const l = 299 * <i32>(px & 255) + 587 * <i32>((px >>> 8) & 255) + 114 * <i32>((px >>> 16) & 255);
  return l * a + (255 - a) * 255000;
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
