// A user-style PNG set made from MNIST test digits, and its score: the digits redrawn the way people's
// images come (large canvases, off-centre, black on white, coloured ink on noisy paper, transparent
// canvas exports, light on dark, bold and thin pens, every PNG format, small scans cropped tight to the
// ink), then `predict --json` on them.
// A development tool: `npm run userset [-- --count N --model FILE --keep DIR]`. Seeded, so runs compare.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Rng } from "../bindings/model/rng.js";
import { morph } from "../bindings/image/preprocess.js";
import { allKinds, encodePng, type EncodeOptions } from "../tests/fixtures/png-encoder.js";

export const KINDS = ["black-on-white", "off-centre", "coloured-noisy", "transparent", "light-on-dark", "bold-pen", "thin-pen", "formats", "tight-crop"] as const;
export type Kind = (typeof KINDS)[number];

export interface UserImage { name: string; kind: Kind; label: number; png: Uint8Array }

/** The 28x28 digit (bytes, ink bright) enlarged by `scale` with bilinear smoothing, as ink 0..1. */
function enlarge(digit: Uint8Array, scale: number): { ink: Float32Array; side: number } {
  const side = Math.round(28 * scale);
  const ink = new Float32Array(side * side);
  for (let y = 0; y < side; y++) {
    const sy = Math.min(27, Math.max(0, (y + 0.5) / scale - 0.5)), y0 = Math.floor(sy), ty = sy - y0, y1 = Math.min(27, y0 + 1);
    for (let x = 0; x < side; x++) {
      const sx = Math.min(27, Math.max(0, (x + 0.5) / scale - 0.5)), x0 = Math.floor(sx), tx = sx - x0, x1 = Math.min(27, x0 + 1);
      const v = (digit[y0 * 28 + x0] * (1 - tx) + digit[y0 * 28 + x1] * tx) * (1 - ty) + (digit[y1 * 28 + x0] * (1 - tx) + digit[y1 * 28 + x1] * tx) * ty;
      ink[y * side + x] = v / 255;
    }
  }
  return { ink, side };
}

/** Sharpens the soft bilinear edge into a pen-like stroke (MNIST's grey rim becomes a thin anti-aliased edge). */
function penStroke(ink: Float32Array): Float32Array {
  return ink.map((v) => Math.min(1, Math.max(0, (v - 0.3) * 2.5)));
}

type Rgb = [number, number, number];

interface Scene { width: number; height: number; paper: Rgb; paperAlpha: number; inkColor: Rgb; noise: number; specks: number }

/** Draws ink (0..1, side x side) at (left, top) on a scene; returns RGBA8. */
function render(scene: Scene, ink: Float32Array, side: number, left: number, top: number, rng: Rng): Uint8Array {
  const { width, height, paper, paperAlpha, inkColor, noise, specks } = scene;
  const rgba = new Uint8Array(width * height * 4);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform());
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const ix = x - left, iy = y - top;
      const a = ix >= 0 && iy >= 0 && ix < side && iy < side ? ink[iy * side + ix] : 0;
      const o = (y * width + x) * 4;
      const n = noise ? gauss() * noise : 0;
      if (paperAlpha === 0) {
        // A canvas export: colour where drawn, the rest fully transparent.
        rgba.set([inkColor[0], inkColor[1], inkColor[2], Math.round(a * 255)], o);
      } else {
        for (let c = 0; c < 3; c++) rgba[o + c] = Math.min(255, Math.max(0, Math.round(paper[c] * (1 - a) + inkColor[c] * a + n)));
        rgba[o + 3] = 255;
      }
    }
  }
  for (let s = 0; s < specks; s++) {
    const x = rng.int(width), y = rng.int(height), o = (y * width + x) * 4;
    const v = rng.uniform() < 0.5 ? 40 : 220;
    rgba.set([v, v, v, 255], o);
  }
  return rgba;
}

/** Quantises RGBA so a palette or low-bit grey format can hold it exactly. */
function fitFormat(rgba: Uint8Array, o: EncodeOptions): Uint8Array {
  const out = rgba.slice();
  if (o.colorType === 3 || (o.colorType === 0 && o.bitDepth < 8)) {
    const levels = Math.min(256, 1 << o.bitDepth);
    for (let i = 0; i < out.length; i += 4) {
      const g = Math.round(0.299 * out[i] + 0.587 * out[i + 1] + 0.114 * out[i + 2]);
      const q = Math.round((Math.round((g / 255) * (levels - 1)) * 255) / (levels - 1));
      out.set([q, q, q, 255], i);
    }
  }
  return out;
}

