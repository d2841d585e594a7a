// Which ink is a digit, and in what order: connected strokes, broken strokes of one digit joined again,
// marks that are not digits set aside (specks, dots, blobs, dashes and staples, rings, long lines), and
// the digits of one row read left to right. Not here: finding the ink (paper.ts) or the 28x28 (recipe.ts).
//
// What counts as a digit: ink at least 6% of the picture's shorter side (and 8 px) in its larger extent,
// made of strokes (their width at most half the digit's size), not one straight stroke lying more
// than 45 degrees from upright (a dash, a staple, a underline), not a near-perfect thin circle (a coffee
// ring), not a thin line running across most of the picture or a sliver along its edge; in the line of
// writing of the digit with the most ink, within 1.6 digit heights of its neighbour.

import type { Box } from "./recipe.js";
import type { InkField } from "./paper.js";
import type { Kernels } from "../engine/abi.js";
import { f32Beside, onArrays, pictureWorkspace } from "./workspace.js";

/** A pixel is ink of a stroke from this normalised ink on (0 = paper, 1 = the strokes' core). */
export const INK = 0.35;
/**
 * A digit is at least this fraction of the picture's shorter side, and at least MIN_PX pixels: a digit
 * written to be photographed is rarely smaller, while wood grain, a shadow's tip, a ring's fragment or a
 * crumb often are.
 */
const MIN_SIZE = 0.06;
const MIN_PX = 8;
/** The strokes of a digit are at least this much darker than their paper (relative darkness, 0..1). */
const MIN_DARKNESS = 0.2;
/** Digits on a sheet turned by less than this (degrees) are left as they are. */
const MIN_ROTATION = 3;

/** A connected stroke or a group of them (one digit); moments for its shape. */
interface Shape {
  area: number; outline: number;
  x0: number; y0: number; x1: number; y1: number;
  sx: number; sy: number; sxx: number; syy: number; sxy: number;
}

export interface Segmented {
  /** [height, width] part label of each ink pixel (1-based), 0 for paper. */
  labels: Int32Array;
  /** The digits in reading order: their part labels and ink box (working pixels). */
  digits: { parts: number[]; box: Box }[];
  /** Why no digit was found. */
  reason?: string;
  /** The rotation (degrees, clockwise) that turns the writing upright: the sheet's, or its line of digits'. */
  rotation?: number;
}

function emptyShape(): Shape {
  return { area: 0, outline: 0, x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity, sx: 0, sy: 0, sxx: 0, syy: 0, sxy: 0 };
}

function addShape(a: Shape, b: Shape): void {
  a.area += b.area; a.outline += b.outline;
  a.x0 = Math.min(a.x0, b.x0); a.y0 = Math.min(a.y0, b.y0); a.x1 = Math.max(a.x1, b.x1); a.y1 = Math.max(a.y1, b.y1);
  a.sx += b.sx; a.sy += b.sy; a.sxx += b.sxx; a.syy += b.syy; a.sxy += b.sxy;
}

/** 8-connected parts of the pixels with ink >= INK: their labels and shapes. */
export function inkParts(ink: Float32Array, width: number, height: number): { labels: Int32Array; parts: Shape[] } {
  const n = width * height;
  // In a picture's workspace when the ink is there (the kernels work in place), else arrays of our own.
  const ws = pictureWorkspace(), local = ws && ws.offsetOf(ink) >= 0 ? ws : undefined;
  const labels = local ? local.i32(local.alloc(n * 4), n) : new Int32Array(n);
  const count = onArrays([labels, ink], (k, l, src, stack) => k.label_components(l, src, width, height, INK, 1, stack), n * 8);
  const stats = local ? local.f64(local.alloc(count * STATS * 8), count * STATS) : new Float64Array(count * STATS);
  onArrays([stats, labels], (k, s, l) => k.component_stats(s, l, width, height, count));
  const parts: Shape[] = [];
  for (let i = 0; i < count; i++) {
    const o = i * STATS;
    parts.push({
      area: stats[o], outline: stats[o + 1], x0: stats[o + 2], y0: stats[o + 3], x1: stats[o + 4], y1: stats[o + 5],
      sx: stats[o + 6], sy: stats[o + 7], sxx: stats[o + 8], syy: stats[o + 9], sxy: stats[o + 10],
    });
  }
  return { labels, parts };
}

