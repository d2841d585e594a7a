// A photo set made from MNIST test digits, and its score: digits written on sheets photographed the way
// people do it (white or tinted sheets, tilted, on dark, wooden or stone desks; scans with a dark frame;
// hard shadows and soft light; ruled and squared paper; dust, coffee rings, staples, page edges; blank
// sheets; numbers of 2-4 digits; digits with a detached stroke), read by readDigits and the model.
// A development tool: `npm run photoset [-- --count N --model FILE --keep DIR --kind K --timing]`. Seeded.

import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Rng } from "../bindings/model/rng.js";
import { readDigits } from "../bindings/image/preprocess.js";
import type { ImageWorkspace } from "../bindings/image/workspace.js";
import { decodePng } from "../bindings/image/png.js";
import { encodePng } from "../tests/fixtures/png-encoder.js";
import {
  between, darkDesk, detachStroke, dust, glyph, glyphBox, glyphMark, hardShadow, pageEdgeMarks, render, ringMark, ruledMarks,
  softLight, softShadow, squaredMarks, stapleMarks, stoneDesk, toImage, woodDesk,
  type Desk, type Glyph, type Light, type Mark, type Pen, type Photo, type Rgb, type Scene, type Sheet,
} from "../tests/fixtures/photo.js";

export const KINDS = ["sheet-desk", "frame", "shadow", "ruled", "squared", "clutter", "detached", "blank", "blank-clutter", "number-2", "number-3", "number-4"] as const;
export type Kind = (typeof KINDS)[number];

export interface PhotoCase { name: string; kind: Kind; /** The digits written, "" for a blank sheet. */ label: string; photo: Photo }

interface Digits { images: Uint8Array; labels: Uint8Array }

type Surround = "desk" | "frame" | "none";
type Ruling = "plain" | "ruled" | "squared";

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)];

function paperColor(rng: Rng): Rgb {
  const k = between(rng, 0.85, 1);
  if (rng.uniform() < 0.75) return [k * between(rng, 0.96, 1), k * between(rng, 0.96, 1), k * between(rng, 0.94, 1)];
  const tints: Rgb[] = [[0.97, 0.92, 0.66], [0.96, 0.84, 0.87], [0.82, 0.9, 0.97], [0.84, 0.94, 0.82]];
  const t = pick(rng, tints);
  return [t[0] * k, t[1] * k, t[2] * k];
}

/** The sheet and what lies around it. */
function layout(rng: Rng, width: number, height: number, surround: Surround): { sheet: Sheet; desk: Desk } {
  const paper = paperColor(rng);
  if (surround === "none") {
    const angle = between(rng, -0.07, 0.07);
    return { sheet: { cx: width / 2, cy: height / 2, angle, width: width * 1.4, height: height * 1.4, paper }, desk: darkDesk(rng, width, height) };
  }
  if (surround === "frame") {
    // A scan: the sheet nearly fills the glass, the lid shows as dark bands on two to four sides.
    const t = [0, 1, 2, 3].map((i) => (i < 2 || rng.uniform() < 0.5 ? between(rng, 0.015, 0.08) : 0));
    rng.shuffle(t);
    const [left, top, right, bottom] = [t[0] * width, t[1] * height, t[2] * width, t[3] * height];
    const sheet: Sheet = {
      cx: (left + width - right) / 2, cy: (top + height - bottom) / 2, angle: between(rng, -0.04, 0.04),
      width: width - left - right + (left ? 0 : 40), height: height - top - bottom + (top ? 0 : 40), paper,
    };
    if (!left) sheet.cx -= 20;
    if (!top) sheet.cy -= 20;
    return { sheet, desk: darkDesk(rng, width, height, between(rng, 0.02, 0.2)) };
  }
  const side = Math.min(width, height) * between(rng, 0.6, 0.98);
  const portrait = rng.uniform() < 0.5;
  const sw = portrait ? side : side * 1.414, sh = portrait ? side * 1.414 : side;
  const sheet: Sheet = { cx: width * between(rng, 0.35, 0.65), cy: height * between(rng, 0.35, 0.65), angle: between(rng, -0.45, 0.45), width: sw, height: sh, paper };
  const desk = pick(rng, [darkDesk, darkDesk, woodDesk, stoneDesk])(rng, width, height);
  return { sheet, desk };
}

