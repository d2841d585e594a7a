// Element-wise activations and their backward passes. Shapes: N elements, or B rows of C classes.
// ReLU's forward is fused into dense_forward; its backward lives here. Sigmoid and softmax run on the
// output layer only (B·C values per batch), so they stay scalar: Mathf.exp is the same software routine
// in every engine, which keeps results bit-identical between Node and the browser.

/** dz = dy where y > 0, else 0. Overwrites dz (may alias dy). Once per hidden layer per batch. */
export function relu_backward(dz: usize, dy: usize, y: usize, N: i32): void {
  const zero = f32x4.splat(0);
  const bytes = <usize>N << 2;
  const full = bytes & ~15;
  let k: usize = 0;
  for (; k < full; k += 16) {
    v128.store(dz + k, v128.and(v128.load(dy + k), f32x4.gt(v128.load(y + k), zero)));
  }
  for (; k < bytes; k += 4) {
    store<f32>(dz + k, load<f32>(y + k) > 0 ? load<f32>(dy + k) : 0);
  }
}

/** y = 1 / (1 + e^-z) element-wise. Overwrites y (may alias z). Once per batch, on the output layer. */
export function sigmoid_forward(y: usize, z: usize, N: i32): void {
  for (let k = 0; k < N; k++) {
    const p = <usize>k << 2;
    store<f32>(y + p, 1 / (1 + Mathf.exp(-load<f32>(z + p))));
  }
}

/** y = softmax(z) per row, max-subtracted for range. Overwrites y (may alias z). Once per batch. */
export function softmax_forward(y: usize, z: usize, B: i32, C: i32): void {
  const row = <usize>C << 2;
  for (let r = 0; r < B; r++) {
    const zr = z + <usize>r * row, yr = y + <usize>r * row;
    let m = load<f32>(zr);
    for (let c = 1; c < C; c++) m = max(m, load<f32>(zr + (<usize>c << 2)));
    let s: f32 = 0;
    for (let c = 0; c < C; c++) {
      const e = Mathf.exp(load<f32>(zr + (<usize>c << 2)) - m);
      store<f32>(yr + (<usize>c << 2), e);
      s += e;
    }
    const inv: f32 = 1 / s;
    for (let c = 0; c < C; c++) store<f32>(yr + (<usize>c << 2), load<f32>(yr + (<usize>c << 2)) * inv);
  }
}