/** f64 per part from component_stats: area, outline, x0, y0, x1, y1, Σx, Σy, Σx², Σy², Σxy. */
const STATS = 11;

/**
 * Elongation (sqrt of the ratio of the inertia axes), the long axis' angle from upright in degrees (positive
 * leaning right as it goes down) and its length.
 */
function axes(s: Shape): { elongation: number; tilt: number; length: number } {
  const mx = s.sx / s.area, my = s.sy / s.area;
  const cxx = s.sxx / s.area - mx * mx + 1 / 12, cyy = s.syy / s.area - my * my + 1 / 12, cxy = s.sxy / s.area - mx * my;
  const half = (cxx + cyy) / 2, root = Math.sqrt(((cxx - cyy) / 2) ** 2 + cxy * cxy);
  const major = half + root, minor = Math.max(1e-9, half - root);
  // Angle of the major axis from the y axis.
  const angle = 0.5 * Math.atan2(2 * cxy, cyy - cxx);
  return { elongation: Math.sqrt(major / minor), tilt: (angle * 180) / Math.PI, length: Math.sqrt(12 * major) };
}

/**
 * A thin near-perfect circle or arc (a coffee ring, a stamp): the ink's distance from the best-fitting
 * circle's centre varies by under 7% of the radius over an arc of at least 160 degrees (4% over one of
 * 90 degrees or more cut by the picture's edge: the part of a ring left in it), and the stroke is
 * thin against the radius. A written 0 is an ellipse, and wobbles more.
 */
function isRing(s: Shape, labels: Int32Array, member: Uint8Array, width: number, height: number): boolean {
  // Kasa's algebraic fit on coordinates relative to the box centre: x^2 + y^2 + D x + E y + F = 0.
  const ox = (s.x0 + s.x1) / 2, oy = (s.y0 + s.y1) / 2;
  let n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, sxz = 0, syz = 0, sz = 0;
  for (let y = s.y0; y < s.y1; y++) {
    for (let x = s.x0; x < s.x1; x++) {
      if (!member[labels[y * width + x]]) continue;
      const u = x - ox, v = y - oy, z = u * u + v * v;
      n++; sx += u; sy += v; sxx += u * u; syy += v * v; sxy += u * v; sxz += u * z; syz += v * z; sz += z;
    }
  }
  // Normal equations [sxx sxy sx; sxy syy sy; sx sy n] [D E F] = -[sxz syz sz], by Cramer's rule.
  const det3 = (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number) => a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  const det = det3(sxx, sxy, sx, sxy, syy, sy, sx, sy, n);
  if (Math.abs(det) < 1e-9) return false;
  const D = det3(-sxz, sxy, sx, -syz, syy, sy, -sz, sy, n) / det;
  const E = det3(sxx, -sxz, sx, sxy, -syz, sy, sx, -sz, n) / det;
  const F = det3(sxx, sxy, -sxz, sxy, syy, -syz, sx, sy, -sz) / det;
  const cx = -D / 2, cy = -E / 2, r2 = cx * cx + cy * cy - F;
  if (r2 <= 0) return false;
  const radius = Math.sqrt(r2);
  const stroke = (2 * s.area) / Math.max(1, s.outline), size = Math.max(s.x1 - s.x0, s.y1 - s.y0);
  // Too small or too large a circle for the group, or too thick a stroke for it, whatever arc it covers:
  // the pass over the pixels below could not make it a ring.
  if (radius < 0.3 * size || radius > size || stroke >= 0.15 * radius) return false;
  let dev = 0;
  const sectors = new Uint8Array(16);
  for (let y = s.y0; y < s.y1; y++) {
    for (let x = s.x0; x < s.x1; x++) {
      if (!member[labels[y * width + x]]) continue;
      const u = x - ox - cx, v = y - oy - cy;
      dev += (Math.sqrt(u * u + v * v) - radius) ** 2;
      sectors[Math.min(15, Math.floor(((Math.atan2(v, u) + Math.PI) / (2 * Math.PI)) * 16))] = 1;
    }
  }
  let covered = 0;
  for (const sector of sectors) covered += sector;
  const fit = Math.sqrt(dev / n);
  // A circle, or most of one, spans about two radii; a quarter of one, 1.4 radii. A digit's loop is no
  // circle, a curved 1 is a small part of a large one, and the other digits fit no circle at all.
  const sized = radius >= 0.3 * size && radius <= (covered >= 7 ? 0.75 : 1) * size;
  const cut = s.x0 === 0 || s.y0 === 0 || s.x1 === width || s.y1 === height;
  return sized && stroke < 0.15 * radius && (covered >= 7 ? fit < 0.07 * radius : cut && covered >= 4 && fit < 0.04 * radius);
}

