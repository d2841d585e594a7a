// Neighbourhood passes over a grid: block means of a plane on cells of c x c pixels, separable max / min
// filters over a square (van Herk / Gil-Werman: three comparisons per cell whatever the radius), and the
// inner cells of a region. Shapes: planes [h, w] f32, grids [gh, gw] f32 with gw = ceil(w / c), region
// maps [gh, gw] u8. Not here: the disc-shaped morphology of a digit (morph.ts).
// Maxima and minima are exact; block means add each cell's pixels in f32 in raster order, as the recipe in
// plain JavaScript does (bindings/image/paper.ts), which the twin follows: the same bits.

/**
 * mean = the mean of `src` over cells of c x c pixels (edge cells average the pixels they have): [ceil(h / c),
 * ceil(w / c)], each cell summed in f32 pixel after pixel, row by row. `acc` is unused (kept for the ABI).
 * A few calls per picture (the paper's grids).
 */
export function block_mean(mean: usize, src: usize, w: i32, h: i32, c: i32, acc: usize): void {
  const gw = (w + c - 1) / c;
  for (let gy = 0, y0 = 0; y0 < h; gy++, y0 += c) {
    const rows = min(c, h - y0);
    const out = mean + (<usize>(gy * gw) << 2);
    memory.fill(out, 0, <usize>gw << 2);
    for (let y = y0; y < y0 + rows; y++) {
      const row = src + (<usize>y * <usize>w << 2);
      for (let gx = 0, x0 = 0; x0 < w; gx++, x0 += c) {
        const x1 = min(w, x0 + c);
        let s = load<f32>(out + (<usize>gx << 2));
        for (let x = x0; x < x1; x++) s += load<f32>(row + (<usize>x << 2));
        store<f32>(out + (<usize>gx << 2), s);
      }
    }
    for (let gx = 0, x0 = 0; x0 < w; gx++, x0 += c) {
      const at = out + (<usize>gx << 2);
      store<f32>(at, <f32>(<f64>load<f32>(at) / <f64>(rows * min(c, w - x0))));
    }
  }
}

/**
 * out = the max (grow != 0) or min of `src` [h, w] over the square of radius r around each cell, reading only
 * cells where `use` [h, w] u8 is 1 (all cells when use is 0); a cell with none in reach gets -1 (max) or 2
 * (min). out may be src. `tmp` is [h, w] f32; `line` is scratch of 48 x (max(w, h) + 4r + 2) bytes.
 * A few calls per closing, a few closings per picture.
 */
export function square_filter(out: usize, src: usize, use: usize, w: i32, h: i32, r: i32, grow: i32, tmp: usize, line: usize): void {
  for (let y = 0; y < h; y++) filterLine(src, use, y * w, 1, w, r, grow, tmp, line);
  // Down the columns four at a time: the lanes are neighbouring columns, read and written together.
  let x = 0;
  for (; x + 4 <= w; x += 4) filterColumns4(tmp, x, w, h, r, grow, out, line);
  for (; x < w; x++) filterLine(tmp, 0, x, w, h, r, grow, out, line);
}

// The pick of a max filter (`if (v > run) run = v`) or a min filter, exactly as JavaScript compares.
// @ts-ignore: decorator
@inline function pick(grow: i32, run: f32, v: f32): f32 {
  return grow ? (v > run ? v : run) : v < run ? v : run;
}

// @ts-ignore: decorator
@inline function pick4(grow: i32, run: v128, v: v128): v128 {
  return grow ? f32x4.pmax(run, v) : f32x4.pmin(run, v);
}

/**
 * One line of square_filter: `len` cells from `start`, `stride` apart, in and out at the same places. The
 * line is padded by r empty cells each side and cut into blocks of 2r + 1: a window then spans the end of
 * one block and the start of the next, whose running max from either side gives it at once (van Herk /
 * Gil-Werman).
 */
function filterLine(src: usize, use: usize, start: i32, stride: i32, len: i32, r: i32, grow: i32, out: usize, scratch: usize): void {
  const none: f32 = grow ? -1 : 2;
  const k = 2 * r + 1;
  const padded = (len + 2 * r + k - 1) / k * k;
  const line = scratch, fore = line + (<usize>padded << 2), back = fore + (<usize>padded << 2);
  for (let i = 0; i < padded; i++) {
    const j = i - r;
    const p = start + j * stride;
    let v = none;
    if (j >= 0 && j < len && (use == 0 || load<u8>(use + <usize>p) != 0)) v = load<f32>(src + (<usize>p << 2));
    store<f32>(line + (<usize>i << 2), v);
  }
  for (let b = 0; b < padded; b += k) {
    let run = load<f32>(line + (<usize>b << 2));
    store<f32>(fore + (<usize>b << 2), run);
    for (let i = b + 1; i < b + k; i++) {
      run = pick(grow, run, load<f32>(line + (<usize>i << 2)));
      store<f32>(fore + (<usize>i << 2), run);
    }
    run = load<f32>(line + (<usize>(b + k - 1) << 2));
    store<f32>(back + (<usize>(b + k - 1) << 2), run);
    for (let i = b + k - 2; i >= b; i--) {
      run = pick(grow, run, load<f32>(line + (<usize>i << 2)));
      store<f32>(back + (<usize>i << 2), run);
    }
  }
  for (let j = 0; j < len; j++) {
    const a = load<f32>(back + (<usize>j << 2));
    const c = load<f32>(fore + (<usize>(j + 2 * r) << 2));
    store<f32>(out + (<usize>(start + j * stride) << 2), pick(grow, c, a));
  }
}

