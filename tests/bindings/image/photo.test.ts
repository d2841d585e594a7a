// readDigits on photographs of paper made in the test (tests/fixtures/photo.ts): a sheet on a dark desk,
// a scanner's dark frame, a hard shadow, specks, ruled paper with a margin line, numbers of 2 to 4 digits
// and a digit with a detached stroke. Each checks where the digits are (boxes, reading order) and what
// the shipped model reads in the 28x28 of each.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { findInk, readDigits, preprocessImage, preprocessInto, type ImageReading } from "../../../bindings/image/preprocess.js";
import { loadSplit } from "../../../bindings/node/data.js";
import { loadRecognizer } from "../../../bindings/index-node.js";
import { Rng } from "../../../bindings/model/rng.js";
import {
  darkDesk, detachStroke, dust, glyph, glyphBox, glyphMark, hardShadow, pageEdgeMarks, render, ringMark, ruledMarks, softLight, squaredMarks,
  stapleMarks, toImage, woodDesk,
  type Glyph, type Pen, type Photo, type Rgb, type Scene, type Sheet,
} from "../../fixtures/photo.js";

const mnist = loadSplit("test");
const recognizer = await loadRecognizer();

/** The first MNIST test digit with this label (the set's order is fixed, so the test is too). */
function digitOf(label: number, skip = 0): Uint8Array {
  for (let i = 0; i < mnist.labels.length; i++) {
    if (mnist.labels[i] === label && skip-- === 0) return mnist.images.subarray(i * 784, i * 784 + 784);
  }
  throw new Error(`no ${label} in MNIST test`);
}

const ink: Rgb = [0.1, 0.1, 0.12];

/** A scene: a sheet (paper colour, tilt) on a dark desk, gentle light, a phone's camera. */
function scene(width: number, height: number, sheet: Partial<Sheet>, seed: number): Scene {
  const rng = new Rng(seed);
  const full: Sheet = { cx: width / 2, cy: height / 2, angle: 0, width: width * 0.7, height: height * 0.8, paper: [0.93, 0.93, 0.91], ...sheet };
  return {
    width, height, sheet: full, marks: [], specks: [],
    desk: darkDesk(rng, width, height, 0.12),
    light: softLight(rng, width, height, 0.95, 0.15, 0.1),
    camera: { blur: 0.7, noise: 3, quality: 85 },
  };
}

/**
 * Writes the labels' MNIST digits side by side on the sheet, `height` pixels tall, starting at sheet point
 * (u, v) with `gap` pixels between ink boxes; returns the glyphs' ink boxes in the picture, left to right.
 */
function write(s: Scene, labels: number[], u: number, v: number, height: number, gap: number, pen: Pen = "normal", glyphs?: Glyph[]): [number, number, number, number][] {
  const boxes: [number, number, number, number][] = [];
  labels.forEach((label, i) => {
    const g = glyphs?.[i] ?? glyph(digitOf(label), height, pen);
    const b = glyphBox(g)!;
    s.marks.push(glyphMark(g, u - b[0] * g.ratio, v - b[1] * g.ratio, ink, 1));
    const [x0, y0] = toImage(s.sheet, u, v), [x1, y1] = toImage(s.sheet, u + (b[2] - b[0]) * g.ratio, v + (b[3] - b[1]) * g.ratio);
    boxes.push([Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1)]);
    u += (b[2] - b[0]) * g.ratio + gap;
  });
  return boxes;
}

function shoot(s: Scene, seed: number): Photo {
  return render(s, new Rng(seed));
}

/** The digits the shipped model reads, as a string ("" for none). */
function read(reading: ImageReading): string {
  return reading.digits.map((d) => recognizer.predictPixels(d.pixels)).map((p) => p.digit).join("");
}

/** Whether box a ([x, y, w, h]) and box b ([x0, y0, x1, y1]) overlap by most of b. */
function covers(a: [number, number, number, number], b: [number, number, number, number], share = 0.8): boolean {
  const w = Math.min(a[0] + a[2], b[2]) - Math.max(a[0], b[0]), h = Math.min(a[1] + a[3], b[3]) - Math.max(a[1], b[1]);
  return w > 0 && h > 0 && w * h >= share * (b[2] - b[0]) * (b[3] - b[1]);
}