/** Why a group of strokes is not a digit, or null when it may be one. */
function notADigit(s: Shape, labels: Int32Array, member: Uint8Array, width: number, height: number, paper: Box, photo: boolean, rotation: number): string | null {
  const w = s.x1 - s.x0, h = s.y1 - s.y0, size = Math.max(w, h);
  if (size < Math.max(MIN_PX, MIN_SIZE * Math.min(width, height))) return "speck";
  const stroke = (2 * s.area) / Math.max(1, s.outline);
  if (stroke > 0.5 * size) return "blob";
  const edge = notAStroke(s, labels, member, width, height, paper, photo);
  if (edge) return edge;
  if (holes(s, labels, member, width) > 6) return "mesh";
  const { elongation, tilt } = axes(s);
  // MNIST's ones lean up to 42 degrees (99th percentile) from the sheet's upright (which leans by minus the
  // sheet's rotation in the picture); a lone stroke lying flatter is not a digit.
  let lean = Math.abs(tilt + rotation) % 180;
  if (lean > 90) lean = 180 - lean;
  if (elongation >= 4.5 && lean > 45) return "dash";
  if (isRing(s, labels, member, width, height)) return "ring";
  return null;
}

/**
 * Why a part (or group) is the edge of something or a line rather than writing, or null: a sliver along
 * the picture's edge (a scanner's lid, the sheet's edge, a desk), a shape lying along the edge and cut by
 * it (a shadow reaching in, a desk's corner; only in a photo, and unless it is cropped tight to the shape,
 * as a scanned digit is), a thin stroke running across 80% of the paper (a 1 cropped tight to its ink is as wide as it).
 */
function notAStroke(s: Shape, labels: Int32Array, member: Uint8Array, width: number, height: number, paper: Box, photo: boolean): string | null {
  const w = s.x1 - s.x0, h = s.y1 - s.y0, size = Math.max(w, h);
  const sliver = 0.03 * Math.min(width, height);
  if ((s.x0 === 0 || s.x1 === width) && w <= sliver && h >= 3 * w) return "line";
  if ((s.y0 === 0 || s.y1 === height) && h <= sliver && w >= 3 * h) return "line";
  // A scan, a crop or an export has no shadow or desk reaching in: what touches its edge is writing.
  const tight = !photo || (w >= 0.8 * width && h >= 0.8 * height);
  if (!tight && edgeContact(s, labels, member, width, height) >= 0.4 * size) return "edge";
  const { elongation, tilt, length } = axes(s);
  const [along, across, thickness] = Math.abs(tilt) < 45 ? [paper.y1 - paper.y0, paper.x1 - paper.x0, w] : [paper.x1 - paper.x0, paper.y1 - paper.y0, h];
  if (elongation >= 10 && length >= 0.8 * along && thickness <= 0.15 * across) return "line";
  return null;
}

/** The longest stretch of the picture's edge the group touches, in pixels. */
function edgeContact(s: Shape, labels: Int32Array, member: Uint8Array, width: number, height: number): number {
  let top = 0, bottom = 0, left = 0, right = 0;
  for (let x = s.x0; x < s.x1; x++) {
    if (s.y0 === 0 && member[labels[x]]) top++;
    if (s.y1 === height && member[labels[(height - 1) * width + x]]) bottom++;
  }
  for (let y = s.y0; y < s.y1; y++) {
    if (s.x0 === 0 && member[labels[y * width]]) left++;
    if (s.x1 === width && member[labels[y * width + width - 1]]) right++;
  }
  return Math.max(top, bottom, left, right);
}