function ruling(rng: Rng, sheet: Sheet, kind: Ruling, scale: number): Mark[] {
  if (kind === "ruled") {
    const spacing = sheet.height * between(rng, 0.022, 0.04);
    return ruledMarks(rng, sheet, spacing, Math.max(1, spacing * between(rng, 0.05, 0.1)) * Math.min(1.5, scale));
  }
  if (kind === "squared") {
    const spacing = Math.max(sheet.width, sheet.height) * between(rng, 0.015, 0.03);
    return squaredMarks(rng, sheet, spacing, Math.max(0.8, spacing * between(rng, 0.05, 0.09)));
  }
  return [];
}

function pen(rng: Rng): { pen: Pen; color: Rgb; opacity: number } {
  const r = rng.uniform();
  const p: Pen = r < 0.6 ? "normal" : r < 0.8 ? "thin" : "bold";
  const c = rng.uniform();
  if (c < 0.45) { const k = between(rng, 0.05, 0.2); return { pen: p, color: [k, k, k * 1.1], opacity: between(rng, 0.9, 1) }; }
  if (c < 0.8) return { pen: p, color: [between(rng, 0.05, 0.2), between(rng, 0.1, 0.25), between(rng, 0.4, 0.6)], opacity: between(rng, 0.85, 1) };
  const k = between(rng, 0.25, 0.45);
  return { pen: p, color: [k, k, k], opacity: between(rng, 0.7, 0.95) };
}

interface Placed { marks: Mark[]; box: [number, number, number, number] /* sheet coordinates */; centre: [number, number] /* image */ }

/**
 * Lays glyphs out left to right (gaps and baseline jitter in units of `height`) somewhere on the visible
 * part of the sheet, or returns null when they do not fit.
 */
function place(rng: Rng, scene: { width: number; height: number; sheet: Sheet }, glyphs: Glyph[], height: number, style: { color: Rgb; opacity: number }): Placed | null {
  const boxes = glyphs.map((g) => glyphBox(g)!);
  const gaps = glyphs.map((_, i) => (i === 0 ? 0 : height * between(rng, 0.12, 0.6)));
  const jitter = glyphs.map(() => height * between(rng, -0.06, 0.06));
  let total = 0;
  boxes.forEach((b, i) => { total += gaps[i] + (b[2] - b[0]) * glyphs[i].ratio; });
  const { sheet, width, height: imageHeight } = scene;
  const margin = 0.04 * Math.min(width, imageHeight), sheetMargin = 0.05 * Math.min(sheet.width, sheet.height);
  if (total > sheet.width - 2 * sheetMargin || height * 1.2 > sheet.height - 2 * sheetMargin) return null;
  for (let attempt = 0; attempt < 300; attempt++) {
    const u0 = between(rng, sheetMargin, sheet.width - sheetMargin - total);
    const v0 = between(rng, sheetMargin + height * 0.1, sheet.height - sheetMargin - height * 1.1);
    const corners: [number, number][] = [[u0, v0 - height * 0.1], [u0 + total, v0 - height * 0.1], [u0, v0 + height * 1.1], [u0 + total, v0 + height * 1.1]];
    if (!corners.every(([u, v]) => { const [x, y] = toImage(sheet, u, v); return x > margin && y > margin && x < width - margin && y < imageHeight - margin; })) continue;
    const marks: Mark[] = [];
    let u = u0;
    glyphs.forEach((g, i) => {
      u += gaps[i];
      const b = boxes[i];
      // Ink boxes share a baseline (their bottoms) up to the jitter.
      marks.push(glyphMark(g, u - b[0] * g.ratio, v0 + height - b[3] * g.ratio + jitter[i], style.color, style.opacity));
      u += (b[2] - b[0]) * g.ratio;
    });
    const box: Placed["box"] = [u0, v0 - height * 0.1, u0 + total, v0 + height * 1.1];
    return { marks, box, centre: toImage(sheet, u0 + total / 2, v0 + height / 2) };
  }
  return null;
}