test("a white sheet on a dark desk with a 1 written on it reads 1; the sheet alone reads no digit", () => {
  const s = scene(640, 480, { angle: 0.15 }, 1);
  const [box] = write(s, [1], 200, 120, 160, 0);
  const reading = readDigits(shoot(s, 2));
  assert.is(reading.blank, false, reading.reason);
  assert.is(reading.inverted, false, "dark ink on a light sheet, however dark the desk");
  assert.is(read(reading), "1");
  assert.ok(covers(reading.digits[0].box, box), `box ${reading.digits[0].box} holds the 1 at ${box.map(Math.round)}`);

  const blank = readDigits(shoot(scene(640, 480, { angle: 0.15 }, 1), 2));
  assert.is(blank.blank, true, "the blank sheet on the desk");
  assert.equal(blank.digits, []);
  assert.ok(blank.reason && blank.reason.length > 5, `reason: ${blank.reason}`);
});

test("a scanned sheet in a dark frame reads its digit", () => {
  const width = 600, height = 500;
  // The lid shows as dark bands on three sides: the sheet is smaller than the glass.
  const s = scene(width, height, { cx: 310, cy: 258, width: 560, height: 470, angle: 0.01 }, 3);
  s.desk = darkDesk(new Rng(4), width, height, 0.04);
  write(s, [7], 230, 130, 200, 0);
  const reading = readDigits(shoot(s, 5));
  assert.is(read(reading), "7");
  assert.is(reading.digits.length, 1);
});

test("a hard shadow across half of a thick digit: both halves are ink, the shadow's edge is not", () => {
  const s = scene(640, 480, { width: 900, height: 700 }, 6);
  const [box] = write(s, [4], 250, 200, 220, 0, "bold");
  // The shadow's edge runs down through the middle of the 4.
  const middle = (box[0] + box[2]) / 2;
  s.light = hardShadow(s.light, [[middle, 240, Math.PI / 2 + 0.1]], 0.5, 1.5);
  const reading = readDigits(shoot(s, 7));
  assert.is(read(reading), "4");
  const [x, , w] = reading.digits[0].box;
  assert.ok(x <= box[0] + 10 && x + w >= box[2] - 10, `the box ${reading.digits[0].box} spans both halves of ${box.map(Math.round)}`);
});

test("the tip of a shadow's wedge beside a digit: its edges are no ink, the digit is read alone", () => {
  for (const [seed, label] of [[80, 6], [82, 4]] as const) {
    const s = scene(800, 560, { width: 1100, height: 800 }, seed);
    const [box] = write(s, [label], 560, 300, 120, 0, "bold");
    // Two edges meeting in a sharp corner just left of the digit: a wedge narrower than any closing.
    const tipX = box[0] - 40, tipY = box[3] - 10;
    s.light = hardShadow(s.light, [[tipX, tipY, Math.PI - 0.15], [tipX, tipY, Math.PI - 0.15 + 0.9]], 0.55, 1);
    const reading = readDigits(shoot(s, seed + 1));
    assert.is(read(reading), String(label), `read ${read(reading)} (${reading.reason ?? ""}), boxes ${reading.digits.map((d) => d.box.map(Math.round).join(","))}`);
  }
});

test("a bold digit on squared paper near the sheet's edge on a dark desk: the edge clears no stroke", () => {
  const s = scene(980, 740, { cx: 560, cy: 420, width: 480, height: 760, angle: 0.2 }, 84);
  s.marks.push(...squaredMarks(new Rng(85), s.sheet, 16, 1));
  s.light = (x, y) => 0.95 - 0.0001 * x;
  const g = glyph(digitOf(3), 260, "bold");
  write(s, [3], 80, 220, 260, 0, "bold", [g]);
  const reading = readDigits(shoot(s, 86));
  assert.is(read(reading), "3", `read ${read(reading)} (${reading.reason ?? ""})`);
});

test("two 4-pixel dots on a white page are no digit; nor is one", () => {
  const width = 300, height = 300, rgba = new Uint8Array(width * height * 4).fill(255);
  const dot = (x0: number, y0: number) => {
    for (let y = y0; y < y0 + 4; y++) for (let x = x0; x < x0 + 4; x++) rgba.set([20, 20, 20], (y * width + x) * 4);
  };
  dot(120, 140);
  dot(170, 150);
  const two = readDigits({ width, height, rgba });
  assert.is(two.blank, true);
  assert.match(two.reason ?? "", /speck/);
  dot(120, 140);
  rgba.fill(255);
  dot(150, 150);
  assert.is(readDigits({ width, height, rgba }).blank, true, "one dot");
});