/**
 * Enclosed paper areas of a group (an 8 has two), not counting pinholes: a grid of lines or a net of
 * cracks has many. Paper inside the box not reached from the box's edge through paper is enclosed.
 */
function holes(s: Shape, labels: Int32Array, member: Uint8Array, width: number): number {
  const bw = s.x1 - s.x0, bh = s.y1 - s.y0, n = bw * bh, mask = Math.ceil(n / 16) * 16 + 16;
  // Scratch: the group's ink in its box (n bytes), then the flood's stack (n i32).
  return onGroup(member, mask + 4 * n, [labels], (k, mine, scratch, l) => k.group_holes(scratch, scratch + mask, l, mine, member.length, width, s.x0, s.y0, bw, bh));
}

/**
 * Runs a kernel on a group of parts: `member` (a lookup by part label) is copied into room kept for the
 * picture, followed by `scratch` bytes, and `arrays` (the picture's planes) are used in place; outside a
 * picture, or with no room left, everything is copied (onArrays), with the same bits. The room is sized
 * to a power of two, so a picture's growing groups take new room a few times at most.
 */
function onGroup<R>(member: Uint8Array, scratch: number, arrays: ArrayBufferView[], run: (k: Kernels, member: number, scratch: number, ...at: number[]) => R): R {
  const ws = pictureWorkspace(), m = Math.ceil(member.length / 16) * 16 + 16;
  const need = 2 ** Math.ceil(Math.log2(m + scratch + 16));
  if (ws && arrays.every((a) => ws.offsetOf(a) >= 0) && ws.fits(need)) {
    const at = ws.named("group", need);
    ws.u8(at, member.length).set(member);
    return run(ws.kernels, at, at + m, ...arrays.map((a) => ws.offsetOf(a)));
  }
  return onArrays([member, ...arrays], (k, mine, ...rest) => run(k, mine, rest[rest.length - 1], ...rest.slice(0, -1)), scratch);
}

/** A lookup by part label: 1 for the labels in `parts`. */
function memberMask(parts: number[]): Uint8Array {
  let most = 0;
  for (const p of parts) most = Math.max(most, p);
  const mine = new Uint8Array(most + 1);
  for (const p of parts) mine[p] = 1;
  return mine;
}

/** The 90th percentile of the normalised ink of a group's stroke pixels (labels in `mine`) in its box: its core. */
function groupCore(ink: Float32Array, labels: Int32Array, width: number, mine: Uint8Array, box: Box): number {
  const ws = pictureWorkspace();
  const hist = ws && ws.fits(1025 * 4) ? ws.u32(ws.named("group-histogram", 1025 * 4), 1025).fill(0) : new Uint32Array(1025);
  const count = onGroup(mine, 0, [hist, ink, labels], (k, m, _, h, i, l) => k.group_histogram(h, i, l, m, mine.length, width, box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0));
  for (let b = 0, seen = 0; b <= 1024; b++) {
    seen += hist[b];
    if (seen > 0.9 * count) return b / 1024;
  }
  return 1;
}

/** Union-find root. */
function root(parent: Int32Array, i: number): number {
  while (parent[i] !== i) i = parent[i] = parent[parent[i]];
  return i;
}

/**
 * Joins the broken strokes of one digit: a part lying over or under another (their columns overlap by half
 * the narrower one, a 5's bar, a 7's crossbar), and a short part near a taller one (a 5's bar off to the
 * side; a 4 written in two strokes, all but touching) to its nearest such neighbour only, so a fragment between two digits
 * never welds them together. Two tall parts side by side stay apart: they are two digits.
 */
