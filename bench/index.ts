// The benchmark as one report: machine, SIMD ceiling, kernels (wasm against JS), whole epochs (wasm
// against JS), and the table people read. `npm run bench` and `wasm-digits bench` both come here.

import { machineInfo, type Machine } from "./machine.js";
import { benchKernels, measurePeak, type KernelRow } from "./kernels.js";
import { benchEpoch, type EpochRow } from "./epoch.js";

export interface BenchReport { date: string; machine: Machine; peakGflops: number; kernels: KernelRow[]; epoch: EpochRow[]; epochSpeedup: number }

export interface BenchOptions {
  /** tinybench time budget per kernel and backend, ms. */
  kernelTimeMs?: number;
  /** Images in the whole-epoch run (60,000 is the real epoch; tests use fewer). */
  epochImages?: number;
  onStep?: (what: string) => void;
}

export async function runBench(options: BenchOptions = {}): Promise<BenchReport> {
  const say = options.onStep ?? (() => {});
  const machine = machineInfo();
  say("measuring the SIMD ceiling");
  const peakGflops = await measurePeak();
  say("benchmarking kernels (wasm and JS)");
  const kernels = await benchKernels(peakGflops, options.kernelTimeMs ?? 250);
  say("training one epoch with each backend");
  const epoch = await benchEpoch(options.epochImages ?? 60_000);
  const [wasm, js] = epoch;
  return { date: new Date().toISOString(), machine, peakGflops, kernels, epoch, epochSpeedup: js.seconds / wasm.seconds };
}

const ms = (v: number) => (v >= 1 ? `${v.toFixed(2)} ms` : `${(v * 1000).toFixed(1)} µs`);

export function formatReport(r: BenchReport): string {
  const m = r.machine;
  const lines = [
    `machine: ${m.cpu}, ${m.cores} cores, ${m.platform}; Node ${m.node}, V8 ${m.v8}; wasm SIMD ${m.simd ? "used" : "NOT available"}`,
    `SIMD ceiling (one thread, f32x4 multiply-add chains in registers): ${r.peakGflops.toFixed(1)} GFLOP/s`,
    "",
    "kernel                  shape              wasm median   GFLOP/s  of peak      JS median   GFLOP/s  wasm/JS",
  ];
  for (const k of r.kernels) {
    lines.push(`${k.kernel.padEnd(23)} ${k.shape.padEnd(17)} ${ms(k.wasmMs).padStart(12)} ${k.wasmGflops.toFixed(1).padStart(9)} ${`${(k.ofPeak * 100).toFixed(0)}%`.padStart(8)} ${ms(k.jsMs).padStart(14)} ${k.jsGflops.toFixed(2).padStart(9)} ${`${k.speedup.toFixed(1)}x`.padStart(8)}`);
  }
  lines.push("", `one epoch of the reference model (784-50-50-10, batch 32, ${r.epoch[0].images.toLocaleString("en")} images):`);
  for (const e of r.epoch) lines.push(`  ${e.backend.padEnd(5)} ${e.seconds.toFixed(2).padStart(7)} s  ${Math.round(e.samplesPerSecond).toLocaleString("en").padStart(9)} samples/s`);
  lines.push(`  wasm is ${r.epochSpeedup.toFixed(1)}x faster than plain JS`);
  return lines.join("\n");
}
