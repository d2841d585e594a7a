// Kernel benchmarks with tinybench: dense forward, both backward kernels and Adam at the reference
// model's shapes (batch 32: 784x50, 50x50, 50x10) and a larger layer (batch 128: 784x256), the wasm SIMD
// kernels and their plain-JS twins on identically laid-out memory, plus the SIMD ceiling they are held to.
// Platform-neutral: the caller hands over the .wasm's bytes (Node reads the file, the page fetches it).

import { Bench } from "tinybench";
import { createEngine, type Arena } from "../bindings/engine/engine.js";
import { Rng } from "../bindings/model/rng.js";

export interface KernelRow {
  kernel: string;
  shape: string;
  flop: number;
  wasmMs: number;
  jsMs: number;
  wasmGflops: number;
  jsGflops: number;
  /** wasm time / JS time, inverted: how many times faster wasm is. */
  speedup: number;
  /** wasm GFLOP/s over the measured single-thread SIMD ceiling. */
  ofPeak: number;
}

interface Case { kernel: string; shape: string; flop: number; run: (k: Arena) => () => void }

/** One layer's tensors laid out from heapBase, filled with seeded values in [-1, 1]. */
function layer(backend: Arena, B: number, IN: number, OUT: number) {
  let at = backend.heapBase;
  const take = (floats: number) => { const p = at; at += (floats * 4 + 15) & ~15; return p; };
  const t = { x: take(B * IN), w: take(IN * OUT), b: take(OUT), y: take(B * OUT), dz: take(B * OUT), dw: take(IN * OUT), db: take(OUT), dx: take(B * IN) };
  backend.reserve(at);
  const f32 = backend.views.f32;
  const rng = new Rng(B * 7 + IN * 3 + OUT);
  for (let i = backend.heapBase >> 2; i < at >> 2; i++) f32[i] = rng.uniform() * 2 - 1;
  return { ...t, end: at };
}

function adamTensors(backend: Arena, N: number) {
  const base = backend.heapBase, bytes = (N * 4 + 15) & ~15;
  backend.reserve(base + 4 * bytes);
  const f32 = backend.views.f32;
  const rng = new Rng(N);
  for (let i = base >> 2; i < (base + 4 * bytes) >> 2; i++) f32[i] = rng.uniform() * 0.01;
  return { p: base, g: base + bytes, m: base + 2 * bytes, v: base + 3 * bytes };
}

/**
 * The first layer on a real MNIST batch (about 19% of its pixels are nonzero), dense and sparse. FLOPs are
 * the dense layer's, so a sparse kernel's GFLOP/s is the work it stands for, not the work it does.
 */
function firstLayerCases(images: Uint8Array): Case[] {
  const B = 32, IN = 784, OUT = 50, shape = `${B}x${IN}x${OUT} MNIST`, flop = 2 * B * IN * OUT;
  const mnist = (k: Arena) => {
    const t = layer(k, B, IN, OUT);
    const x = k.views.f32.subarray(t.x >> 2, (t.x >> 2) + B * IN);
    for (let i = 0; i < B * IN; i++) x[i] = images[i] / 255;
    const idx = t.end + 16, nnz = idx + B * IN * 4 + 16;
    // The update kernels want the weights inside four parameter-shaped blocks (weights, gradients, m, v).
    const block = Math.ceil((IN * OUT * 4 + 16) / 16) * 16;
    const params = Math.ceil((nnz + B * 4 + 16) / 16) * 16, adam = params + 4 * block;
    k.reserve(adam + 32);
    const f32 = k.views.f32;
    f32.copyWithin(params >> 2, t.w >> 2, (t.w >> 2) + IN * OUT);
    f32.fill(0, (params + 2 * block) >> 2, (params + 3 * block) >> 2);
    f32.fill(1e-4, (params + 3 * block) >> 2, (params + 4 * block) >> 2);
    f32.set([0.001, 0.9, 0.999, 1e-7], adam >> 2);
    k.kernels.sparse_index(idx, nnz, t.x, B, IN);
    return { ...t, idx, nnz, params, block, adam };
  };
  return [
    { kernel: "dense_forward", shape, flop, run: (k) => { const t = mnist(k); return () => k.kernels.dense_forward(t.y, t.x, t.w, t.b, B, IN, OUT, 1); } },
    { kernel: "dense_forward_sparse", shape, flop, run: (k) => { const t = mnist(k); return () => k.kernels.dense_forward_sparse(t.y, t.x, t.w, t.b, B, IN, OUT, 1, t.idx, t.nnz); } },
    // Training's update of the layer: the weight gradient straight into Adam, with the sparse mode off and on.
    { kernel: "dense_update_weights", shape, flop: flop + 12 * IN * OUT, run: (k) => { const t = mnist(k); return () => k.kernels.dense_update_weights(t.params, t.x, t.dz, B, IN, OUT, 0, IN, t.block, t.adam, 0); } },
    { kernel: "dense_update_weights_sparse", shape, flop: flop + 12 * IN * OUT, run: (k) => { const t = mnist(k); return () => k.kernels.dense_update_weights(t.params, t.x, t.dz, B, IN, OUT, 0, IN, t.block, t.adam, 1); } },
  ];
}

