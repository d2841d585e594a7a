// The ceiling for the benchmarks: single-thread f32x4 throughput when nothing waits on memory. Twelve
// independent multiply-add chains live in registers, enough to cover the add and multiply latencies.
// Not used in training; bench/ calls it to say what fraction of this machine's SIMD the kernels reach.

/** Runs `iterations` rounds of 12 chains x (mul + add) on 4 lanes: 96 FLOP per round. Called by bench/ only. */
export function peak_madd(iterations: i32): f32 {
  const m = f32x4.splat(0.9999999);
  const c = f32x4.splat(0.0000001);
  let a0 = f32x4.splat(1.0), a1 = f32x4.splat(1.01), a2 = f32x4.splat(1.02), a3 = f32x4.splat(1.03);
  let a4 = f32x4.splat(1.04), a5 = f32x4.splat(1.05), a6 = f32x4.splat(1.06), a7 = f32x4.splat(1.07);
  let a8 = f32x4.splat(1.08), a9 = f32x4.splat(1.09), a10 = f32x4.splat(1.1), a11 = f32x4.splat(1.11);
  for (let i = 0; i < iterations; i++) {
    a0 = f32x4.add(f32x4.mul(a0, m), c); a1 = f32x4.add(f32x4.mul(a1, m), c);
    a2 = f32x4.add(f32x4.mul(a2, m), c); a3 = f32x4.add(f32x4.mul(a3, m), c);
    a4 = f32x4.add(f32x4.mul(a4, m), c); a5 = f32x4.add(f32x4.mul(a5, m), c);
    a6 = f32x4.add(f32x4.mul(a6, m), c); a7 = f32x4.add(f32x4.mul(a7, m), c);
    a8 = f32x4.add(f32x4.mul(a8, m), c); a9 = f32x4.add(f32x4.mul(a9, m), c);
    a10 = f32x4.add(f32x4.mul(a10, m), c); a11 = f32x4.add(f32x4.mul(a11, m), c);
  }
  // The sum keeps every chain live, so none is optimised away.
  const s = f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7)));
  const t = f32x4.add(s, f32x4.add(f32x4.add(a8, a9), f32x4.add(a10, a11)));
  return f32x4.extract_lane(t, 0) + f32x4.extract_lane(t, 1) + f32x4.extract_lane(t, 2) + f32x4.extract_lane(t, 3);
}