export function makeUserSet(images: Uint8Array, labels: Uint8Array, count: number, seed: number): UserImage[] {
  const rng = new Rng(seed);
  const formats = allKinds();
  const out: UserImage[] = [];
  for (let n = 0; n < count; n++) {
    const index = rng.int(labels.length);
    const kind = KINDS[n % KINDS.length];
    const digit = images.subarray(index * 784, (index + 1) * 784);
    const scale = kind === "formats" ? 1 + rng.uniform() * 3 : kind === "tight-crop" ? 0.6 + rng.uniform() * 1.2 : 3 + rng.uniform() * 9;
    let { ink, side } = enlarge(digit, scale);
    ink = penStroke(ink);
    if (kind === "bold-pen") ink = morph(ink, side, side, Math.max(1, Math.round(scale * 0.8)), true);
    if (kind === "thin-pen") ink = morph(ink, side, side, Math.max(1, Math.round(scale * 0.5)), false);
    const margin = kind === "formats" ? 4 : Math.round(side * (0.2 + rng.uniform()));
    const width = side + margin + rng.int(margin + 1) + (kind === "off-centre" ? Math.round(side * 2 * rng.uniform()) : 0);
    const height = side + margin + rng.int(margin + 1) + (kind === "off-centre" ? Math.round(side * 1.5 * rng.uniform()) : 0);
    let left = rng.int(width - side + 1), top = rng.int(height - side + 1);
    const white: Rgb = [255, 255, 255], black: Rgb = [0, 0, 0];
    const scene: Scene = { width, height, paper: white, paperAlpha: 1, inkColor: black, noise: 0, specks: 0 };
    if (kind === "coloured-noisy") {
      scene.paper = [215 + rng.int(40), 205 + rng.int(50), 180 + rng.int(75)];
      scene.inkColor = [rng.int(90), rng.int(90), 60 + rng.int(160)];
      scene.noise = 6 + rng.uniform() * 10;
      scene.specks = Math.round(width * height * 0.0005);
    } else if (kind === "transparent") {
      scene.paperAlpha = 0;
      scene.inkColor = rng.uniform() < 0.8 ? black : [rng.int(256), rng.int(256), rng.int(256)];
    } else if (kind === "light-on-dark") {
      scene.paper = [rng.int(50), rng.int(50), rng.int(50)];
      scene.inkColor = [230 + rng.int(26), 230 + rng.int(26), 230 + rng.int(26)];
    }
    if (kind === "tight-crop") {
      // Cropped to the ink as a scanner or a dataset would: the digit touches every edge, 16-45 px tall.
      let x0 = side, y0 = side, x1 = 0, y1 = 0;
      for (let i = 0; i < ink.length; i++) if (ink[i] > 0.05) { const x = i % side, y = Math.floor(i / side); x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x + 1); y1 = Math.max(y1, y + 1); }
      scene.width = x1 - x0; scene.height = y1 - y0;
      scene.paper = [235 + rng.int(21), 235 + rng.int(21), 235 + rng.int(21)];
      left = -x0; top = -y0;
    }
    const rgba = render(scene, ink, side, left, top, rng);
    let format: EncodeOptions;
    if (kind === "formats") format = formats[n % formats.length];
    else if (kind === "transparent") format = { colorType: 6, bitDepth: 8 };
    else format = { colorType: 2, bitDepth: 8, interlace: rng.uniform() < 0.2 };
    const png = encodePng({ width: scene.width, height: scene.height, rgba: fitFormat(rgba, format) }, format);
    out.push({ name: `${String(n).padStart(5, "0")}-${kind}-${labels[index]}.png`, kind, label: labels[index], png });
  }
  return out;
}

export interface Score { overall: number; byKind: Record<string, { correct: number; total: number }>; errors: number }

/** Scores `predict --json` lines against the labels. */
export function score(set: UserImage[], lines: string[]): Score {
  const byKind: Score["byKind"] = {};
  let correct = 0, errors = 0;
  set.forEach((image, i) => {
    const answer = JSON.parse(lines[i]) as { digit?: number; error?: string };
    const k = (byKind[image.kind] ??= { correct: 0, total: 0 });
    k.total++;
    if (answer.error !== undefined) errors++;
    if (answer.digit === image.label) { k.correct++; correct++; }
  });
  return { overall: correct / set.length, byKind, errors };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { count: { type: "string" }, seed: { type: "string" }, model: { type: "string" }, keep: { type: "string" } } });
  const { loadSplit } = await import("../bindings/node/data.js");
  const test = loadSplit("test");
  const count = Number(values.count ?? 2250), seed = Number(values.seed ?? 7);
  const set = makeUserSet(test.images, test.labels, count, seed);
  const dir = values.keep ?? mkdtempSync(join(tmpdir(), "wasm-digits-userset-"));
  mkdirSync(dir, { recursive: true });
  for (const image of set) writeFileSync(join(dir, image.name), image.png);
  writeFileSync(join(dir, "labels.json"), JSON.stringify(Object.fromEntries(set.map((s) => [s.name, s.label]))));
  const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
  const model = values.model ? ["--model", values.model] : [];
  const run = (args: string[]) => {
    try { return execFileSync(process.execPath, [cli, ...args], { encoding: "utf8", maxBuffer: 1 << 28 }); }
    catch (e) { return (e as { stdout: string }).stdout; } // exit 1 when some image had no answer: still scored
  };
  const lines = run(["predict", "--json", ...model, ...set.map((s) => join(dir, s.name))]).trim().split("\n");
  const s = score(set, lines);
  const raw = JSON.parse(run(["eval", "--json", ...model]).trim().split("\n").pop()!) as { accuracy: number };
  console.log(`user-style set: ${count} images from MNIST test digits, seed ${seed}${values.keep ? `, kept in ${dir}` : ""}`);
  for (const [kind, k] of Object.entries(s.byKind)) console.log(`  ${kind.padEnd(15)} ${((k.correct / k.total) * 100).toFixed(2).padStart(6)}%  (${k.correct}/${k.total})`);
  console.log(`  ${"overall".padEnd(15)} ${(s.overall * 100).toFixed(2).padStart(6)}%   errors: ${s.errors}`);
  console.log(`  raw MNIST test  ${(raw.accuracy * 100).toFixed(2).padStart(6)}%   gap: ${((raw.accuracy - s.overall) * 100).toFixed(2)} points`);
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