/** Coffee rings, staples, page edges and dust, kept clear of `avoid` (sheet coordinates, or null). */
function clutter(rng: Rng, scene: Scene, avoid: Placed["box"] | null, count: number): void {
  const { sheet } = scene;
  const short = Math.min(sheet.width, sheet.height);
  const clear = (b: Placed["box"]) => !avoid || b[2] < avoid[0] - short * 0.04 || b[0] > avoid[2] + short * 0.04 || b[3] < avoid[1] - short * 0.04 || b[1] > avoid[3] + short * 0.04;
  const kinds = ["dust", "ring", "staple", "edge"];
  const order = Int32Array.from(kinds.keys());
  rng.shuffle(order);
  for (const kind of Array.from(order.subarray(0, count), (i) => kinds[i])) {
    if (kind === "dust") scene.specks.push(...dust(rng, scene.width, scene.height, Math.round(between(rng, 20, 300))));
    for (let attempt = 0; attempt < 100; attempt++) {
      if (kind === "ring") {
        const r = short * between(rng, 0.08, 0.2), w = Math.max(1.5, r * between(rng, 0.02, 0.05));
        const u = between(rng, r, sheet.width - r), v = between(rng, r, sheet.height - r);
        const [x, y] = toImage(sheet, u, v);
        if (x < 0 || y < 0 || x > scene.width || y > scene.height || !clear([u - r, v - r, u + r, v + r])) continue;
        scene.marks.unshift(ringMark(rng, u, v, r, w));
      } else if (kind === "staple") {
        const length = sheet.width * between(rng, 0.045, 0.07), thick = Math.max(1.5, length * between(rng, 0.05, 0.09));
        const u = rng.uniform() < 0.5 ? between(rng, 0.03, 0.12) * sheet.width : sheet.width * (1 - between(rng, 0.03, 0.12));
        const v = between(rng, 0.03, 0.12) * sheet.height;
        const [x, y] = toImage(sheet, u, v);
        if (x < length || y < length || x > scene.width - length || y > scene.height - length || !clear([u - length, v - length, u + length, v + length])) continue;
        // Staples lie across or along the corner, never upright in the picture (an upright one is a "1").
        const angle = between(rng, -0.95, 0.95) - sheet.angle;
        scene.marks.push(...stapleMarks(u, v, length, thick, angle, between(rng, 0.3, 0.55)));
      } else if (kind === "edge") {
        const a = rng.uniform() * 2 * Math.PI, ca = Math.cos(a), sa = Math.sin(a);
        const mid = avoid ? [(avoid[0] + avoid[2]) / 2, (avoid[1] + avoid[3]) / 2] : [sheet.width / 2, sheet.height / 2];
        const reach = avoid ? Math.hypot(avoid[2] - avoid[0], avoid[3] - avoid[1]) / 2 + short * 0.05 : 0;
        const c = ca * mid[0] + sa * mid[1] + reach + between(rng, 0.02, 0.3) * short;
        scene.marks.unshift(...pageEdgeMarks(rng, sheet, ca, sa, c));
      }
      break;
    }
  }
}

