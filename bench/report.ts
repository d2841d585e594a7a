// The benchmark as one report, on any platform: the SIMD ceiling (measured before and after the kernels,
// the best kept), the kernels (wasm against JS), whole epochs (wasm against JS), and the table people
// read. Platform-neutral: the caller passes what only it can get (the machine, the .wasm's bytes, MNIST):
// bench/index.ts in Node (`npm run bench`), web/bench-worker.ts in the page.

import type { Engine } from "../bindings/engine/engine.js";
import { denseArchitecture } from "../bindings/engine/layers.js";
import type { Dataset } from "../bindings/model/idx.js";
import { presetNamed } from "../bindings/model/presets.js";
import { benchKernels, measurePeak, type KernelRow } from "./kernels.js";
import { benchEpoch, type EpochRow } from "./epoch.js";
import { benchThreads, type ThreadRow } from "./threads.js";
import type { PredictReport } from "./predict.js";

/** What the benchmark ran on. Node fills `node` and `v8`; a page fills `browser` and has no CPU name. */
export interface Machine { cpu: string; cores: number; platform: string; simd: boolean; node?: string; v8?: string; browser?: string }

export interface BenchReport {
  date: string;
  machine: Machine;
  peakGflops: number;
  kernels: KernelRow[];
  epoch: EpochRow[];
  epochSpeedup: number;
  /** Rows the table shows as not measured, with why (the page's threads, until it has them). */
  notMeasured?: { backend: string; why: string }[];
  /** Training on 1, 2, ... threads (where the engine can start threads). */
  threads?: ThreadRow[];
  /** predictPng at three picture sizes on both engines, and predict's cold start (Node only). */
  prediction?: PredictReport;
}

export interface BenchInput {
  machine: Machine;
  wasm: BufferSource;
  /** MNIST's training set (or any 28x28 IDX set); the epoch uses its first `epochImages`. */
  train: Dataset;
  /** MNIST's test set: training checks its result on the first 1,000 images. */
  test: Dataset;
  /** tinybench time budget per kernel and backend, ms. */
  kernelTimeMs?: number;
  /** Images in the whole-epoch run (60,000 is the real epoch; tests and the page use fewer). */
  epochImages?: number;
  /** Progress for people: what is running, and the fraction of the work done (0..1). */
  onStep?: (what: string, fraction: number) => void;
  notMeasured?: BenchReport["notMeasured"];
  /** An engine that starts threads and the counts to run (1 first): the threads table. */
  threads?: { engine: Engine; counts: number[] };
}

/** The threads table's runs: the reference model's whole epoch, and a slice of the release preset's. */
export const THREAD_RUNS = [{ preset: "seed", images: 60_000 }, { preset: "release", images: 12_000 }];

/**
 * Floating-point operations per training sample of a preset, as the dense kernels count them: forward and
 * weight gradient of every layer, input gradient of all but the first, and Adam's share of the batch.
 */
export function trainingFlop(presetName: string): number {
  const preset = presetNamed(presetName)!;
  const { layers } = denseArchitecture(784, preset.hidden, 10, preset.head);
  let flop = 0, params = 0;
  layers.forEach((l, i) => {
    flop += 2 * l.inputs * l.outputs * (i === 0 ? 2 : 3);
    params += l.inputs * l.outputs + l.outputs;
  });
  return flop + (12 * params) / preset.batch;
}

export async function measure(input: BenchInput): Promise<BenchReport> {
  const say = input.onStep ?? (() => {});
  say("measuring the SIMD ceiling", 0);
  const before = await measurePeak(input.wasm);
  say("benchmarking kernels (wasm and JS)", 0.05);
  const mnist = input.train.images.subarray(0, 32 * 784);
  const kernels = await benchKernels(input.wasm, input.kernelTimeMs ?? 250, (done, total) => say(`benchmarking kernels (wasm and JS): ${done} of ${total}`, 0.05 + (0.55 * done) / total), mnist);
  // Measured again after the kernels: one run disturbed by other work would otherwise make every share of
  // the ceiling look too high. The best of both is the ceiling.
  const peakGflops = Math.max(before, await measurePeak(input.wasm));
  for (const k of kernels) k.ofPeak = k.wasmGflops / peakGflops;
  say("training one epoch with each backend", 0.6);
  const epoch = await benchEpoch(input.wasm, input.train, input.test, input.epochImages ?? 60_000);
  const [wasm, js] = epoch;
  const report: BenchReport = { date: new Date().toISOString(), machine: input.machine, peakGflops, kernels, epoch, epochSpeedup: js.seconds / wasm.seconds };
  if (input.threads) {
    say("training on threads", 0.75);
    // The same slices as the epoch run when it was cut short (tests, the page), so a run stays short.
    const scale = Math.min(1, (input.epochImages ?? 60_000) / 60_000);
    const runs = THREAD_RUNS.map((r) => ({ preset: r.preset, images: Math.max(64, Math.round(r.images * scale)) }));
    report.threads = await benchThreads(input.threads.engine, input.train, input.test, runs, input.threads.counts);
  }
  say("done", 1);
  if (input.notMeasured?.length) report.notMeasured = input.notMeasured;
  return report;
}

const ms = (v: number) => (v >= 1 ? `${v.toFixed(2)} ms` : `${(v * 1000).toFixed(1)} µs`);

