// Prediction benchmark (Node): Recognizer.predictPng on PNGs of three sizes (an MNIST 28x28, a 400x400
// drawing like the page's pad, a 1600x1200 phone photo of a sheet on a desk), warm, with the wasm engine
// and with the plain-JS engine (the same preprocessing passes as kernels or as their twins, side by side),
// and the cold start of `wasm-digits predict one.png` as a process. Not platform-neutral: it spawns.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import UPNG from "upng-js";
import type { Dataset } from "../bindings/model/idx.js";
import { loadRecognizer } from "../bindings/index-node.js";
import { wasmPath } from "../bindings/node/files.js";
import { Rng } from "../bindings/model/rng.js";
import { makeCase } from "../tools/photoset.js";

export interface PredictRow {
  image: string;
  /** Median ms per predictPng (decode, preprocess, network), warm. */
  wasmMs: number;
  jsMs: number;
  /** What the image reads as (the same with both engines, or the row says so). */
  read: string;
  same: boolean;
}

export interface PredictReport {
  rows: PredictRow[];
  /** Median wall time of `node dist/cli.js predict one.png` (the 400x400), spawned. */
  coldStartMs: number;
  coldRuns: number;
}

const png = (width: number, height: number, rgba: Uint8Array) => new Uint8Array(UPNG.encode([rgba.slice().buffer], width, height, 0));

/** The three pictures, as PNG files. */
export function pictures(test: Dataset): { image: string; bytes: Uint8Array }[] {
  const digit = test.images.subarray(0, 784);
  const mnist = new Uint8Array(28 * 28 * 4);
  for (let i = 0; i < 784; i++) mnist.fill(255 - digit[i], 4 * i, 4 * i + 3).fill(255, 4 * i + 3, 4 * i + 4);
  // A pad: the digit enlarged bilinearly to a pen-like stroke, #111 on white.
  const side = 400, scale = 12, pad = new Uint8Array(side * side * 4).fill(255);
  const at = (x: number, y: number) => digit[Math.min(27, y) * 28 + Math.min(27, x)];
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const sx = Math.max(0, (x - 32) / scale), sy = Math.max(0, (y - 32) / scale), x0 = Math.floor(sx), y0 = Math.floor(sy), tx = sx - x0, ty = sy - y0;
      const v = ((at(x0, y0) * (1 - tx) + at(x0 + 1, y0) * tx) * (1 - ty) + (at(x0, y0 + 1) * (1 - tx) + at(x0 + 1, y0 + 1) * tx) * ty) / 255;
      pad.fill(Math.round(255 - 238 * Math.min(1, Math.max(0, (v - 0.3) * 2.5))), 4 * (y * side + x), 4 * (y * side + x) + 3);
    }
  }
  const photo = makeCase("sheet-desk", 0, new Rng(5), test, [1600, 1200]).photo;
  return [
    { image: "28x28 MNIST", bytes: png(28, 28, mnist) },
    { image: "400x400 drawing", bytes: png(side, side, pad) },
    { image: "1600x1200 photo", bytes: png(photo.width, photo.height, photo.rgba) },
  ];
}

/** Median ms of `run` over at least 3 runs and about `budgetMs`, after one warm-up. */
function median(run: () => void, budgetMs: number): number {
  run();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < 3 || (performance.now() - start < budgetMs && times.length < 500)) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

export async function benchPrediction(test: Dataset, budgetMs: number, coldRuns: number): Promise<PredictReport> {
  const wasm = await loadRecognizer({ engine: "wasm" }), js = await loadRecognizer({ engine: "js" });
  const read = (p: ReturnType<typeof wasm.predictPng>) => (p.blank ? "blank" : p.number ?? "");
  const rows = pictures(test).map(({ image, bytes }): PredictRow => {
    const a = read(wasm.predictPng(bytes)), b = read(js.predictPng(bytes));
    return { image, wasmMs: median(() => wasm.predictPng(bytes), budgetMs), jsMs: median(() => js.predictPng(bytes), budgetMs), read: a, same: a === b };
  });
  // The cold start: a new process reads the model, compiles the .wasm and predicts one file.
  const dir = mkdtempSync(join(tmpdir(), "wasm-digits-bench-"));
  const file = join(dir, "one.png");
  writeFileSync(file, pictures(test)[1].bytes);
  const cli = join(dirname(wasmPath()), "cli.js");
  const times: number[] = [];
  try {
    for (let i = 0; i < coldRuns; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [cli, "predict", "--model", "pretrained", file], { encoding: "utf8" });
      if (r.status !== 0) throw new Error(`predict one.png failed: ${r.stderr.trim()}`);
      times.push(performance.now() - t0);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  return { rows, coldStartMs: times[times.length >> 1], coldRuns };
}