test("a mark 5% of the picture's shorter side (a grain, a crumb's shadow) is no digit; a digit 8% of it is read", () => {
  const s = scene(700, 600, {}, 31);
  // A short dark stroke, 30 px tall on a 600 px picture: the size of a crack or a crumb, not of writing.
  s.marks.push(glyphMark(glyph(digitOf(1), 30, "normal"), 150, 150, ink, 1));
  assert.is(readDigits(shoot(s, 32)).blank, true, "a 30 px mark");
  const boxes = write(s, [4], 380, 250, 48, 0);
  const reading = readDigits(shoot(s, 33));
  assert.is(reading.digits.length, 1, reading.reason ?? "");
  assert.ok(covers(reading.digits[0].box, boxes[0]), `box ${reading.digits[0].box}`);
  assert.is(read(reading), "4");
});

test("ruled paper with a red margin line: the lines are not ink, the digit is read alone", () => {
  const s = scene(640, 480, { width: 900, height: 700, angle: -0.08 }, 8);
  s.marks.push(...ruledMarks(new Rng(9), s.sheet, 24, 2));
  const [box] = write(s, [3], 330, 230, 150, 0);
  const reading = readDigits(shoot(s, 10));
  assert.is(read(reading), "3");
  const [x, y, w, h] = reading.digits[0].box;
  // The box is the digit's: not stretched to the margin line or along a ruled line.
  assert.ok(w < 1.4 * (box[2] - box[0]) && h < 1.4 * (box[3] - box[1]), `box ${reading.digits[0].box} for a digit of ${box.map(Math.round)}`);
  assert.ok(x > 150 && y > 20, `box ${reading.digits[0].box}`);
});

test("a blank ruled sheet with its margin line is no digit", () => {
  const s = scene(640, 480, { width: 900, height: 700, angle: 0.1 }, 11);
  s.marks.push(...ruledMarks(new Rng(12), s.sheet, 22, 2));
  const reading = readDigits(shoot(s, 13));
  assert.is(reading.blank, true, `read ${read(reading)}`);
});

test("a coffee ring, a staple, a page edge and dust are no digit; a digit beside them is read alone", () => {
  const clutter = (s: Scene, seed: number) => {
    const rng = new Rng(seed);
    s.marks.unshift(ringMark(rng, 170, 420, 110, 4), ...pageEdgeMarks(rng, s.sheet, 0.8, 0.6, 690));
    s.marks.push(...stapleMarks(60, 50, 50, 4, 0.7, 0.45));
    s.specks.push(...dust(rng, s.width, s.height, 120));
  };
  const blank = scene(700, 560, { width: 950, height: 750 }, 60);
  clutter(blank, 61);
  const nothing = readDigits(shoot(blank, 62));
  assert.is(nothing.blank, true, `read "${read(nothing)}"`);
  const s = scene(700, 560, { width: 950, height: 750 }, 60);
  clutter(s, 61);
  const [box] = write(s, [8], 520, 200, 170, 0);
  const reading = readDigits(shoot(s, 62));
  assert.is(read(reading), "8");
  assert.ok(covers(reading.digits[0].box, box), `box ${reading.digits[0].box} holds the 8 at ${box.map(Math.round)}`);
});

test("one straight line across the sheet (a page's edge) does not tell the sheet's rotation", () => {
  // The edge runs at about 37 degrees; the sheet is square to the picture.
  const s = scene(900, 650, { width: 700, height: 560 }, 41);
  s.marks.unshift(...pageEdgeMarks(new Rng(42), s.sheet, 0.6, -0.8, -120));
  const field = findInk(shoot(s, 43));
  assert.ok(Math.abs(field.rotation ?? 0) < 3, `the sheet is taken as turned by ${field.rotation} degrees (${field.lines} line)`);
});

test("a digit beside a tall thin stroke (what is left of a margin line) is not joined to it", () => {
  const s = scene(640, 520, {}, 51);
  const [box] = write(s, [3], 330, 250, 60, 0);
  const photo = shoot(s, 52);
  // A stroke 5 px wide and three digits tall, ending level with the 3's middle, 0.7 digit heights to its left.
  const x1 = Math.round(box[0] - 42), y1 = Math.round(box[1] + 30);
  for (let y = y1 - 180; y < y1; y++) for (let x = x1 - 5; x < x1; x++) photo.rgba.set([60, 60, 70], (y * photo.width + x) * 4);
  const reading = readDigits(photo);
  const three = reading.digits.find((d) => covers(d.box, box));
  assert.ok(three, `no digit covers the 3 at ${box.map(Math.round)}: ${reading.digits.map((d) => d.box.map(Math.round).join(","))}`);
  assert.ok(three.box[2] < 1.4 * (box[2] - box[0]), `the 3's box ${three.box.map(Math.round)} reaches the stroke`);
});