/** Four neighbouring columns of square_filter at once, one per lane. */
function filterColumns4(src: usize, x: i32, w: i32, len: i32, r: i32, grow: i32, out: usize, scratch: usize): void {
  const none = f32x4.splat(grow ? -1 : 2);
  const k = 2 * r + 1;
  const padded = (len + 2 * r + k - 1) / k * k;
  const line = scratch, fore = line + (<usize>padded << 4), back = fore + (<usize>padded << 4);
  for (let i = 0; i < padded; i++) {
    const j = i - r;
    v128.store(line + (<usize>i << 4), j >= 0 && j < len ? v128.load(src + (<usize>(j * w + x) << 2)) : none);
  }
  for (let b = 0; b < padded; b += k) {
    let run = v128.load(line + (<usize>b << 4));
    v128.store(fore + (<usize>b << 4), run);
    for (let i = b + 1; i < b + k; i++) {
      run = pick4(grow, run, v128.load(line + (<usize>i << 4)));
      v128.store(fore + (<usize>i << 4), run);
    }
    run = v128.load(line + (<usize>(b + k - 1) << 4));
    v128.store(back + (<usize>(b + k - 1) << 4), run);
    for (let i = b + k - 2; i >= b; i--) {
      run = pick4(grow, run, v128.load(line + (<usize>i << 4)));
      v128.store(back + (<usize>i << 4), run);
    }
  }
  for (let j = 0; j < len; j++) {
    const a = v128.load(back + (<usize>j << 4));
    const c = v128.load(fore + (<usize>(j + 2 * r) << 4));
    v128.store(out + (<usize>(j * w + x) << 2), pick4(grow, c, a));
  }
}

/**
 * use = 1 where `region` [gh, gw] u8 is `which` at the cell and at each of its neighbours inside the grid,
 * else 0: the cells whose block mean holds no other region's brightness. Once per region per closing.
 */
export function cells_inner(use: usize, region: usize, gw: i32, gh: i32, which: i32): void {
  for (let y = 0; y < gh; y++) {
    for (let x = 0; x < gw; x++) {
      let inner: u8 = 1;
      for (let j = max(0, y - 1); j <= min(gh - 1, y + 1) && inner; j++) {
        for (let i = max(0, x - 1); i <= min(gw - 1, x + 1); i++) {
          if (<i32>load<u8>(region + <usize>(j * gw + i)) != which) inner = 0;
        }
      }
      store<u8>(use + <usize>(y * gw + x), inner);
    }
  }
}

/**
 * How broad the bright cells of a grid are: the cells above `level` (f64 comparison) closed over 3 x 3
 * (a max, then a min, over the cells inside the grid), then each closed cell's chessboard distance to the
 * nearest open one (cells beyond the grid do not count), in two passes. Returns the deepest distance.
 * Scratch: depth [gh, gw] i32, mask [gh, gw] u8, both overwritten. Once per picture with a dim border.
 */
export function bright_depth(depth: usize, mask: usize, grid: usize, gw: i32, gh: i32, level: f64): i32 {
  const g = gw * gh;
  for (let p = 0; p < g; p++) store<u8>(mask + <usize>p, <f64>load<f32>(grid + (<usize>p << 2)) > level ? 1 : 0);
  // Pass 0: the max over 3 x 3 of mask into depth; pass 1: the min over 3 x 3 of depth into mask.
  for (let pass = 0; pass < 2; pass++) {
    const want = pass == 0 ? 1 : 0;
    for (let y = 0; y < gh; y++) {
      for (let x = 0; x < gw; x++) {
        let v = 1 - want;
        for (let dy = -1; dy <= 1 && v != want; dy++) {
          const ny = y + dy;
          if (ny < 0 || ny >= gh) continue;
          for (let dx = -1; dx <= 1; dx++) {
            const nx = x + dx;
            if (nx < 0 || nx >= gw) continue;
            const q = ny * gw + nx;
            const s = pass == 0 ? <i32>load<u8>(mask + <usize>q) : load<i32>(depth + (<usize>q << 2));
            if (s == want) { v = want; break; }
          }
        }
        if (pass == 0) store<i32>(depth + (<usize>(y * gw + x) << 2), v);
        else store<u8>(mask + <usize>(y * gw + x), <u8>v);
      }
    }
  }
  let deepest = 0;
  for (let p = 0; p < g; p++) {
    const x = p % gw;
    let d = load<u8>(mask + <usize>p) != 0 ? g : 0;
    if (d != 0 && x > 0) d = min(d, load<i32>(depth + (<usize>(p - 1) << 2)) + 1);
    if (d != 0 && p >= gw) d = min(d, load<i32>(depth + (<usize>(p - gw) << 2)) + 1);
    if (d != 0 && p >= gw && x > 0) d = min(d, load<i32>(depth + (<usize>(p - gw - 1) << 2)) + 1);
    if (d != 0 && p >= gw && x < gw - 1) d = min(d, load<i32>(depth + (<usize>(p - gw + 1) << 2)) + 1);
    store<i32>(depth + (<usize>p << 2), d);
  }
  for (let p = g - 1; p >= 0; p--) {
    const x = p % gw;
    let d = load<i32>(depth + (<usize>p << 2));
    if (d != 0 && x < gw - 1) d = min(d, load<i32>(depth + (<usize>(p + 1) << 2)) + 1);
    if (d != 0 && p < g - gw) d = min(d, load<i32>(depth + (<usize>(p + gw) << 2)) + 1);
    if (d != 0 && p < g - gw && x < gw - 1) d = min(d, load<i32>(depth + (<usize>(p + gw + 1) << 2)) + 1);
    if (d != 0 && p < g - gw && x > 0) d = min(d, load<i32>(depth + (<usize>(p + gw - 1) << 2)) + 1);
    store<i32>(depth + (<usize>p << 2), d);
    if (d > deepest) deepest = d;
  }
  return deepest;
}
