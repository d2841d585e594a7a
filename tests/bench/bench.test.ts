// bench/ through `wasm-digits bench --json` with tiny budgets: the report has every promised field with
// sane values, and the table prints. No timing assertions: speed claims come from `npm run bench`.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";

const cli = (...args: string[]) => spawnSync(process.execPath, ["dist/cli.js", "bench", ...args], { encoding: "utf8" });

test("bench --json: machine, ceiling, every kernel for both backends, a whole epoch each", () => {
  const r = cli("--json", "--time", "10", "--images", "640");
  assert.is(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout.trim());
  assert.ok(report.machine.cores >= 1 && report.machine.node === process.versions.node && typeof report.machine.simd === "boolean");
  assert.ok(report.peakGflops > 0, "a measured SIMD ceiling");
  const names = report.kernels.map((k: { kernel: string; shape: string }) => `${k.kernel} ${k.shape}`);
  for (const expected of [
    "dense_forward 32x784x50", "dense_backward_weights 32x784x50", "dense_forward 32x50x10", "dense_backward_input 32x50x50", "dense_forward 128x784x256",
    "adam_step 42,310 params", "dense_forward_sparse 32x784x50 MNIST", "dense_update_weights_sparse 32x784x50 MNIST",
  ]) {
    assert.ok(names.includes(expected), `${expected} in ${names.join(", ")}`);
  }
  for (const k of report.kernels) {
    assert.ok(k.wasmMs > 0 && k.jsMs > 0 && k.flop > 0, `${k.kernel}: positive times`);
    assert.ok(Math.abs(k.speedup - k.jsMs / k.wasmMs) < 1e-9 && Math.abs(k.wasmGflops - k.flop / k.wasmMs / 1e6) < 1e-9);
    assert.ok(Math.abs(k.ofPeak - k.wasmGflops / report.peakGflops) < 1e-9, `${k.kernel}: share of the reported ceiling`);
  }
  assert.equal(report.epoch.map((e: { backend: string }) => e.backend), ["wasm", "js"]);
  for (const e of report.epoch) assert.ok(e.images === 640 && e.seconds > 0 && Math.abs(e.samplesPerSecond - 640 / e.seconds) < 1, `${e.backend} epoch`);
  // Threads 1..cores (at most 4) for the seed and release presets, each writing the one-thread model.
  const counts = Array.from({ length: Math.min(4, report.machine.cores) }, (_, i) => i + 1);
  assert.equal(report.threads.map((t: { preset: string; threads: number }) => `${t.preset} ${t.threads}`), ["seed", "release"].flatMap((p) => counts.map((c) => `${p} ${c}`)));
  for (const t of report.threads) {
    assert.ok(t.sameModel, `${t.preset} on ${t.threads} threads wrote the same model as on 1`);
    assert.ok(t.seconds > 0 && Math.abs(t.samplesPerSecond - t.images / t.seconds) < 1e-6 * t.samplesPerSecond, `${t.preset} ${t.threads}: samples/s`);
  }
  // Prediction: three picture sizes on both engines, read alike, and the command line's cold start.
  assert.equal(report.prediction.rows.map((r: { image: string }) => r.image), ["28x28 MNIST", "400x400 drawing", "1600x1200 photo"]);
  for (const row of report.prediction.rows) {
    assert.ok(row.wasmMs > 0 && row.jsMs > 0 && row.same && /^\d+$/.test(row.read), `${row.image}: ${JSON.stringify(row)}`);
  }
  assert.ok(report.prediction.coldStartMs > 0 && report.prediction.coldRuns >= 1);
});

test("bench prints the table; bad options exit 2", () => {
  const r = cli("--time", "10", "--images", "320");
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /SIMD ceiling/);
  assert.match(r.stdout, /1600x1200 photo/);
  assert.match(r.stdout, /cold start of `wasm-digits predict one.png`/);
  assert.match(r.stdout, /dense_forward\s+32x784x50/);
  assert.match(r.stdout, /wasm is [\d.]+x faster than plain JS/);
  assert.match(r.stdout, /sparse against dense \(same bits\): forward [\d.]+x, weight update [\d.]+x faster/);
  assert.match(r.stdout, /training on threads/);
  assert.match(r.stdout, /release\s+\d+\s+1\s/);
  const bad = cli("--images", "0");
  assert.is(bad.status, 2);
  assert.match(bad.stderr, /--images must be between 32 and 60000/);
});

test.run();
