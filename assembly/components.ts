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
  const below = f64x2.splat(threshold);
  let next = 0;
  for (let sy = 0; sy < h; sy++) {
    for (let sx = 0; sx < w; sx++) {
      const start = sy * w + sx;
      // Paper four pixels at a time: all below the threshold start no part (NaN is never below: it goes on).
      if (sx + 4 <= w) {
        const v = v128.load(src + (<usize>start << 2));
        const low = f64x2.lt(f64x2.promote_low_f32x4(v), below);
        const high = f64x2.lt(f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3)), below);
        if (v128.all_true<i64>(v128.and(low, high))) {
          sx += 3;
          continue;
        }
      }
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

/**
 * How many enclosed paper areas a group of parts has in its box (x0, y0, bw x bh of the w-wide labels): paper
 * is a pixel whose label l is not a member (member[l] == 0, or l >= members); areas reached from the box's
 * edge are not enclosed, nor are pinholes under max(4, 0.001 bw bh) pixels. Scratch: mask bw x bh u8, stack
 * bw x bh i32 (overwritten). A flood's count is the same in any visiting order. Once per candidate digit.
 */
export function group_holes(mask: usize, stack: usize, labels: usize, member: usize, members: i32, w: i32, x0: i32, y0: i32, bw: i32, bh: i32): i32 {
  const n = bw * bh;
  for (let y = 0; y < bh; y++) {
    const row = labels + (<usize>((y0 + y) * w + x0) << 2), out = mask + <usize>(y * bw);
    for (let x = 0; x < bw; x++) {
      const l = load<i32>(row + (<usize>x << 2));
      store<u8>(out + <usize>x, l >= 0 && l < members ? load<u8>(member + <usize>l) : 0);
    }
  }
  const minimum = Math.max(4, 0.001 * <f64>n);
  let count = 0;
  for (let pass = 0; pass < 2; pass++) {
    for (let start = 0; start < n; start++) {
      if (load<u8>(mask + <usize>start) != 0) continue;
      const x = start % bw, y = start / bw;
      if (pass == 0 && !(x == 0 || y == 0 || x == bw - 1 || y == bh - 1)) continue;
      let top = 0, area = 0;
      store<i32>(stack, start);
      top = 1;
      store<u8>(mask + <usize>start, 2);
      while (top > 0) {
        top--;
        const p = load<i32>(stack + (<usize>top << 2)), px = p % bw;
        area++;
        if (px > 0 && load<u8>(mask + <usize>(p - 1)) == 0) { store<u8>(mask + <usize>(p - 1), 2); store<i32>(stack + (<usize>top << 2), p - 1); top++; }
        if (px < bw - 1 && load<u8>(mask + <usize>(p + 1)) == 0) { store<u8>(mask + <usize>(p + 1), 2); store<i32>(stack + (<usize>top << 2), p + 1); top++; }
        if (p >= bw && load<u8>(mask + <usize>(p - bw)) == 0) { store<u8>(mask + <usize>(p - bw), 2); store<i32>(stack + (<usize>top << 2), p - bw); top++; }
        if (p < n - bw && load<u8>(mask + <usize>(p + bw)) == 0) { store<u8>(mask + <usize>(p + bw), 2); store<i32>(stack + (<usize>top << 2), p + bw); top++; }
      }
      if (pass == 1 && <f64>area >= minimum) count++;
    }
  }
  return count;
}

// @ts-ignore: decorator
@inline function isMember(member: usize, members: i32, l: i32): bool {
  return l > 0 && l < members && load<u8>(member + <usize>l) != 0;
}

/**
 * A digit's patch: the ink of the pw x ph box at (x0, y0) of the w x h plane that belongs to a group (its
 * label a member) or touches it (unlabelled ink 8-next to a member's pixel); the rest 0. Overwrites patch
 * [ph, pw] f32. Once per digit.
 */
export function group_patch(patch: usize, ink: usize, labels: usize, member: usize, members: i32, w: i32, h: i32, x0: i32, y0: i32, pw: i32, ph: i32): void {
  memory.fill(patch, 0, <usize>(pw * ph) << 2);
  for (let y = y0; y < y0 + ph; y++) {
    for (let x = x0; x < x0 + pw; x++) {
      const i = y * w + x, v = load<f32>(ink + (<usize>i << 2));
      if (v == 0) continue;
      const l = load<i32>(labels + (<usize>i << 2));
      let kept = false;
      if (l != 0) kept = isMember(member, members, l);
      else {
        for (let dy = -1; dy <= 1 && !kept; dy++) {
          const ny = y + dy;
          if (ny < 0 || ny >= h) continue;
          for (let dx = -1; dx <= 1; dx++) {
            const nx = x + dx;
            if (nx < 0 || nx >= w) continue;
            if (isMember(member, members, load<i32>(labels + (<usize>(ny * w + nx) << 2)))) { kept = true; break; }
          }
        }
      }
      if (kept) store<f32>(patch + (<usize>((y - y0) * pw + x - x0) << 2), v);
    }
  }
}

/**
 * The histogram of a group's ink in the bw x bh box at (x0, y0): bin round(1024 ink) of hist [1025] u32 for
 * each member's pixel (ink outside 0..1 counted, binned nowhere). Accumulates into hist; returns the pixels
 * counted. Once per digit.
 */
export function group_histogram(hist: usize, ink: usize, labels: usize, member: usize, members: i32, w: i32, x0: i32, y0: i32, bw: i32, bh: i32): i32 {
  let count = 0;
  for (let y = y0; y < y0 + bh; y++) {
    for (let x = x0; x < x0 + bw; x++) {
      const i = y * w + x;
      if (!isMember(member, members, load<i32>(labels + (<usize>i << 2)))) continue;
      // ink x 1024 is exact, so adding a half and flooring is JavaScript's Math.round.
      const b = Math.floor(<f64>load<f32>(ink + (<usize>i << 2)) * 1024 + 0.5);
      if (b >= 0 && b <= 1024) {
        const at = hist + (<usize><i32>b << 2);
        store<u32>(at, load<u32>(at) + 1);
      }
      count++;
    }
  }
  return count;
}
