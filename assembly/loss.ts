// Losses over rows of output-layer values, fused with their gradient w.r.t. the pre-activation logits.
// Shapes: `rows` rows of C classes; s, p, dz [rows,C] f32; labels [rows] i32; loss [rows] f32. B is the
// whole batch's size (a thread handles some of its rows): dz is d(mean loss over B)/dz. Each writes one
// loss per row, which the engine sums in row order, so the reported loss is the same on any thread count.

/** Keras clips normalised probabilities to [ε, 1-ε] with ε = 1e-7 (keras.backend.epsilon()). */
const EPS: f32 = 1e-7;

/**
 * The reference notebook's loss: sparse_categorical_crossentropy applied to sigmoid outputs s. Keras
 * normalises them to sum 1 (p = s / Σs), clips p to [ε, 1-ε] and takes -log p[label]. Gradient:
 * dL/ds_k = 1/Σs - [k = label]/s_label while p[label] is inside the clip range (zero outside, as the clip's
 * gradient is), then through the sigmoid: dz = dL/ds · s(1-s). Once per batch.
 */
export function sigmoid_keras_loss(loss: usize, dz: usize, s: usize, labels: usize, rows: i32, C: i32, B: i32): void {
  const row = <usize>C << 2;
  const invB: f32 = 1 / <f32>B;
  for (let r = 0; r < rows; r++) {
    const sr = s + <usize>r * row, dr = dz + <usize>r * row;
    const y = load<i32>(labels + (<usize>r << 2));
    let sum: f32 = 0;
    for (let c = 0; c < C; c++) sum += load<f32>(sr + (<usize>c << 2));
    const sy = load<f32>(sr + (<usize>y << 2));
    const p = sy / sum;
    // NaN-safe: a row of zeros gives p = NaN, which falls outside the range like p < ε does.
    const inside = p >= EPS && p <= 1 - EPS;
    store<f32>(loss + (<usize>r << 2), -Mathf.log(inside ? p : (p > 1 - EPS ? 1 - EPS : EPS)));
    const invSum: f32 = inside ? 1 / sum : 0;
    for (let c = 0; c < C; c++) {
      const k = <usize>c << 2;
      const sk = load<f32>(sr + k);
      let g = invSum;
      if (c == y && inside) g -= 1 / sy;
      store<f32>(dr + k, g * sk * (1 - sk) * invB);
    }
  }
}

/** Softmax cross-entropy on probabilities p (from softmax_forward): dz = (p - onehot) / B. Once per batch. */
export function softmax_xent_loss(loss: usize, dz: usize, p: usize, labels: usize, rows: i32, C: i32, B: i32): void {
  const row = <usize>C << 2;
  const invB: f32 = 1 / <f32>B;
  for (let r = 0; r < rows; r++) {
    const pr = p + <usize>r * row, dr = dz + <usize>r * row;
    const y = load<i32>(labels + (<usize>r << 2));
    store<f32>(loss + (<usize>r << 2), -Mathf.log(max(load<f32>(pr + (<usize>y << 2)), EPS)));
    for (let c = 0; c < C; c++) {
      const k = <usize>c << 2;
      const g = load<f32>(pr + k) - (c == y ? <f32>1 : <f32>0);
      store<f32>(dr + k, g * invB);
    }
  }
}

/** Number of rows whose largest output (first one on ties) is the label. Once per batch. */
export function count_correct(out: usize, labels: usize, B: i32, C: i32): i32 {
  const row = <usize>C << 2;
  let correct = 0;
  for (let r = 0; r < B; r++) {
    const o = out + <usize>r * row;
    let best = 0;
    let bestValue = load<f32>(o);
    for (let c = 1; c < C; c++) {
      const v = load<f32>(o + (<usize>c << 2));
      if (v > bestValue) { bestValue = v; best = c; }
    }
    if (best == load<i32>(labels + (<usize>r << 2))) correct++;
  }
  return correct;
}
