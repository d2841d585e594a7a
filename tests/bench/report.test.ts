// bench/report.ts without running a benchmark: the table from a made-up report (the warning when a
// kernel measures above the ceiling, the not-measured rows the page shows), and the measuring code
// bundling for a browser with no Node built-in, so the page runs the very code `npm run bench` runs.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { build } from "esbuild";
import { formatReport, type BenchReport } from "../../bench/report.js";

function report(ofPeak: number[]): BenchReport {
  return {
    date: "2026-01-01T00:00:00.000Z",
    machine: { cpu: "", cores: 8, platform: "Linux x86_64", simd: true, browser: "Chromium 130" },
    peakGflops: 30,
    kernels: ofPeak.map((share, i) => ({
      kernel: "dense_forward", shape: `32x50x${10 + i}`, flop: 1e5, wasmMs: 0.01, jsMs: 0.5, wasmGflops: 30 * share, jsGflops: 0.2, speedup: 50, ofPeak: share,
    })),
    epoch: [{ backend: "wasm", images: 6000, seconds: 0.05, samplesPerSecond: 120_000 }, { backend: "js", images: 6000, seconds: 0.5, samplesPerSecond: 12_000 }],
    epochSpeedup: 10,
  };
}

test("the table: the page's machine line, one row per kernel, the epoch rows", () => {
  const text = formatReport(report([0.8, 0.9]));
  assert.match(text, /^machine: 8 cores, Linux x86_64; Chromium 130; wasm SIMD used\n/);
  assert.match(text, /dense_forward\s+32x50x10\s+10\.0 µs\s+24\.0\s+80%\s+500\.0 µs\s+0\.20\s+50\.0x/);
  assert.match(text, /\n  wasm\s+0\.05 s\s+120,000 samples\/s\n  js\s+0\.50 s\s+12,000 samples\/s\n  wasm is 10\.0x faster than plain JS$/);
  assert.not.match(text, /warning/);
});

test("a kernel above the ceiling gets one warning line saying the ceiling measurement was disturbed", () => {
  const lines = formatReport(report([0.8, 1.07, 1.12])).split("\n");
  const warnings = lines.filter((l) => l.startsWith("warning:"));
  assert.is(warnings.length, 1);
  assert.match(warnings[0], /^warning: 2 kernels measured above the SIMD ceiling \(up to 112%\): the ceiling measurement was$/);
  assert.match(lines[lines.indexOf(warnings[0]) + 1], /^ {9}disturbed \(most likely by other work on this machine\)/);
  const width = lines.find((l) => l.startsWith("kernel"))!.length;
  assert.ok(lines.every((l) => l.length <= width), "no line wider than the table");
  assert.match(formatReport(report([1.01])), /warning: a kernel measured above the SIMD ceiling \(up to 101%\)/);
  assert.not.match(formatReport(report([1.004])), /warning/, "a share printed as 100% is not above the ceiling");
});

test("rows not measured (the page's threads) are shown as such, in the epoch section", () => {
  const r = { ...report([0.5]), notMeasured: [{ backend: "threads", why: "not in the page yet" }] };
  assert.match(formatReport(r), /\n  js .*\n  threads\s+-\s+not measured: not in the page yet\n  wasm is/);
});

test("the measuring code bundles for a browser with no Node built-in (machine.ts and index.ts stay in Node)", async () => {
  const result = await build({ entryPoints: ["bench/report.ts"], bundle: true, platform: "browser", format: "esm", write: false, metafile: true, logLevel: "silent" });
  const inputs = Object.keys(result.metafile!.inputs);
  assert.ok(inputs.includes("bench/kernels.ts") && inputs.includes("bench/epoch.ts"), inputs.join(", "));
  assert.not.ok(inputs.some((i) => i.startsWith("node:") || /bench\/(machine|index)\.ts$|bindings\/node\//.test(i)), inputs.join(", "));
});

test.run();