export function formatReport(r: BenchReport): string {
  const m = r.machine;
  const runtime = m.node ? `Node ${m.node}, V8 ${m.v8}` : m.browser ?? "unknown runtime";
  const lines = [
    `machine: ${m.cpu ? `${m.cpu}, ` : ""}${m.cores} cores, ${m.platform}; ${runtime}; wasm SIMD ${m.simd ? "used" : "NOT available"}`,
    `SIMD ceiling (one thread, f32x4 multiply-add chains in registers): ${r.peakGflops.toFixed(1)} GFLOP/s`,
    "",
    "kernel                  shape              wasm median   GFLOP/s  of peak      JS median   GFLOP/s  wasm/JS",
  ];
  for (const k of r.kernels) {
    lines.push(`${k.kernel.padEnd(23)} ${k.shape.padEnd(17)} ${ms(k.wasmMs).padStart(12)} ${k.wasmGflops.toFixed(1).padStart(9)} ${`${(k.ofPeak * 100).toFixed(0)}%`.padStart(8)} ${ms(k.jsMs).padStart(14)} ${k.jsGflops.toFixed(2).padStart(9)} ${`${k.speedup.toFixed(1)}x`.padStart(8)}`);
  }
  // Judged on the share as printed, so a row showing "100%" never gets a warning about exceeding it.
  // Sparse kernels count the dense layer's FLOPs (the work they stand for), so they may pass the ceiling.
  const over = r.kernels.filter((k) => !k.kernel.endsWith("_sparse") && Math.round(k.ofPeak * 100) > 100);
  if (over.length) {
    const worst = Math.max(...over.map((k) => k.ofPeak));
    lines.push(
      `warning: ${over.length === 1 ? "a kernel" : `${over.length} kernels`} measured above the SIMD ceiling (up to ${(worst * 100).toFixed(0)}%): the ceiling measurement was`,
      `         disturbed (most likely by other work on this machine) or is low for this engine: "of peak" is high`,
    );
  }
  const sparse = (name: string) => {
    const dense = r.kernels.find((k) => k.kernel === name && k.shape.endsWith("MNIST"));
    const fast = r.kernels.find((k) => k.kernel === `${name}_sparse`);
    return dense && fast ? (dense.wasmMs / fast.wasmMs).toFixed(1) : undefined;
  };
  if (sparse("dense_forward")) {
    lines.push(
      `first layer on MNIST batches, sparse against dense (same bits): forward ${sparse("dense_forward")}x, weight update ${sparse("dense_update_weights")}x faster`,
      "(a sparse kernel's GFLOP/s and share count the dense layer's FLOPs: the work it stands for)",
    );
  }
  // The share of the ceiling counts the dense kernels' FLOPs, so sparse work saved shows above it.
  const share = (preset: string, sps: number, threads: number) => `${((sps * trainingFlop(preset)) / 1e9 / (r.peakGflops * threads) * 100).toFixed(0)}%`;
  lines.push("", `one epoch of the reference model (784-50-50-10, batch 32, ${r.epoch[0].images.toLocaleString("en")} images), one thread:`);
  for (const e of r.epoch) {
    lines.push(`  ${e.backend.padEnd(5)} ${e.seconds.toFixed(2).padStart(7)} s  ${Math.round(e.samplesPerSecond).toLocaleString("en").padStart(9)} samples/s  ${share("seed", e.samplesPerSecond, 1).padStart(4)} of the ceiling`);
  }
  for (const n of r.notMeasured ?? []) lines.push(`  ${n.backend.padEnd(5)}       -    not measured: ${n.why}`);
  lines.push(`  wasm is ${r.epochSpeedup.toFixed(1)}x faster than plain JS`);
  if (r.threads?.length) {
    lines.push("", "training on threads (wasm; median epoch of 3; the model is bit-identical on every thread count):");
    lines.push("  preset    images  threads   seconds    samples/s  speed-up  of ceiling x threads");
    for (const t of r.threads) {
      const same = t.sameModel ? "" : "  MODEL DIFFERS FROM 1 THREAD";
      lines.push(`  ${t.preset.padEnd(8)} ${t.images.toLocaleString("en").padStart(7)} ${String(t.threads).padStart(8)} ${t.seconds.toFixed(2).padStart(9)} ${Math.round(t.samplesPerSecond).toLocaleString("en").padStart(12)} ${`${t.speedup.toFixed(2)}x`.padStart(9)} ${share(t.preset, t.samplesPerSecond, t.threads).padStart(11)}${same}`);
    }
  }
  if (r.prediction) {
    const p = r.prediction;
    lines.push("", "prediction, one PNG per call (decode, find the digits, 28x28, network), warm; the engine runs the preprocessing passes:");
    lines.push("  picture               wasm median     images/s     JS median     images/s  wasm/JS  reads");
    for (const row of p.rows) {
      const rate = (msPer: number) => Math.round(1000 / msPer).toLocaleString("en").padStart(12);
      const read = row.same ? row.read : `${row.read} (JS reads otherwise)`;
      lines.push(`  ${row.image.padEnd(19)} ${ms(row.wasmMs).padStart(12)} ${rate(row.wasmMs)} ${ms(row.jsMs).padStart(13)} ${rate(row.jsMs)} ${`${(row.jsMs / row.wasmMs).toFixed(1)}x`.padStart(8)}  ${read}`);
    }
    lines.push(`  cold start of \`wasm-digits predict one.png\` (400x400, a new process): ${ms(p.coldStartMs)} (median of ${p.coldRuns})`);
  }
  return lines.join("\n");
}
