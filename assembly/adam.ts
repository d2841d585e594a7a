// Adam over the whole parameter block in one flat loop: parameters, gradients and both moments are four
// identically ordered, 16-byte aligned blocks of N floats (N a multiple of 4), so one call updates every layer.
// Adam: https://arxiv.org/abs/1412.6980 , in the form Keras uses (bias corrections folded into the step size).

/**
 * m += (g - m)(1 - β1); v += (g² - v)(1 - β2); p -= lrT·m / (√v + ε), where the engine computes
 * lrT = lr·√(1 - β2^t) / (1 - β1^t) once per step from running products. Once per batch.
 */
export function adam_step(p: usize, g: usize, m: usize, v: usize, N: i32, lrT: f32, beta1: f32, beta2: f32, eps: f32): void {
  const oneMinusB1 = f32x4.splat(1 - beta1);
  const oneMinusB2 = f32x4.splat(1 - beta2);
  const step = f32x4.splat(lrT);
  const epsV = f32x4.splat(eps);
  const bytes = <usize>N << 2;
  for (let k: usize = 0; k < bytes; k += 16) {
    const gk = v128.load(g + k);
    let mk = v128.load(m + k);
    let vk = v128.load(v + k);
    mk = f32x4.add(mk, f32x4.mul(f32x4.sub(gk, mk), oneMinusB1));
    vk = f32x4.add(vk, f32x4.mul(f32x4.sub(f32x4.mul(gk, gk), vk), oneMinusB2));
    v128.store(m + k, mk);
    v128.store(v + k, vk);
    const update = f32x4.div(f32x4.mul(mk, step), f32x4.add(f32x4.sqrt(vk), epsV));
    v128.store(p + k, f32x4.sub(v128.load(p + k), update));
  }
}
