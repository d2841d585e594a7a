// Batch assembly: gathers B samples by index from a u8 image set resident in linear memory, scaled to f32.
// Shapes: images [N,D] u8, labels [N] u8, order [N] i32 (the epoch's shuffled indices), x [B,D] f32, y [B] i32.

/** x[r] = images[order[start + r]] · scale and y[r] = labels[order[start + r]]. Once per batch. */
export function gather_batch(x: usize, y: usize, images: usize, labels: usize, order: usize, start: i32, B: i32, D: i32, scale: f32): void {
  const scaleV = f32x4.splat(scale);
  const full = D & ~15;
  for (let r = 0; r < B; r++) {
    const n = load<i32>(order + (<usize>(start + r) << 2));
    const src = images + <usize>n * <usize>D;
    const dst = x + <usize>r * (<usize>D << 2);
    let d = 0;
    for (; d < full; d += 16) {
      const bytes = v128.load(src + <usize>d);
      const lo = i16x8.extend_low_i8x16_u(bytes), hi = i16x8.extend_high_i8x16_u(bytes);
      const o = dst + (<usize>d << 2);
      v128.store(o, f32x4.mul(f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(lo)), scaleV));
      v128.store(o, f32x4.mul(f32x4.convert_i32x4_u(i32x4.extend_high_i16x8_u(lo)), scaleV), 16);
      v128.store(o, f32x4.mul(f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(hi)), scaleV), 32);
      v128.store(o, f32x4.mul(f32x4.convert_i32x4_u(i32x4.extend_high_i16x8_u(hi)), scaleV), 48);
    }
    for (; d < D; d++) store<f32>(dst + (<usize>d << 2), <f32>load<u8>(src + <usize>d) * scale);
    store<i32>(y + (<usize>r << 2), <i32>load<u8>(labels + <usize>n));
  }
}
