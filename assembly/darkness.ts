// Darkness against local paper known on a grid: each pixel is compared with the darkest of the four cells
// around it (and of a cell's own edge level, where regions meet), relative to that paper. Shapes: luma
// [h, w] f32; background, edge [gh, gw] f32 and region [gh, gw] u8 on cells of c x c pixels (gw =
// ceil(w / c)); ink [ceil(h / step), ceil(w / step)] f32. Computed in f64, as plain JavaScript does.
// Not here: the grid itself (filters.ts builds it).

/**
 * ink = max(0, (b - luma - noise) / max(b, darkest)) for every step-th pixel of every step-th row, b the
 * paper level at the pixel (see the file's head); 0 where the pixel's cell is region 2 (a desk). `row` is
 * scratch of w x 16 bytes. Twice per photo (a first look at half resolution, then every pixel).
 */
export function darkness_grid(ink: usize, luma: usize, w: i32, h: i32, c: i32, step: i32, background: usize, edge: usize, region: usize, noise: f64, darkest: f64, row: usize): void {
  const gw = (w + c - 1) / c, gh = (h + c - 1) / c;
  const cf = <f64>c;
  // Per column: its own cell, and the two cells whose centres are either side of it.
  const cell = row + (<usize>w << 2), c0 = cell + (<usize>w << 2), c1 = c0 + (<usize>w << 2);
  for (let x = 0; x < w; x++) {
    const left = min(gw - 1, max(0, <i32>Math.floor((<f64>x + 0.5) / cf - 0.5)));
    store<i32>(cell + (<usize>x << 2), x / c);
    store<i32>(c0 + (<usize>x << 2), left);
    store<i32>(c1 + (<usize>x << 2), min(gw - 1, left + 1));
  }
  let built = -1, builtOwn = -1;
  let o: usize = ink;
  for (let y = 0; y < h; y += step) {
    const gy0 = min(gh - 1, max(0, <i32>Math.floor((<f64>y + 0.5) / cf - 0.5)));
    const own = y / c;
    // The paper levels of a row change only where it enters another cell or passes a cell's middle.
    if (gy0 != built || own != builtOwn) {
      paperRow(row, w, cell, c0, c1, gy0 * gw, min(gh - 1, gy0 + 1) * gw, own * gw, background, edge, region);
      built = gy0;
      builtOwn = own;
    }
    const l = luma + (<usize>y * <usize>w << 2);
    if (step == 1) {
      darknessRow(o, l, row, w, noise, darkest);
      o += <usize>w << 2;
      continue;
    }
    for (let x = 0; x < w; x += step) {
      const b = <f64>load<f32>(row + (<usize>x << 2));
      const d = (b - <f64>load<f32>(l + (<usize>x << 2)) - noise) / (b > darkest ? b : darkest);
      store<f32>(o, <f32>(d > 0 ? d : 0));
      o += 4;
    }
  }
}

/** The paper level of each pixel of a row (its cell and neighbouring cells from the column tables): -inf on desk cells, so its darkness comes out 0. */
function paperRow(row: usize, w: i32, cells: usize, c0s: usize, c1s: usize, r0: i32, r1: i32, own: i32, background: usize, edge: usize, region: usize): void {
  for (let x = 0; x < w; x++) {
    const at = <usize>x << 2;
    const cell = own + load<i32>(cells + at);
    let b: f32 = -Infinity;
    if (load<u8>(region + <usize>cell) != 2) {
      const c0 = load<i32>(c0s + at), c1 = load<i32>(c1s + at);
      b = load<f32>(edge + (<usize>cell << 2));
      b = lower(b, load<f32>(background + (<usize>(r0 + c0) << 2)));
      b = lower(b, load<f32>(background + (<usize>(r0 + c1) << 2)));
      b = lower(b, load<f32>(background + (<usize>(r1 + c0) << 2)));
      b = lower(b, load<f32>(background + (<usize>(r1 + c1) << 2)));
    }
    store<f32>(row + at, b);
  }
}

// The comparison JavaScript's `if (v < b) b = v` makes (f32.min differs from it on -0 and NaN).
// @ts-ignore: decorator
@inline function lower(b: f32, v: f32): f32 {
  return v < b ? v : b;
}

/** One full row: four pixels at a time in f64 pairs. */
function darknessRow(out: usize, luma: usize, row: usize, w: i32, noise: f64, darkest: f64): void {
  const nv = f64x2.splat(noise), dv = f64x2.splat(darkest), zero = f64x2.splat(0);
  let x = 0;
  for (; x + 4 <= w; x += 4) {
    const at = <usize>x << 2;
    const b = v128.load(row + at), l = v128.load(luma + at);
    const lo = darkPair(f64x2.promote_low_f32x4(b), f64x2.promote_low_f32x4(l), nv, dv, zero);
    const hi = darkPair(f64x2.promote_low_f32x4(v128.shuffle<i32>(b, b, 2, 3, 0, 1)), f64x2.promote_low_f32x4(v128.shuffle<i32>(l, l, 2, 3, 0, 1)), nv, dv, zero);
    v128.store(out + at, v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
  }
  for (; x < w; x++) {
    const at = <usize>x << 2;
    const b = <f64>load<f32>(row + at);
    const d = (b - <f64>load<f32>(luma + at) - noise) / (b > darkest ? b : darkest);
    store<f32>(out + at, <f32>(d > 0 ? d : 0));
  }
}

// (b - l - noise) / (b > darkest ? b : darkest), then d > 0 ? d : 0: pmax is exactly those comparisons.
// @ts-ignore: decorator
@inline function darkPair(b: v128, l: v128, noise: v128, darkest: v128, zero: v128): v128 {
  const d = f64x2.div(f64x2.sub(f64x2.sub(b, l), noise), f64x2.pmax(darkest, b));
  return f64x2.pmax(zero, d);
}