function cases(images?: Uint8Array): Case[] {
  const out: Case[] = images ? firstLayerCases(images) : [];
  for (const [B, IN, OUT] of [[32, 784, 50], [32, 50, 50], [32, 50, 10], [128, 784, 256]]) {
    const shape = `${B}x${IN}x${OUT}`, flop = 2 * B * IN * OUT;
    out.push({ kernel: "dense_forward", shape, flop, run: (k) => { const t = layer(k, B, IN, OUT); return () => k.kernels.dense_forward(t.y, t.x, t.w, t.b, B, IN, OUT, 1); } });
    out.push({ kernel: "dense_backward_weights", shape, flop, run: (k) => { const t = layer(k, B, IN, OUT); return () => k.kernels.dense_backward_weights(t.dw, t.x, t.dz, B, IN, OUT, 0, IN); } });
    if (IN !== 784 || B !== 32) {
      // The first layer never needs its input gradient in training; the others do.
      out.push({ kernel: "dense_backward_input", shape, flop, run: (k) => { const t = layer(k, B, IN, OUT); return () => k.kernels.dense_backward_input(t.dx, t.dz, t.w, B, IN, OUT); } });
    }
  }
  // Adam: about 12 FLOP per parameter (two moment updates, the square root, the division and the step).
  for (const N of [42_310, 535_818]) {
    out.push({ kernel: "adam_step", shape: `${N.toLocaleString("en")} params`, flop: 12 * N, run: (k) => { const t = adamTensors(k, N); return () => k.kernels.adam_step(t.p, t.g, t.m, t.v, N, 1e-3, 0.9, 0.999, 1e-7); } });
  }
  return out;
}

/** Single-thread f32x4 GFLOP/s of the peak_madd microkernel (assembly/peak.ts): the best of several runs. */
export async function measurePeak(wasm: BufferSource, rounds = 7, iterations = 5_000_000): Promise<number> {
  const instance = await WebAssembly.instantiate(await WebAssembly.compile(wasm), {});
  const peak = instance.exports.peak_madd as (n: number) => number;
  peak(iterations); // tier-up
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    peak(iterations);
    const ms = performance.now() - t0;
    best = Math.max(best, (iterations * 96) / ms / 1e6); // 12 chains x 4 lanes x (mul + add) per round
  }
  return best;
}

/**
 * The clock's step, ms: well under a microsecond in Node, but browsers coarsen performance.now() (100 µs in
 * a page that is not cross-origin isolated), which would round a 5 µs kernel to 0 or 100 µs.
 */
export function clockStep(): number {
  const steps: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    let t1 = t0;
    while (t1 === t0) t1 = performance.now();
    steps.push(t1 - t0);
  }
  return steps.sort((a, b) => a - b)[steps.length >> 1];
}

/** The fastest of three timings of `repeat` calls, ms. */
function fastest(fn: () => void, repeat: number): number {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    for (let i = 0; i < repeat; i++) fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/**
 * Calls per timed sample so that one sample spans about 100 clock steps (1 where the clock is fine). The
 * fastest of three timings decides, so a calibration slowed by other work does not pick too few calls.
 */
function callsPerSample(fn: () => void, step: number): number {
  if (step < 0.001) return 1;
  const target = 100 * step;
  // Warm up first: the engine's first tier would make calls look slower than they are.
  for (const t0 = performance.now(); performance.now() - t0 < 20 * step; ) fn();
  let repeat = 1;
  for (;;) {
    const ms = fastest(fn, repeat);
    if (ms >= 0.9 * target || repeat >= 2 ** 24) return repeat;
    // Double while the time is too short to measure, then jump to the estimate.
    repeat = ms >= 10 * step ? Math.ceil((repeat * target) / ms) : repeat * 2;
  }
}

async function median(backend: Arena, fn: () => void, timeMs: number, step: number): Promise<number> {
  for (let repeat = callsPerSample(fn, step); ; repeat *= 8) {
    const bench = new Bench({ time: timeMs, warmupTime: Math.max(20, timeMs / 4) });
    bench.add("k", repeat === 1 ? fn : () => { for (let i = 0; i < repeat; i++) fn(); });
    await bench.run();
    const result = bench.tasks[0].result as { latency?: { p50: number } };
    if (!result.latency) throw new Error(`the benchmark of a ${backend.engine.kind} kernel did not complete`);
    // A median of 0 means the samples were still shorter than the clock's step: take more calls per sample.
    if (result.latency.p50 > 0 || repeat >= 2 ** 24) return result.latency.p50 / repeat;
  }
}

/** Every case with both backends; `ofPeak` is left at 0 for the caller, who knows the ceiling. */
export async function benchKernels(wasmBytes: BufferSource, timeMs = 250, onCase?: (done: number, total: number) => void, mnist?: Uint8Array): Promise<KernelRow[]> {
  const rows: KernelRow[] = [];
  const all = cases(mnist);
  const step = clockStep();
  const engines = { wasm: await createEngine("wasm", () => wasmBytes), js: await createEngine("js", () => wasmBytes) };
  for (const c of all) {
    // A fresh arena per case: each gets its own memory laid out for this shape.
    const wasm = engines.wasm.newArena(), js = engines.js.newArena();
    const wasmMs = await median(wasm, c.run(wasm), timeMs, step);
    const jsMs = await median(js, c.run(js), timeMs, step);
    const wasmGflops = c.flop / wasmMs / 1e6, jsGflops = c.flop / jsMs / 1e6;
    rows.push({ kernel: c.kernel, shape: c.shape, flop: c.flop, wasmMs, jsMs, wasmGflops, jsGflops, speedup: jsMs / wasmMs, ofPeak: 0 });
    onCase?.(rows.length, all.length);
  }
  return rows;
}
