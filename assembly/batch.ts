// Batch assembly: gathers B samples by index from a u8 image set resident in linear memory, scaled to f32,
// and lists each row's nonzero inputs for the sparse first layer.
// Shapes: images [N,D] u8, labels [N] u8, order [N] i32 (the epoch's shuffled indices), x [B,D] f32, y [B] i32.

/**
 * x[r] = images[order[start + r]] · scale and y[r] = labels[order[start + r]], and each row's nonzero
 * inputs listed as sparse_index lists them (read from the bytes, so the list costs almost nothing).
 * Returns the batch's nonzero count. Once per batch (per thread's rows).
 */
export function gather_batch(x: usize, y: usize, idx: usize, nnz: usize, images: usize, labels: usize, order: usize, start: i32, B: i32, D: i32, scale: f32): i32 {
  const scaleV = f32x4.splat(scale);
  const zero = i8x16.splat(0);
  const full = D & ~15;
  // The rows are scattered over a large data set: touch one byte in every 64 of each row first, so their
  // cache misses overlap instead of each row waiting for its own (wasm has no prefetch instruction).
  let touched: u32 = 0;
  for (let r = 0; r < B; r++) {
    const src = images + <usize>load<i32>(order + (<usize>(start + r) << 2)) * <usize>D;
    for (let d = 0; d < D; d += 64) touched += load<u8>(src + <usize>d);
  }
  let total = touched == 0xffffffff ? 1 : 0;
  for (let r = 0; r < B; r++) {
    const n = load<i32>(order + (<usize>(start + r) << 2));
    const src = images + <usize>n * <usize>D;
    const dst = x + <usize>r * (<usize>D << 2);
    const list = idx + <usize>r * (<usize>D << 2);
    let count = 0;
    let d = 0;
    for (; d < full; d += 16) {
      const bytes = v128.load(src + <usize>d);
      const lo = i16x8.extend_low_i8x16_u(bytes), hi = i16x8.extend_high_i8x16_u(bytes);
      const o = dst + (<usize>d << 2);
      v128.store(o, f32x4.mul(f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(lo)), scaleV));
      v128.store(o, f32x4.mul(f32x4.convert_i32x4_u(i32x4.extend_high_i16x8_u(lo)), scaleV), 16);
      v128.store(o, f32x4.mul(f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(hi)), scaleV), 32);
      v128.store(o, f32x4.mul(f32x4.convert_i32x4_u(i32x4.extend_high_i16x8_u(hi)), scaleV), 48);
      const bits = i8x16.bitmask(i8x16.ne(bytes, zero));
      if (bits == 0) continue;
      // The list never runs ahead of the inputs (count <= d), so sixteen writes from here stay in the row.
      count = packNonzero(list, count, d, bits & 0xff);
      count = packNonzero(list, count, d + 8, bits >> 8);
    }
    for (; d < D; d++) {
      const v = load<u8>(src + <usize>d);
      store<f32>(dst + (<usize>d << 2), <f32>v * scale);
      if (v) {
        store<i32>(list + (<usize>count << 2), d);
        count++;
      }
    }
    store<i32>(nnz + (<usize>r << 2), count);
    store<i32>(y + (<usize>r << 2), <i32>load<u8>(labels + <usize>n));
    total += count;
  }
  return total;
}

/** For each 8-bit mask, the positions of its set bits packed to the front (eight bytes per mask). */
const PACKED = memory.data(256 * 8);
for (let m = 0; m < 256; m++) {
  let n = 0;
  for (let bit = 0; bit < 8; bit++) if (m & (1 << bit)) store<u8>(PACKED + <usize>(m * 8 + n++), <u8>bit);
}

/**
 * Appends d + the positions of the set bits of `mask` (8 bits) to the list at `count`, without a branch
 * per bit: the packed positions come from a table and eight entries are stored whatever the count (the
 * ones past it are overwritten next). Returns the new count.
 */
// @ts-ignore: decorator
@inline function packNonzero(list: usize, count: i32, d: i32, mask: i32): i32 {
  const positions = i16x8.extend_low_i8x16_u(v128.load64_zero(PACKED + (<usize>mask << 3)));
  const base = i32x4.splat(d);
  const at = list + (<usize>count << 2);
  v128.store(at, i32x4.add(i32x4.extend_low_i16x8_u(positions), base));
  v128.store(at, i32x4.add(i32x4.extend_high_i16x8_u(positions), base), 16);
  return count + <i32>popcnt(mask);
}

/**
 * Lists each row's nonzero inputs for dense_forward_sparse: idx [B, D] i32 gets row r's nonzero column
 * indices in ascending order (the first nnz[r] entries), nnz [B] i32 their count. Returns the batch's
 * total, from which the engine measures the density and picks the sparse or the dense kernels.
 * Once per batch (per thread's rows), after augmenting (gather_batch lists the rows it gathers).
 */
export function sparse_index(idx: usize, nnz: usize, x: usize, B: i32, D: i32): i32 {
  const row = <usize>D << 2;
  const full = D & ~3;
  const zero = f32x4.splat(0);
  let total = 0;
  for (let r = 0; r < B; r++) {
    const xr = x + <usize>r * row;
    const out = idx + <usize>r * row;
    let n = 0;
    let d = 0;
    for (; d < full; d += 4) {
      let bits = i32x4.bitmask(f32x4.ne(v128.load(xr + (<usize>d << 2)), zero));
      while (bits) {
        const lane = ctz(bits);
        store<i32>(out + (<usize>n << 2), d + lane);
        n++;
        bits &= bits - 1;
      }
    }
    for (; d < D; d++) {
      if (load<f32>(xr + (<usize>d << 2)) != 0) {
        store<i32>(out + (<usize>n << 2), d);
        n++;
      }
    }
    store<i32>(nnz + (<usize>r << 2), n);
    total += n;
  }
  return total;
}
