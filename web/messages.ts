// The messages between the page (main.ts) and its workers: training (worker.ts) and the benchmark
// (bench-worker.ts).

import type { BenchReport } from "../bench/report.js";

export type ToWorker =
  | { type: "train"; preset: string; epochs: number; seed: number }
  | { type: "pause" } | { type: "resume" } | { type: "cancel" };

export type FromWorker =
  | { type: "status"; text: string }
  | { type: "threads"; threads: number; isolated: boolean }
  | { type: "progress"; fraction: number; epoch: number; epochs: number; batch: number; batches: number; loss: number; accuracy: number; samplesPerSecond: number; eta: number }
  | { type: "done"; bytes: Uint8Array; preset: string; seed: number; testAccuracy: number; seconds: number; samplesPerSecond: number }
  | { type: "cancelled" }
  | { type: "error"; message: string };

export type ToBench = { type: "run"; kernelTimeMs: number; epochImages: number };

export type FromBench =
  | { type: "progress"; what: string; fraction: number }
  | { type: "done"; report: BenchReport; table: string }
  | { type: "error"; message: string };