function joinStrokes(parts: Shape[], keep: number[], labels: Int32Array, width: number): Int32Array {
  const parent = Int32Array.from(parts.keys());
  const height = (s: Shape) => s.y1 - s.y0;
  const gaps = (A: Shape, B: Shape): [number, number, number, number] => {
    const overlapX = Math.min(A.x1, B.x1) - Math.max(A.x0, B.x0), overlapY = Math.min(A.y1, B.y1) - Math.max(A.y0, B.y0);
    return [overlapX, overlapY, Math.max(0, -overlapX), Math.max(0, -overlapY)];
  };
  for (let a = 0; a < keep.length; a++) {
    for (let b = a + 1; b < keep.length; b++) {
      const A = parts[keep[a]], B = parts[keep[b]];
      const [overlapX, overlapY, , gapY] = gaps(A, B);
      const tall = Math.max(height(A), height(B)), short = Math.min(height(A), height(B));
      const sideBySide = short >= 0.7 * tall && overlapY >= 0.5 * short;
      const [big, small] = A.area >= B.area ? [A, B] : [B, A];
      const substantial = small.area >= 0.03 * big.area && Math.max(height(small), small.x1 - small.x0) >= 0.12 * tall;
      const stacked = overlapX >= 0.5 * Math.min(A.x1 - A.x0, B.x1 - B.x0) && gapY <= 0.3 * tall;
      if (stacked && substantial && !sideBySide) parent[root(parent, keep[a])] = root(parent, keep[b]);
    }
  }
  // The parts stacked so far, as one shape each: a digit broken across (a 3's two halves) is as tall as
  // its neighbours, and no fragment of them.
  const stacked = new Map<number, Shape>();
  for (const i of keep) {
    const r = root(parent, i);
    const shape = stacked.get(r) ?? emptyShape();
    addShape(shape, parts[i]);
    stacked.set(r, shape);
  }
  const joins: [number, number][] = [];
  for (const b of keep) {
    const B = parts[b], size = Math.max(height(B), B.x1 - B.x0), tallB = height(stacked.get(root(parent, b))!);
    let nearest = -1, nearestGap = Infinity;
    for (const a of keep) {
      const A = parts[a];
      if (a === b || root(parent, a) === root(parent, b) || tallB > 0.75 * height(A) || size < 0.12 * height(A) || B.area < 0.03 * A.area) continue;
      const [, , gapX, gapY] = gaps(A, B), gap = Math.max(gapX, gapY);
      // Clearly shorter and near, or three quarters as tall and all but touching (a 4's two strokes: their
      // ink, not just their boxes, which overlap for neighbours on a tilted line).
      // Nor farther than half its own size: a whole digit beside a tall stroke (a margin line's remnant) is not its fragment.
      const touching = tallB > 0.6 * height(A);
      const near = Math.min(touching ? 0.06 * height(A) : 0.3 * height(A), 0.5 * size);
      if (gap > near || gap >= nearestGap) continue;
      if (touching && !inkWithin(B, b + 1, A, a + 1, Math.ceil(near), labels, width)) continue;
      nearest = a;
      nearestGap = gap;
    }
    if (nearest >= 0) joins.push([b, nearest]);
  }
  for (const [b, a] of joins) parent[root(parent, b)] = root(parent, a);
  return parent;
}

/** Whether some ink of part `lb` (shape B) lies within `reach` pixels (across or down) of ink of part `la` (shape A). */
function inkWithin(B: Shape, lb: number, A: Shape, la: number, reach: number, labels: Int32Array, width: number): boolean {
  const height = labels.length / width;
  const x0 = Math.max(B.x0, A.x0 - reach), x1 = Math.min(B.x1, A.x1 + reach), y0 = Math.max(B.y0, A.y0 - reach), y1 = Math.min(B.y1, A.y1 + reach);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      if (labels[y * width + x] !== lb) continue;
      for (let v = Math.max(0, y - reach); v <= Math.min(height - 1, y + reach); v++) {
        for (let u = Math.max(0, x - reach); u <= Math.min(width - 1, x + reach); u++) if (labels[v * width + u] === la) return true;
      }
    }
  }
  return false;
}

