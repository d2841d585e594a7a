// One library fuzz run in its own process (tests/fuzz/library.test.ts starts it with a time limit):
// `library.ts CASES SEED` throws seeded hostile values at predictImage, predictPixels, predictPng,
// predictMany and the training options, and prints a JSON summary. Each call must give a sane answer or a
// one-line error of the library's own kinds; anything else (a TypeError from inside, a NaN answer) is a crash.

import { readFileSync } from "node:fs";
import { InputError, NonFiniteOutputError, Recognizer, type Prediction } from "../../bindings/recognizer.js";
import { PngError } from "../../bindings/image/png.js";
import { OptionError, resolveTraining, trainModel } from "../../bindings/model/training.js";
import { nodeEngine } from "../../bindings/node/files.js";
import { Rng } from "../../bindings/model/rng.js";
import type { Dataset } from "../../bindings/model/idx.js";

const [casesArg, seedArg] = process.argv.slice(2);
const cases = Number(casesArg), rng = new Rng(Number(seedArg));
const engine = await nodeEngine("wasm");
const recognizer = Recognizer.fromBytes(engine, readFileSync("models/pretrained.safetensors"));
const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)];

const NUMBERS = [0, 1, 2, 3, 28, 255, 256, -1, -0, 0.5, 1.0000001, 2.5, 1e9, 1e40, -1e40, NaN, Infinity, -Infinity, 2 ** 31, 30000];
const ODD = [undefined, null, "10", "", true, {}, [], () => 1, Symbol("x"), 10n];

function anyNumber(): unknown {
  return rng.uniform() < 0.85 ? pick(NUMBERS) : pick(ODD);
}

/** An array of pixel values: typed or plain, mostly sane values with a few hostile ones. */
function values(length: number): ArrayLike<unknown> {
  const kind = rng.int(5);
  const n = Math.max(0, Math.min(length, 2_000_000));
  if (kind === 0) return new Uint8Array(n).map(() => rng.int(256));
  if (kind === 1) return new Uint8ClampedArray(n).map(() => rng.int(256));
  if (kind === 2) return new Float32Array(n).map(() => (rng.uniform() < 0.02 ? (pick(NUMBERS) as number) : rng.uniform()));
  const scale = kind === 3 ? 255 : 1;
  return Array.from({ length: Math.min(n, 100_000) }, () => (rng.uniform() < 0.01 ? anyNumber() : Math.round(rng.uniform() * scale * 100) / 100));
}

function image(): unknown {
  if (rng.uniform() < 0.05) return pick(ODD);
  const sizes = [1, 2, 7, 28, 40, 100, 0, -3, 2.5, NaN, 1e9, 30000];
  const width = rng.uniform() < 0.8 ? pick(sizes.slice(0, 6)) : pick(sizes);
  const height = rng.uniform() < 0.8 ? pick(sizes.slice(0, 6)) : pick(sizes);
  const exact = Number.isSafeInteger(width) && Number.isSafeInteger(height) && width > 0 && height > 0 && width * height < 1e6;
  const length = exact && rng.uniform() < 0.7 ? width * height * 4 : rng.int(50_000);
  const data = values(length);
  return rng.uniform() < 0.5 ? { width, height, data } : { width, height, rgba: data };
}

function pixels(): unknown {
  if (rng.uniform() < 0.05) return pick(ODD);
  return values(rng.uniform() < 0.8 ? 784 : rng.int(2000));
}

function pngLike(): unknown {
  const r = rng.uniform();
  if (r < 0.3) return new Uint8Array(rng.int(100)).map(() => rng.int(256));
  if (r < 0.5) return new Uint8Array(rng.int(100)).map(() => rng.int(256)).buffer;
  if (r < 0.6) return new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: rng.int(60) }, () => rng.int(256))]);
  return rng.uniform() < 0.5 ? pick(ODD) : image();
}

function options(): unknown {
  if (rng.uniform() < 0.05) return pick(ODD);
  const o: Record<string, unknown> = {};
  for (const key of ["preset", "epochs", "batch", "learningRate", "seed", "validation", "augment", "threads"]) {
    if (rng.uniform() < 0.4) continue;
    if (key === "preset") o.preset = pick(["seed", "wide", "release", "toString", "__proto__", "constructor", "", "nope", 3, null, { hidden: [4], head: "softmax", schedule: "constant" }, { hidden: [-1], head: "x" }]);
    else if (key === "augment") o.augment = pick([true, false, "yes", 1, null]);
    else o[key] = anyNumber();
  }
  return o;
}

function sane(p: Prediction): string | undefined {
  const finite = (xs: number[] | null) => xs === null || xs.every((v) => Number.isFinite(v) && v >= 0 && v <= 1);
  if (p.blank) return p.digit === null && p.digits.length === 0 && typeof p.reason === "string" ? undefined : "a blank answer without its reason";
  if (p.digits.length === 0) return "no digits in a non-blank answer";
  for (const d of p.digits) {
    if (!Number.isInteger(d.digit) || d.digit < 0 || d.digit > 9) return `digit ${d.digit}`;
    if (!finite(d.probabilities) || Math.abs(d.probabilities.reduce((a, b) => a + b, 0) - 1) > 1e-3) return "probabilities that are not a distribution";
  }
  return p.number === p.digits.map((d) => d.digit).join("") ? undefined : `number ${p.number}`;
}

const tiny: Dataset = (() => {
  const count = 64, images = new Uint8Array(count * 784).map((_, i) => (i * 7) % 256), labels = new Uint8Array(count).map((_, i) => i % 10);
  return { images, labels, count, rows: 28, cols: 28 };
})();

const summary = { format: "library", cases, accepted: 0, refused: 0, crashes: [] as string[], slowestMs: 0 };
const clean = (e: unknown) => (e instanceof InputError || e instanceof PngError || e instanceof OptionError || e instanceof NonFiniteOutputError) && !(e as Error).message.includes("\n");
for (let n = 0; n < cases; n++) {
  const t0 = performance.now();
  const what = n % 5;
  try {
    let answer: Prediction | undefined;
    if (what === 0) answer = recognizer.predictImage(image() as never);
    else if (what === 1) answer = recognizer.predictPixels(pixels() as never);
    else if (what === 2) answer = recognizer.predictPng(pngLike() as never);
    else if (what === 3) {
      const outcomes = recognizer.predictEach(Array.from({ length: rng.int(4) }, () => (rng.uniform() < 0.5 ? pngLike() : image())) as never);
      for (const o of outcomes) if (o.error && !clean(o.error)) throw o.error;
    } else {
      const spec = resolveTraining(options() as never);
      // Options that pass the checks must train without an internal error: a few steps on a tiny set.
      if (n % 50 === 4) await trainModel(engine, { train: tiny, test: tiny, source: "fuzz" }, { ...spec, epochs: 1, threads: Math.min(spec.threads, 2) }).catch((e) => { if (!/chance level|diverged/.test((e as Error).message)) throw e; });
    }
    const problem = answer && sane(answer);
    if (problem) throw new Error(`an answer that is not sane: ${problem}`);
    summary.accepted++;
  } catch (e) {
    if (clean(e)) summary.refused++;
    else if (summary.crashes.length < 10) summary.crashes.push(`case ${n} (${["predictImage", "predictPixels", "predictPng", "predictEach", "options"][what]}): ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  summary.slowestMs = Math.max(summary.slowestMs, performance.now() - t0);
}
console.log(JSON.stringify(summary));