/** One photo of the given kind. */
export function makeCase(kind: Kind, n: number, rng: Rng, mnist: Digits, size?: [number, number]): PhotoCase {
  let width = Math.round(between(rng, 400, 1600));
  let height = Math.round(Math.min(1200, Math.max(400, width * between(rng, 0.6, 1.25))));
  if (size) [width, height] = size;
  const short = Math.min(width, height), scale = short / 600;
  const surround: Surround = kind === "frame" ? "frame" : kind === "sheet-desk" ? "desk" : pick(rng, ["desk", "desk", "frame", "none", "none"] as const);
  const paper: Ruling = kind === "ruled" ? "ruled" : kind === "squared" ? "squared" : kind === "sheet-desk" || kind === "frame" || kind === "shadow" ? pick(rng, ["plain", "plain", "ruled", "squared"] as const) : pick(rng, ["plain", "plain", "plain", "ruled", "squared"] as const);
  const { sheet, desk } = layout(rng, width, height, surround);
  let light: Light = softLight(rng, width, height, between(rng, 0.75, 1.02), between(rng, 0, 0.4), between(rng, 0, 0.25));
  if (rng.uniform() < 0.3) light = softShadow(light, rng.uniform() * width, rng.uniform() * height, short * between(rng, 0.2, 0.5), between(rng, 0.1, 0.3));
  const scene: Scene = {
    width, height, desk, sheet, marks: ruling(rng, sheet, paper, scale), light, specks: [],
    camera: { blur: between(rng, 0.3, 1.1) * Math.max(1, scale * 0.8), noise: between(rng, 1.5, 7), quality: Math.round(between(rng, 55, 92)) },
  };
  const blank = kind === "blank" || kind === "blank-clutter";
  const count = kind.startsWith("number-") ? Number(kind.slice(-1)) : blank ? 0 : 1;
  let label = "", placed: Placed | null = null;
  if (count > 0) {
    const style = pen(rng);
    for (let attempt = 0; !placed && attempt < 40; attempt++) {
      const h = count === 1 ? short * between(rng, 0.12, 0.45) * 0.93 ** attempt : short * between(rng, 0.08, 0.22) * 0.93 ** attempt;
      const glyphs: Glyph[] = [];
      label = "";
      while (glyphs.length < count) {
        const index = rng.int(mnist.labels.length);
        const g = glyph(mnist.images.subarray(index * 784, index * 784 + 784), h * between(rng, 0.9, 1.1), style.pen);
        if (!glyphBox(g)) continue;
        if (kind === "detached") {
          const b = glyphBox(g)!;
          if (!detachStroke(g, rng, Math.max(1.5, (b[3] - b[1]) * between(rng, 0.04, 0.07)))) continue;
        }
        glyphs.push(g);
        label += String(mnist.labels[index]);
      }
      placed = place(rng, scene, glyphs, h, style);
    }
    if (!placed) throw new Error(`photoset: could not place ${kind} #${n}`);
    scene.marks.push(...placed.marks);
  }
  if (kind === "shadow" || (blank && rng.uniform() < 0.25)) {
    const [x0, y0] = placed ? placed.centre : [width * between(rng, 0.3, 0.7), height * between(rng, 0.3, 0.7)];
    const jitter = short * 0.05, a = rng.uniform() * 2 * Math.PI;
    const edges: [number, number, number][] = [[x0 + between(rng, -jitter, jitter), y0 + between(rng, -jitter, jitter), a]];
    // A wedge's corner lies along the first edge, well away from the writing.
    const away = short * between(rng, 0.2, 0.45) * (rng.uniform() < 0.5 ? 1 : -1);
    if (rng.uniform() < 0.4) edges.push([edges[0][0] + Math.cos(a) * away, edges[0][1] + Math.sin(a) * away, a + (rng.uniform() < 0.5 ? 1 : -1) * between(rng, 0.7, 2.4)]);
    scene.light = hardShadow(scene.light, edges, between(rng, 0.3, 0.6), between(rng, 0.5, 3) * Math.max(1, scale));
  }
  if (kind === "clutter" || kind === "blank-clutter") clutter(rng, scene, placed?.box ?? null, 1 + rng.int(3));
  else if (rng.uniform() < 0.3) scene.specks.push(...dust(rng, width, height, Math.round(between(rng, 5, 60))));
  const photo = render(scene, rng);
  return { name: `${String(n).padStart(5, "0")}-${kind}-${label || "blank"}.png`, kind, label, photo };
}

export function makePhotoSet(mnist: Digits, perKind: number, seed: number, kinds: readonly Kind[] = KINDS): PhotoCase[] {
  const out: PhotoCase[] = [];
  for (const kind of kinds) {
    // One stream per kind: asking for a single kind gives the same photos as the whole set.
    const rng = new Rng(seed * 1000 + KINDS.indexOf(kind));
    for (let i = 0; i < perKind; i++) out.push(makeCase(kind, out.length, rng, mnist));
  }
  return out;
}

/** What the recogniser made of a photo: the digits read, or "" for no digit found. */
export interface Answer { read: string; reason?: string }