/** The digits in `field.ink`, in reading order, or the reason there are none. */
export function segment(field: InkField): Segmented {
  const { ink, width, height } = field;
  const { labels, parts } = inkParts(ink, width, height);
  // Parts too small to matter even as a fragment of a digit are dust.
  const minPart = Math.max(3, 0.0002 * Math.min(width, height) ** 2);
  const keep: number[] = [];
  const rejected = new Set<string>();
  const member = new Uint8Array(parts.length + 1);
  parts.forEach((p, i) => {
    if (p.area < minPart) return;
    // Edges and lines go before strokes are joined, lest a digit be joined to one.
    member[i + 1] = 1;
    const why = notAStroke(p, labels, member, width, height, field.paper, field.photo);
    member[i + 1] = 0;
    if (why) rejected.add(why);
    else keep.push(i);
  });
  const parent = joinStrokes(parts, keep, labels, width);
  const groups = new Map<number, number[]>();
  for (const i of keep) {
    const r = root(parent, i);
    const list = groups.get(r);
    if (list) list.push(i); else groups.set(r, [i]);
  }
  const valid: { parts: number[]; shape: Shape }[] = [];
  for (const members of groups.values()) {
    const shape = emptyShape();
    for (const i of members) addShape(shape, parts[i]);
    const labelsOf = members.map((i) => i + 1);
    for (const l of labelsOf) member[l] = 1;
    const why = notADigit(shape, labels, member, width, height, field.paper, field.photo, field.rotation ?? 0);
    for (const l of labelsOf) member[l] = 0;
    if (why) rejected.add(why);
    else valid.push({ parts: labelsOf, shape });
  }
  // Ink of a digit is clearly darker than its paper; fainter marks are what is left of lines, stains, noise.
  const faint = valid.filter((g) => field.floor + field.contrast * groupCore(ink, labels, width, memberMask(g.parts), g.shape) < MIN_DARKNESS);
  if (faint.length) {
    rejected.add("faint");
    valid.splice(0, valid.length, ...valid.filter((g) => !faint.includes(g)));
  }
  if (valid.length === 0) return { labels, digits: [], reason: blankReason(rejected) };
  const shapes = valid.map((g) => g.shape);
  const line = readingLine(shapes, field.rotation ?? 0);
  const digits = line.map((i) => {
    const g = valid[i];
    return { parts: g.parts, box: { x0: g.shape.x0, y0: g.shape.y0, x1: g.shape.x1, y1: g.shape.y1 } };
  });
  // Without lines or edges to tell the sheet's rotation, a line of three digits or more tells it.
  let rotation = field.rotation;
  if (rotation === null && line.length >= 3) {
    const a = shapes[line[0]], b = shapes[line[line.length - 1]];
    const degrees = (Math.atan2(b.y0 + b.y1 - a.y0 - a.y1, b.x0 + b.x1 - a.x0 - a.x1) * 180) / Math.PI;
    if (Math.abs(degrees) <= 35) rotation = degrees;
  }
  return { labels, digits, rotation: rotation ?? 0 };
}

/**
 * The digits of one line of writing, in reading order: from the one with the most ink, the line grows at
 * each end by the nearest digit at least half as tall whose centre lies ahead along the line (within 35 degrees of its
 * direction, which starts horizontal and then follows the digits found, so a tilted sheet reads right)
 * and at most 1.6 digit heights of paper away. Returns indices into `shapes`.
 */
function readingLine(shapes: Shape[], rotation: number): number[] {
  const height = (s: Shape) => s.y1 - s.y0;
  const cx = (s: Shape) => (s.x0 + s.x1) / 2, cy = (s: Shape) => (s.y0 + s.y1) / 2;
  let ref = 0;
  shapes.forEach((s, i) => { if (s.area > shapes[ref].area) ref = i; });
  const tall = height(shapes[ref]);
  const line = [ref], used = new Uint8Array(shapes.length);
  used[ref] = 1;
  let dx = Math.cos((rotation * Math.PI) / 180), dy = Math.sin((rotation * Math.PI) / 180);
  for (const side of [1, -1]) {
    for (;;) {
      const end = shapes[line[side > 0 ? line.length - 1 : 0]];
      let best = -1, bestDistance = Infinity;
      shapes.forEach((s, i) => {
        if (used[i] || height(s) < 0.5 * tall) return;
        const vx = cx(s) - cx(end), vy = cy(s) - cy(end), distance = Math.hypot(vx, vy);
        const along = (vx * dx + vy * dy) * side;
        // Paper between the two boxes, measured along the line.
        const reach = (Math.abs(dx) * (s.x1 - s.x0 + end.x1 - end.x0) + Math.abs(dy) * (height(s) + height(end))) / 2 + 1.6 * tall;
        if (along <= 0 || along < Math.cos((35 * Math.PI) / 180) * distance || distance > reach || distance >= bestDistance) return;
        best = i;
        bestDistance = distance;
      });
      if (best < 0) break;
      used[best] = 1;
      if (side > 0) line.push(best); else line.unshift(best);
      // The line's direction from its first digit to its last.
      const a = shapes[line[0]], b = shapes[line[line.length - 1]], length = Math.hypot(cx(b) - cx(a), cy(b) - cy(a));
      if (length > 0) { dx = (cx(b) - cx(a)) / length; dy = (cy(b) - cy(a)) / length; }
    }
  }
  return line;
}

