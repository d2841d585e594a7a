// Grey-level dilation and erosion of a digit's working image by a disc (the offsets with dx² + dy² <=
// r² + r), pixels outside the image reading 0: how a thin pen is grown and a bold one thinned to MNIST's
// strokes. Shapes: src, out [h, w] f32. Maxima and minima are exact; the comparisons are JavaScript's
// (`s > v`), so -0 and NaN come out as the twin's. Not here: square filters on a grid (filters.ts).

/**
 * out = the max (grow != 0, starting from 0) or the min (starting from 1) of src over the disc of radius r
 * around each pixel. out and src must not overlap. Once per digit whose strokes are out of range.
 */
export function morph_disc(out: usize, src: usize, w: i32, h: i32, r: i32, grow: i32): void {
  const reach = r * r + r;
  for (let y = 0; y < h; y++) {
    // Pixels within r of the image's edge see outside it through the disc: scalar. The rest: four at a time.
    const inside = y >= r && y + r < h;
    let x = 0;
    for (; x < w; x++) {
      if (inside && x >= r && x + r + 4 <= w) break;
      store<f32>(out + (<usize>(y * w + x) << 2), discAt(src, w, h, x, y, r, reach, grow));
    }
    for (; x + r + 4 <= w; x += 4) {
      let v = f32x4.splat(grow ? 0 : 1);
      for (let dy = -r; dy <= r; dy++) {
        const row = src + (<usize>((y + dy) * w + x) << 2);
        for (let dx = -r; dx <= r; dx++) {
          if (dx * dx + dy * dy > reach) continue;
          const s = v128.load(row + (<usize>dx << 2));
          // JavaScript's `if (s > v) v = s`: pmax(v, s) is v < s ? s : v.
          v = grow ? f32x4.pmax(v, s) : f32x4.pmin(v, s);
        }
      }
      v128.store(out + (<usize>(y * w + x) << 2), v);
    }
    for (; x < w; x++) store<f32>(out + (<usize>(y * w + x) << 2), discAt(src, w, h, x, y, r, reach, grow));
  }
}

function discAt(src: usize, w: i32, h: i32, x: i32, y: i32, r: i32, reach: i32, grow: i32): f32 {
  let v: f32 = grow ? 0 : 1;
  for (let dy = -r; dy <= r; dy++) {
    for (let dx = -r; dx <= r; dx++) {
      if (dx * dx + dy * dy > reach) continue;
      const nx = x + dx, ny = y + dy;
      const s: f32 = nx >= 0 && ny >= 0 && nx < w && ny < h ? load<f32>(src + (<usize>(ny * w + nx) << 2)) : 0;
      if (grow ? s > v : s < v) v = s;
    }
  }
  return v;
}
