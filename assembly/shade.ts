// Shade that is not ink: pixels judged dark against a closing's background (the narrow tip of a shadow,
// shade the closing could not follow) reached from paper through pixels of the same brightness. Shapes:
// ink, luma, reference [h, w] f32; queue [h, w] i32 scratch. Computed in f64, as plain JavaScript does.
// A breadth-first flood: irregular, scalar. Not here: the darkness itself (darkness.ts).

/**
 * From paper (ink <= seed) next to darkness, floods through 4-neighbours whose luma is within
 * max(step x the starting paper's luma, noise) of it (noise: the sensor's), clearing their ink; every pixel of a flood is compared with the paper it
 * started from, so it never creeps into a stroke however soft its edge. reference is scratch. Once per photo.
 */
export function clear_shade(ink: usize, luma: usize, reference: usize, queue: usize, w: i32, h: i32, seed: f64, step: f64, noise: f64): void {
  const n = w * h;
  markPaper(reference, ink, luma, n, seed);
  let tail = 0;
  // The flood starts from paper next to darkness only, in raster order.
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let x = 0;
    for (; x < w; x++) {
      if (x >= 1 && x + 5 <= w) break;
      if (startsFlood(reference, row + x, x, y, w, h)) tail = push(queue, tail, row + x);
    }
    const zero = f32x4.splat(0);
    for (; x + 5 <= w; x += 4) {
      const p = reference + (<usize>(row + x) << 2);
      let dark = v128.or(f32x4.lt(v128.load(p - 4), zero), f32x4.lt(v128.load(p + 4), zero));
      if (y > 0) dark = v128.or(dark, f32x4.lt(v128.load(p - (<usize>w << 2)), zero));
      if (y < h - 1) dark = v128.or(dark, f32x4.lt(v128.load(p + (<usize>w << 2)), zero));
      let bits = i32x4.bitmask(v128.and(dark, f32x4.ge(v128.load(p), zero)));
      while (bits) {
        tail = push(queue, tail, row + x + ctz(bits));
        bits &= bits - 1;
      }
    }
    for (; x < w; x++) if (startsFlood(reference, row + x, x, y, w, h)) tail = push(queue, tail, row + x);
  }
  for (let head = 0; head < tail; head++) {
    const p = load<i32>(queue + (<usize>head << 2));
    const x = p % w;
    const paper = <f64>ref(reference, p);
    const reach = step * paper > noise ? step * paper : noise;
    for (let k = 0; k < 4; k++) {
      const q = k == 0 ? (x > 0 ? p - 1 : -1) : k == 1 ? (x < w - 1 ? p + 1 : -1) : k == 2 ? p - w : p + w;
      if (q < 0 || q >= n || ref(reference, q) >= 0) continue;
      if (abs(<f64>load<f32>(luma + (<usize>q << 2)) - paper) > reach) continue;
      store<f32>(reference + (<usize>q << 2), <f32>paper);
      store<f32>(ink + (<usize>q << 2), 0);
      tail = push(queue, tail, q);
    }
  }
}

/** reference = luma where ink <= seed (paper), else -1; compared in f64. */
function markPaper(reference: usize, ink: usize, luma: usize, n: i32, seed: f64): void {
  const cut = f64x2.splat(seed), none = f32x4.splat(-1);
  let p = 0;
  for (; p + 4 <= n; p += 4) {
    const at = <usize>p << 2;
    const v = v128.load(ink + at);
    const lo = f64x2.le(f64x2.promote_low_f32x4(v), cut);
    const hi = f64x2.le(f64x2.promote_low_f32x4(v128.shuffle<i32>(v, v, 2, 3, 0, 1)), cut);
    // Each f64 lane's mask is 64 bits; its low 32 bits are the mask of the f32 lane it came from.
    const paper = v128.shuffle<i32>(lo, hi, 0, 2, 4, 6);
    v128.store(reference + at, v128.bitselect(v128.load(luma + at), none, paper));
  }
  for (; p < n; p++) {
    const at = <usize>p << 2;
    store<f32>(reference + at, <f64>load<f32>(ink + at) <= seed ? load<f32>(luma + at) : -1);
  }
}

/** Paper at p with a 4-neighbour (inside the image) that is not paper. */
function startsFlood(reference: usize, p: i32, x: i32, y: i32, w: i32, h: i32): bool {
  if (ref(reference, p) < 0) return false;
  return (x > 0 && ref(reference, p - 1) < 0) || (x < w - 1 && ref(reference, p + 1) < 0) ||
    (y > 0 && ref(reference, p - w) < 0) || (y < h - 1 && ref(reference, p + w) < 0);
}

// @ts-ignore: decorator
@inline function push(queue: usize, tail: i32, p: i32): i32 {
  store<i32>(queue + (<usize>tail << 2), p);
  return tail + 1;
}

// @ts-ignore: decorator
@inline function ref(reference: usize, p: i32): f32 {
  return load<f32>(reference + (<usize>p << 2));
}