function blankReason(rejected: Set<string>): string {
  if (rejected.size === 0 || (rejected.size === 1 && rejected.has("speck"))) return "no ink found (only specks)";
  if ([...rejected].every((r) => r === "line" || r === "speck" || r === "faint")) return "only lines and faint marks, no written stroke";
  return "only marks that are not digits (specks, stains, dashes, lines)";
}

/**
 * The ink patch of one digit: its parts' ink, plus the faint pixels touching them (their anti-aliased
 * edge), and nothing of other digits or marks inside its box; rescaled so the digit's own core is 1.
 */
export function digitPatch(field: InkField, labels: Int32Array, parts: number[], box: Box, rotation = 0): { width: number; height: number; ink: Float32Array; inverted: boolean } {
  const { ink, width, height } = field;
  const x0 = Math.max(0, box.x0 - 1), y0 = Math.max(0, box.y0 - 1), x1 = Math.min(width, box.x1 + 1), y1 = Math.min(height, box.y1 + 1);
  const pw = x1 - x0, ph = y1 - y0;
  const patch = f32Beside(ink, pw * ph);
  const mine = memberMask(parts);
  onGroup(mine, 0, [patch, ink, labels], (k, m, _, p, i, l) => k.group_patch(p, i, l, m, mine.length, width, height, x0, y0, pw, ph));
  // The digit's own core (90th percentile of its stroke pixels) against the picture's, which is 1.
  const core = Math.max(INK, groupCore(ink, labels, width, mine, box));
  // Only a digit clearly fainter than the picture's writing is brightened (a single digit is left as is).
  if (core < 0.8) for (let i = 0; i < patch.length; i++) patch[i] = Math.min(1, patch[i] / core);
  // Written upright on a turned sheet, the digit is turned back (MNIST's digits lean little).
  if (Math.abs(rotation) >= MIN_ROTATION) return { ...rotate(patch, pw, ph, -rotation), inverted: field.inverted };
  return { width: pw, height: ph, ink: patch, inverted: field.inverted };
}

/** `src` [h, w] turned by `degrees` clockwise about its centre, bilinear, on a canvas that holds it all. */
export function rotate(src: Float32Array, w: number, h: number, degrees: number): { width: number; height: number; ink: Float32Array } {
  const t = (degrees * Math.PI) / 180, cos = Math.cos(t), sin = Math.sin(t);
  const width = Math.ceil(w * Math.abs(cos) + h * Math.abs(sin)) + 2, height = Math.ceil(w * Math.abs(sin) + h * Math.abs(cos)) + 2;
  const out = f32Beside(src, width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Output to source: turn back by `degrees`.
      const u = x + 0.5 - width / 2, v = y + 0.5 - height / 2;
      const sx = cos * u + sin * v + w / 2 - 0.5, sy = -sin * u + cos * v + h / 2 - 0.5;
      const x0 = Math.floor(sx), y0 = Math.floor(sy), fx = sx - x0, fy = sy - y0;
      let v00 = 0, v10 = 0, v01 = 0, v11 = 0;
      if (y0 >= 0 && y0 < h) {
        if (x0 >= 0 && x0 < w) v00 = src[y0 * w + x0];
        if (x0 + 1 >= 0 && x0 + 1 < w) v10 = src[y0 * w + x0 + 1];
      }
      if (y0 + 1 >= 0 && y0 + 1 < h) {
        if (x0 >= 0 && x0 < w) v01 = src[(y0 + 1) * w + x0];
        if (x0 + 1 >= 0 && x0 + 1 < w) v11 = src[(y0 + 1) * w + x0 + 1];
      }
      out[y * width + x] = (v00 * (1 - fx) + v10 * fx) * (1 - fy) + (v01 * (1 - fx) + v11 * fx) * fy;
    }
  }
  return { width, height, ink: out };
}