export function isRight(c: PhotoCase, a: Answer): boolean {
  return a.read === c.label;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: "string" }, seed: { type: "string" }, model: { type: "string" }, keep: { type: "string" }, from: { type: "string" },
      kind: { type: "string" }, timing: { type: "boolean" },
    },
  });
  const { loadRecognizer } = await import("../bindings/index-node.js");
  const { loadSplit } = await import("../bindings/node/data.js");
  const test = loadSplit("test");
  const perKind = Number(values.count ?? 100), seed = Number(values.seed ?? 16);
  const kinds = values.kind ? (values.kind.split(",") as Kind[]) : KINDS;
  for (const k of kinds) if (!KINDS.includes(k)) throw new Error(`photoset: unknown kind ${k} (choose from ${KINDS.join(", ")})`);
  const recognizer = await loadRecognizer({ model: values.model });
  const byKind = new Map<Kind, { right: number; total: number; seconds: number }>();
  const wrong: string[] = [];
  if (values.keep) mkdirSync(values.keep, { recursive: true });
  const started = performance.now();
  for (const kind of kinds) {
    for (const c of values.from ? readKept(values.from, kind) : makePhotoSet(test, perKind, seed, [kind])) {
      const t0 = performance.now();
      const reading = readDigits(c.photo, recognizer.workspace);
      const seconds = (performance.now() - t0) / 1000;
      const predictions = reading.digits.map((d) => recognizer.predictPixels(d.pixels));
      const answer: Answer = { read: predictions.map((p) => p.digit).join(""), reason: reading.reason };
      const k = byKind.get(kind) ?? { right: 0, total: 0, seconds: 0 };
      byKind.set(kind, k);
      k.total++;
      k.seconds += seconds;
      if (isRight(c, answer)) k.right++;
      else wrong.push(`${c.name}: read "${answer.read}"${answer.reason ? ` (${answer.reason})` : ""}`);
      if (values.keep) writeFileSync(join(values.keep, c.name), encodePng(c.photo, { colorType: 2, bitDepth: 8, filter: 1 }));
    }
  }
  const group = (names: string[]) => names.reduce((s, n) => { const k = byKind.get(n as Kind); return k ? { right: s.right + k.right, total: s.total + k.total } : s; }, { right: 0, total: 0 });
  const pct = (r: number, t: number) => `${((r / Math.max(1, t)) * 100).toFixed(1).padStart(5)}%`;
  console.log(`photo set: ${perKind} photos per kind from MNIST test digits, seed ${seed}${values.keep ? `, kept in ${values.keep}` : ""}`);
  for (const [kind, k] of byKind) console.log(`  ${kind.padEnd(14)} ${pct(k.right, k.total)}  (${k.right}/${k.total})   ${((k.seconds / k.total) * 1000).toFixed(1)} ms per photo`);
  const single = group(["sheet-desk", "frame", "shadow", "ruled", "squared", "clutter", "detached"]);
  const blanks = group(["blank", "blank-clutter"]);
  const numbers = group(["number-2", "number-3", "number-4"]);
  console.log(`  single digits  ${pct(single.right, single.total)}  (target 97%)`);
  console.log(`  blank sheets   ${pct(blanks.right, blanks.total)}  (target 95%: "no digit found")`);
  console.log(`  numbers        ${pct(numbers.right, numbers.total)}  (target 93%: read exactly)`);
  console.log(`  ${((performance.now() - started) / 1000).toFixed(0)} s in all`);
  const report = values.keep ?? values.from;
  if (report) writeFileSync(join(report, "wrong.txt"), wrong.join("\n") + "\n");
  if (values.timing) timing(test, recognizer.workspace);
}

/** The photos of one kind kept by an earlier `--keep DIR` run (their names carry kind and label). */
function* readKept(dir: string, kind: Kind): Generator<PhotoCase> {
  for (const name of readdirSync(dir).sort()) {
    const m = /^\d+-(.+)-(\d+|blank)\.png$/.exec(name);
    if (!m || m[1] !== kind) continue;
    const photo = decodePng(readFileSync(join(dir, name)));
    yield { name, kind, label: m[2] === "blank" ? "" : m[2], photo };
  }
}

/** Median time of readDigits on photos of 400x400 and 1600x1200 (a sheet on a desk, one digit). */
function timing(mnist: Digits, ws: ImageWorkspace): void {
  for (const size of [[400, 400], [1600, 1200]] as [number, number][]) {
    const photo = makeCase("sheet-desk", 0, new Rng(5), mnist, size).photo;
    const times: number[] = [];
    for (let i = 0; i < 9; i++) {
      const t0 = performance.now();
      readDigits(photo, ws);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(`  readDigits ${size.join("x")}: median ${times[4].toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times[8].toFixed(1)}) over 9 runs`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
