// Connected parts of a plane's ink: the pixels at or above a threshold, 8- or 4-connected, labelled 1, 2, ...
// in the order of their first pixel (row by row), then each part's shape. Shapes: src [h, w] f32, labels
// [h, w] i32 (0 = not ink), stack [h, w, 2] i32 scratch, stats [count, STATS] f64. Scalar: a flood is irregular.
// Stats are sums of whole numbers in f64, exact in any order. Not here: which parts are digits (segment.ts).

/** f64 per part in stats: area, outline, x0, y0, x1, y1 (x1, y1 exclusive), Σx, Σy, Σx², Σy², Σxy. */
const STATS = 11;

/**
 * Labels the parts of the pixels with src >= threshold (8-connected when eight != 0, else 4-connected).
 * Overwrites labels; `stack` is scratch of h x w x 8 bytes (each pixel waiting is its x and y, so no pixel
 * index is ever divided). Returns how many parts there are. A few times per picture (ink, strokes, holes).
 */
export function label_components(labels: usize, src: usize, w: i32, h: i32, threshold: f64, eight: i32, stack: usize): i32 {
  memory.fill(labels, 0, <usize>(w * h) << 2);
  let next = 0;
  for (let sy = 0; sy < h; sy++) {
    for (let sx = 0; sx < w; sx++) {
      const start = sy * w + sx;
      if (load<i32>(labels + (<usize>start << 2)) != 0 || <f64>load<f32>(src + (<usize>start << 2)) < threshold) continue;
      next++;
      store<i32>(labels + (<usize>start << 2), next);
      store<i32>(stack, sx);
      store<i32>(stack, sy, 4);
      let top = 1;
      while (top > 0) {
        top--;
        const x = load<i32>(stack + (<usize>top << 3));
        const y = load<i32>(stack + (<usize>top << 3), 4);
        for (let dy = -1; dy <= 1; dy++) {
          const ny = y + dy;
          if (ny < 0 || ny >= h) continue;
          for (let dx = -1; dx <= 1; dx++) {
            const nx = x + dx;
            if (nx < 0 || nx >= w || (eight == 0 && dx != 0 && dy != 0)) continue;
            const q = ny * w + nx;
            const at = labels + (<usize>q << 2);
            if (load<i32>(at) != 0 || !(<f64>load<f32>(src + (<usize>q << 2)) >= threshold)) continue;
            store<i32>(at, next);
            store<i32>(stack + (<usize>top << 3), nx);
            store<i32>(stack + (<usize>top << 3), ny, 4);
            top++;
          }
        }
      }
    }
  }
  return next;
}

/**
 * The shape of each of `count` parts of `labels` into stats (see STATS); a pixel is on the outline when it
 * is on the plane's edge or a 4-neighbour is not ink. Overwrites stats. Once per labelling that needs shapes.
 */
export function component_stats(stats: usize, labels: usize, w: i32, h: i32, count: i32): void {
  for (let i = 0; i < count; i++) {
    const s = stats + <usize>i * STATS * 8;
    memory.fill(s, 0, STATS * 8);
    store<f64>(s, Infinity, 16);
    store<f64>(s, Infinity, 24);
    store<f64>(s, -Infinity, 32);
    store<f64>(s, -Infinity, 40);
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = labels + (<usize>(y * w + x) << 2);
      const l = load<i32>(p);
      if (l == 0) continue;
      const s = stats + <usize>(l - 1) * STATS * 8;
      const fx = <f64>x, fy = <f64>y;
      store<f64>(s, load<f64>(s) + 1);
      const edge = x == 0 || y == 0 || x == w - 1 || y == h - 1 ||
        load<i32>(p - 4) == 0 || load<i32>(p + 4) == 0 || load<i32>(p - (<usize>w << 2)) == 0 || load<i32>(p + (<usize>w << 2)) == 0;
      if (edge) store<f64>(s, load<f64>(s, 8) + 1, 8);
      if (fx < load<f64>(s, 16)) store<f64>(s, fx, 16);
      if (fy < load<f64>(s, 24)) store<f64>(s, fy, 24);
      if (fx + 1 > load<f64>(s, 32)) store<f64>(s, fx + 1, 32);
      if (fy + 1 > load<f64>(s, 40)) store<f64>(s, fy + 1, 40);
      store<f64>(s, load<f64>(s, 48) + fx, 48);
      store<f64>(s, load<f64>(s, 56) + fy, 56);
      store<f64>(s, load<f64>(s, 64) + fx * fx, 64);
      store<f64>(s, load<f64>(s, 72) + fy * fy, 72);
      store<f64>(s, load<f64>(s, 80) + fx * fy, 80);
    }
  }
}
