// Shade that is not ink: pixels judged dark against a closing's background (the narrow tip of a shadow,
// shade the closing could not follow) reached from paper through pixels of the same brightness. Shapes:
// ink, luma, reference [h, w] f32; queue [h, w] i32 scratch. Computed in f64, as plain JavaScript does.
// A breadth-first flood: irregular, scalar. Not here: the darkness itself (darkness.ts).

/**
 * From paper (ink <= seed) next to darkness, floods through 4-neighbours whose luma is within step x the
 * starting paper's luma of it, clearing their ink; every pixel of a flood is compared with the paper it
 * started from, so it never creeps into a stroke however soft its edge. reference is scratch. Once per photo.
 */
export function clear_shade(ink: usize, luma: usize, reference: usize, queue: usize, w: i32, h: i32, seed: f64, step: f64): void {
  const n = w * h;
  for (let p = 0; p < n; p++) {
    const at = <usize>p << 2;
    store<f32>(reference + at, <f64>load<f32>(ink + at) <= seed ? load<f32>(luma + at) : -1);
  }
  let tail = 0;
  for (let p = 0; p < n; p++) {
    if (ref(reference, p) < 0) continue;
    const x = p % w;
    if ((x > 0 && ref(reference, p - 1) < 0) || (x < w - 1 && ref(reference, p + 1) < 0) ||
      (p >= w && ref(reference, p - w) < 0) || (p < n - w && ref(reference, p + w) < 0)) {
      store<i32>(queue + (<usize>tail << 2), p);
      tail++;
    }
  }
  for (let head = 0; head < tail; head++) {
    const p = load<i32>(queue + (<usize>head << 2));
    const x = p % w;
    const paper = <f64>ref(reference, p);
    for (let k = 0; k < 4; k++) {
      const q = k == 0 ? (x > 0 ? p - 1 : -1) : k == 1 ? (x < w - 1 ? p + 1 : -1) : k == 2 ? p - w : p + w;
      if (q < 0 || q >= n || ref(reference, q) >= 0) continue;
      if (abs(<f64>load<f32>(luma + (<usize>q << 2)) - paper) > step * paper) continue;
      store<f32>(reference + (<usize>q << 2), <f32>paper);
      store<f32>(ink + (<usize>q << 2), 0);
      store<i32>(queue + (<usize>tail << 2), q);
      tail++;
    }
  }
}

// @ts-ignore: decorator
@inline function ref(reference: usize, p: i32): f32 {
  return load<f32>(reference + (<usize>p << 2));
}