test("squared paper on a wooden desk: neither the grid nor the grain is ink", () => {
  const s = scene(720, 540, { width: 520, height: 420, angle: -0.2 }, 70);
  s.desk = woodDesk(new Rng(71), 720, 540);
  s.marks.push(...squaredMarks(new Rng(72), s.sheet, 14, 1));
  write(s, [2], 190, 130, 150, 0);
  assert.is(read(readDigits(shoot(s, 73))), "2");
  const empty = scene(720, 540, { width: 520, height: 420, angle: -0.2 }, 70);
  empty.desk = woodDesk(new Rng(71), 720, 540);
  empty.marks.push(...squaredMarks(new Rng(72), empty.sheet, 14, 1));
  assert.is(readDigits(shoot(empty, 73)).blank, true);
});

test('"42" is two digits, boxes left to right, read 42', () => {
  const s = scene(700, 500, { width: 900, height: 700 }, 14);
  const boxes = write(s, [4, 2], 300, 300, 140, 40);
  const reading = readDigits(shoot(s, 15));
  assert.is(reading.digits.length, 2);
  assert.is(read(reading), "42");
  const [a, b] = reading.digits.map((d) => d.box);
  assert.ok(a[0] + a[2] <= b[0] + 2, `first box ${a} ends before the second ${b} starts`);
  assert.ok(covers(a, boxes[0]) && covers(b, boxes[1]), `boxes ${a} / ${b} hold the digits at ${boxes.map((x) => x.map(Math.round))}`);
});

test("numbers of 2, 3 and 4 digits, on a tilted sheet too, read exactly", () => {
  const cases: [number[], number][] = [[[3, 7], 0], [[2, 0, 9], 0.2], [[1, 9, 8, 6], -0.12], [[5, 0, 4, 1], 0.25]];
  cases.forEach(([labels, angle], i) => {
    const s = scene(900, 640, { width: 1100, height: 800, angle }, 20 + i);
    write(s, labels, 330, 320, 110, 30);
    const reading = readDigits(shoot(s, 30 + i));
    assert.is(read(reading), labels.join(""), `${labels.join("")} on a sheet turned ${angle} rad`);
  });
});

test("a digit with a detached stroke stays one digit", () => {
  // A 5 whose top bar is cut off from its body, and a 4 in two strokes.
  for (const [label, skip, seed] of [[5, 1, 40], [4, 0, 41], [7, 2, 42]] as [number, number, number][]) {
    const g = glyph(digitOf(label, skip), 180, "normal");
    const b = glyphBox(g)!;
    assert.ok(detachStroke(g, new Rng(seed), Math.max(2, (b[3] - b[1]) * 0.06)), `a stroke of the ${label} could be detached`);
    const s = scene(640, 480, { width: 900, height: 700 }, seed);
    write(s, [label], 350, 250, 180, 0, "normal", [g]);
    const reading = readDigits(shoot(s, seed + 10));
    assert.is(reading.digits.length, 1, `the ${label} in two pieces is one digit`);
    assert.is(read(reading), String(label));
  }
});

test("preprocessInto writes the first digit at an offset and nothing else; preprocessImage agrees", () => {
  const s = scene(640, 480, {}, 50);
  write(s, [6], 300, 200, 180, 0);
  const photo = shoot(s, 51);
  const out = new Float32Array(784 * 3).fill(-1);
  const result = preprocessInto(photo, out, 784);
  assert.equal(result, { blank: false, inverted: false, digits: 1 });
  assert.ok(out.subarray(0, 784).every((v) => v === -1) && out.subarray(1568).every((v) => v === -1), "outside [784, 1568) untouched");
  const image = preprocessImage(photo);
  assert.equal(Array.from(out.subarray(784, 1568)), Array.from(image.pixels));
  assert.equal(Array.from(image.pixels), Array.from(readDigits(photo).digits[0].pixels));
  assert.is(recognizer.predictPixels(image.pixels).digit, 6);
});

test.run();
