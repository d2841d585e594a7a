// The last steps of the MNIST recipe for one digit: the box of its ink, its stroke width, and its placing in
// the network's input by centre of mass. Shapes: img [h, w] f32; out [side, side] f32; box [4] i32. Sums in
// f64 in raster order and JavaScript's rounding (Math.round: halves go up), as plain JavaScript does.
// Not here: resampling (resample.ts) or growing and thinning strokes (morph.ts).

/**
 * The smallest box holding every pixel with img >= threshold, as x0, y0, x1, y1 (x1, y1 exclusive) into box.
 * Returns 0 (box untouched) when there is none. Twice per digit.
 */
export function ink_box(box: usize, img: usize, w: i32, h: i32, threshold: f64): i32 {
  let x0 = w, y0 = h, x1 = 0, y1 = 0;
  for (let y = 0; y < h; y++) {
    const row = img + (<usize>(y * w) << 2);
    for (let x = 0; x < w; x++) {
      if (<f64>load<f32>(row + (<usize>x << 2)) < threshold) continue;
      if (x < x0) x0 = x;
      if (x >= x1) x1 = x + 1;
      if (y < y0) y0 = y;
      if (y >= y1) y1 = y + 1;
    }
  }
  if (x1 <= x0) return 0;
  store<i32>(box, x0);
  store<i32>(box, y0, 4);
  store<i32>(box, x1, 8);
  store<i32>(box, y1, 12);
  return 1;
}

/**
 * Stroke width in pixels of the ink (img >= threshold): twice its area over its outline (pixels on the edge
 * of the image or with a 4-neighbour below the threshold); 0 without ink. Once per digit.
 */
export function stroke_width(img: usize, w: i32, h: i32, threshold: f64): f64 {
  let area = 0, outline = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = img + (<usize>(y * w + x) << 2);
      if (<f64>load<f32>(p) < threshold) continue;
      area++;
      const edge = x == 0 || x == w - 1 || y == 0 || y == h - 1 ||
        <f64>load<f32>(p - 4) < threshold || <f64>load<f32>(p + 4) < threshold ||
        <f64>load<f32>(p - (<usize>w << 2)) < threshold || <f64>load<f32>(p + (<usize>w << 2)) < threshold;
      if (edge) outline++;
    }
  }
  return outline ? (2 * <f64>area) / <f64>outline : 0;
}

/**
 * Writes img (w, h <= side) into out [side, side] with its centre of mass on pixel (side / 2, side / 2), a
 * whole-pixel shift, every value clamped to 0..1; overwrites all of out. Once per digit.
 */
export function place_by_mass(out: usize, img: usize, w: i32, h: i32, side: i32): void {
  let m: f64 = 0, mx: f64 = 0, my: f64 = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = <f64>load<f32>(img + (<usize>(y * w + x) << 2));
      m += v;
      mx += v * (<f64>x + 0.5);
      my += v * (<f64>y + 0.5);
    }
  }
  const cx = m > 0 ? mx / m : <f64>w / 2;
  const cy = m > 0 ? my / m : <f64>h / 2;
  const left = min(side - w, max(0, jsRound(<f64>side / 2 + 0.5 - cx)));
  const top = min(side - h, max(0, jsRound(<f64>side / 2 + 0.5 - cy)));
  memory.fill(out, 0, <usize>(side * side) << 2);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = load<f32>(img + (<usize>(y * w + x) << 2));
      store<f32>(out + (<usize>((top + y) * side + left + x) << 2), v < 0 ? 0 : v > 1 ? 1 : v);
    }
  }
}

// Math.round: the nearest whole number, halves towards +∞ (f64.nearest rounds halves to even).
// @ts-ignore: decorator
@inline function jsRound(x: f64): i32 {
  const r = Math.floor(x);
  return <i32>(x - r >= 0.5 ? r + 1 : r);
}
