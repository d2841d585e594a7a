// bindings/image/preprocess.ts (and paper.ts, recipe.ts) step by step on synthetic images, then the whole
// recipe on MNIST digits and on every PNG kind (png.ts decoding, tests/fixtures/png-encoder.ts writing).
// Photos of paper and numbers are photo.test.ts's.

import { test } from "uvu";
import * as assert from "uvu/assert";
import * as P from "../../../bindings/image/preprocess.js";
import { decodePng } from "../../../bindings/image/png.js";
import { loadSplit } from "../../../bindings/node/data.js";
import { allKinds, encodePng, type EncodeOptions } from "../../fixtures/png-encoder.js";
import { Rng } from "../../../bindings/model/rng.js";

type Rgb = [number, number, number];

/** An RGBA image: `paint(x, y)` gives ink 0..1; drawn in `ink` colour on `paper` (alpha 0 paper = transparent). */
function image(width: number, height: number, paint: (x: number, y: number) => number, inkColor: Rgb = [0, 0, 0], paper: Rgb = [255, 255, 255], paperAlpha = 255) {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const a = paint(x, y), o = (y * width + x) * 4;
      if (paperAlpha === 0) rgba.set([...inkColor, Math.round(a * 255)], o);
      else rgba.set([0, 1, 2].map((c) => Math.round(paper[c] * (1 - a) + inkColor[c] * a)).concat(paperAlpha), o);
    }
  }
  return { width, height, rgba };
}

const rect = (x0: number, y0: number, x1: number, y1: number) => (x: number, y: number) => (x >= x0 && x < x1 && y >= y0 && y < y1 ? 1 : 0);
const ring = (cx: number, cy: number, r: number, w: number) => (x: number, y: number) => (Math.abs(Math.hypot(x + 0.5 - cx, y + 0.5 - cy) - r) < w / 2 ? 1 : 0);

function bbox28(pixels: Float32Array, threshold = 0.1) {
  let x0 = 28, y0 = 28, x1 = 0, y1 = 0;
  for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) if (pixels[y * 28 + x] >= threshold) { x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x + 1); y1 = Math.max(y1, y + 1); }
  return { x0, y0, x1, y1, w: x1 - x0, h: y1 - y0 };
}

const meanAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]); return s / a.length; };

/** The normalised ink findInk makes of an image. */
const inkOf = (img: { width: number; height: number; rgba: Uint8Array }) => P.findInk(img);

test("findInk: dark on light, light on dark, coloured ink and an alpha-only canvas export give the same ink", () => {
  const shape = ring(30, 30, 15, 6);
  const reference = inkOf(image(60, 60, shape));
  assert.is(reference.inverted, false);
  const variants = {
    "light on dark": image(60, 60, shape, [255, 255, 255], [0, 0, 0]),
    "blue on beige": image(60, 60, shape, [20, 30, 200], [240, 230, 200]),
    "black in alpha on transparent": image(60, 60, shape, [0, 0, 0], [0, 0, 0], 0),
    "white in alpha on transparent": image(60, 60, shape, [255, 255, 255], [0, 0, 0], 0),
  };
  for (const [name, img] of Object.entries(variants)) {
    const map = inkOf(img);
    assert.ok(meanAbs(map.ink, reference.ink) < 0.01, `${name}: mean |diff| ${meanAbs(map.ink, reference.ink)}`);
  }
  assert.is(inkOf(variants["light on dark"]).inverted, true, "light on dark is reported as inverted");
  assert.is(reference.ink[30 * 60 + 30], 0, "centre of the ring is background");
  assert.is(reference.ink[30 * 60 + 15], 1, "the ring itself is full ink");
});

test("findInk: the paper's noise floor goes to 0 and faint pencil is rescaled to full ink", () => {
  const rng = new Rng(5);
  const faint = image(80, 80, (x, y) => rect(20, 10, 30, 70)(x, y) * 0.3 + rng.uniform() * 0.06, [0, 0, 0]);
  const map = inkOf(faint);
  assert.ok(map.contrast > 0.2 && map.contrast < 0.4, `contrast ${map.contrast}`);
  assert.ok(map.ink[40 * 80 + 25] > 0.9, `stroke core ${map.ink[40 * 80 + 25]}`);
  let paper = 0;
  for (let y = 0; y < 80; y++) for (let x = 50; x < 80; x++) paper = Math.max(paper, map.ink[y * 80 + x]);
  assert.ok(paper < 0.2, `paper after the floor is removed: max ${paper}`);
});

test("readDigits: a speck far from the digit is dropped, a detached bar next to it is kept", () => {
  const digit = (x: number, y: number) => Math.max(rect(40, 20, 46, 80)(x, y), rect(30, 10, 60, 15)(x, y), rect(5, 90, 7, 92)(x, y));
  const reading = P.readDigits(image(100, 100, digit));
  assert.is(reading.digits.length, 1);
  assert.equal(reading.digits[0].box, [30, 10, 30, 70]);
});

test("resample: area averaging keeps the mean when shrinking; enlarging keeps a constant constant", () => {
  const checker = Float32Array.from({ length: 64 }, (_, i) => ((i % 8) + Math.floor(i / 8)) % 2);
  const half = P.resample(checker, 8, { x0: 0, y0: 0, x1: 8, y1: 8 }, 4, 4);
  for (const v of half) assert.ok(Math.abs(v - 0.5) < 1e-6, `2x2 blocks of a checkerboard average to 0.5, got ${v}`);
  const odd = P.resample(checker, 8, { x0: 0, y0: 0, x1: 8, y1: 8 }, 3, 3);
  assert.ok(Math.abs(odd.reduce((a, b) => a + b) / 9 - 0.5) < 0.02, "fractional spans keep the mean");
  const flat = P.resample(new Float32Array(16).fill(0.7), 4, { x0: 0, y0: 0, x1: 4, y1: 4 }, 13, 9);
  for (const v of flat) assert.ok(Math.abs(v - 0.7) < 1e-6);
});

test("a 2:1 frame ends centred by mass at pixel 14, its long side 20 px, aspect kept", () => {
  // Sides 20 px thick on a 160 px box: MNIST's stroke-to-size ratio, so no stroke adjustment.
  const frame = (x: number, y: number) => rect(40, 50, 200, 130)(x, y) - rect(60, 70, 180, 110)(x, y);
  const out = P.preprocessImage(image(300, 200, frame));
  assert.is(out.blank, false);
  const b = bbox28(out.pixels, 0.5);
  assert.is(b.w, 20, `width ${b.w}`);
  assert.is(b.h, 10, `height ${b.h}`);
  const [cx, cy] = P.centreOfMass(out.pixels, 28, 28);
  assert.ok(Math.abs(cx - 14.5) <= 0.5 && Math.abs(cy - 14.5) <= 0.5, `centre of mass ${cx}, ${cy}`);
});

test("placeByMass shifts a lopsided shape so its mass, not its box, is centred", () => {
  // An L: a heavy upright at the left, a thin foot; 14 wide, 20 tall.
  const small = new Float32Array(14 * 20);
  for (let y = 0; y < 20; y++) for (let x = 0; x < 14; x++) small[y * 14 + x] = x < 4 || y === 19 ? 1 : 0;
  const out = P.placeByMass(small, 14, 20);
  const [cx, cy] = P.centreOfMass(out, 28, 28);
  assert.ok(Math.abs(cx - 14.5) <= 0.5 && Math.abs(cy - 14.5) <= 0.5, `centre of mass ${cx}, ${cy}`);
  const b = bbox28(out);
  assert.equal([b.w, b.h], [14, 20], "nothing is cut off");
  assert.ok(b.x0 > 7, `the box sits right of centre (x0 ${b.x0}) because the mass is at its left`);
});

test("strokeWidth measures a bar's width; thin and bold pens are brought into MNIST's range", () => {
  const bar = Float32Array.from({ length: 80 * 80 }, (_, i) => (i % 80 >= 30 && i % 80 < 38 && i / 80 >= 5 && i / 80 < 75 ? 1 : 0));
  const w = P.strokeWidth(bar, 80, 80);
  assert.ok(Math.abs(w - 8) < 1, `bar of width 8 measured ${w}`);
  const hairline = Float32Array.from({ length: 80 * 80 }, (_, i) => (i % 80 === 40 && i / 80 >= 5 && i / 80 < 75 ? 1 : 0));
  const thick = P.adjustStroke(hairline, 80, 80);
  assert.ok(thick.width > 80, "grown ink gets a margin");
  const tw = P.strokeWidth(thick.ink, thick.width, thick.height);
  assert.ok(tw >= P.MNIST_STROKE.low && tw <= P.MNIST_STROKE.high, `a 1 px line becomes ${tw} px`);
  const slab = Float32Array.from({ length: 80 * 80 }, (_, i) => (i % 80 >= 20 && i % 80 < 60 && i / 80 >= 5 && i / 80 < 75 ? 1 : 0));
  const sw = P.strokeWidth(P.adjustStroke(slab, 80, 80).ink, 80, 80);
  assert.ok(sw < P.strokeWidth(slab, 80, 80), `a bold stroke is thinned (${sw})`);
  assert.is(P.adjustStroke(bar, 80, 80).ink, bar, "a stroke in range is left alone");
});

test("blank, flat and speck-only images are reported blank, never passed on as a digit", () => {
  const rng = new Rng(9);
  const cases = {
    "white page": image(50, 40, () => 0),
    "one flat colour": image(50, 40, () => 0, [0, 0, 0], [120, 30, 200]),
    "empty transparent canvas": image(64, 64, () => 0, [0, 0, 0], [0, 0, 0], 0),
    "paper with faint noise only": image(120, 120, () => rng.uniform() * 0.05),
    "1x1 pixel": image(1, 1, () => 0),
  };
  for (const [name, img] of Object.entries(cases)) {
    const out = P.preprocessImage(img);
    assert.is(out.blank, true, name);
    assert.match(out.reason ?? "", /no ink|empty/, name);
    assert.ok(out.pixels.every((v) => v === 0), `${name}: no pixels`);
  }
});

test("MNIST digits given as 28x28 images come back nearly unchanged", () => {
  const t = loadSplit("test");
  let total = 0;
  for (let n = 0; n < 60; n++) {
    const digit = t.images.subarray(n * 784, n * 784 + 784);
    const out = P.preprocessImage(image(28, 28, (x, y) => digit[y * 28 + x] / 255));
    total += meanAbs(out.pixels, Float32Array.from(digit, (v) => v / 255));
  }
  assert.ok(total / 60 < 0.04, `mean |diff| per pixel ${total / 60}`);
});

test("small digits cropped to their box (touching every edge, as in scanned data sets) keep their ink", () => {
  const t = loadSplit("test");
  for (let n = 0; n < 20; n++) {
    const src = Float32Array.from(t.images.subarray(n * 784, n * 784 + 784), (v) => v / 255);
    const small = P.resample(src, 28, { x0: 4, y0: 4, x1: 24, y1: 24 }, 16, 16);
    const out = P.preprocessImage(image(16, 16, (x, y) => small[y * 16 + x]));
    assert.is(out.blank, false, `digit ${n}`);
    // The strokes come back at full strength: the noise floor is not taken from ink touching the border.
    assert.ok(Math.max(...out.pixels) > 0.8, `digit ${n}: brightest pixel ${Math.max(...out.pixels)}`);
    assert.ok(out.pixels.reduce((a, b) => a + b) > 40, `digit ${n}: ink mass ${out.pixels.reduce((a, b) => a + b)}`);
  }
});

test("a digit cropped tight to its ink: a 1 filling half the border is dark on light, a 5's bar broken off at the edge stays", () => {
  // A 1 four pixels wide: its stroke runs along the whole left edge, the paper along the right.
  const one = P.readDigits(image(4, 16, (x, y) => (x < 2 || (x === 2 && y < 3) ? 1 : 0), [0, 0, 0], [245, 245, 245]));
  assert.is(one.inverted, false);
  assert.is(one.digits.length, 1, `a tight 1: ${one.reason ?? ""}`);
  assert.ok(one.digits[0].box[2] <= 3, `the 1 is the stroke, not the paper: box ${one.digits[0].box}`);
  // A 5 whose bar (along the top edge) is broken from its body (along the left edge and the bottom).
  const five = (x: number, y: number) =>
    (y < 3 && x >= 5) || (x < 3 && y >= 4 && y < 9) || (y >= 7 && y < 10 && x < 11) || (x >= 10 && x < 13 && y >= 7 && y < 17) || (y >= 14 && y < 17 && x < 13) ? 1 : 0;
  const read = P.readDigits(image(14, 17, five, [0, 0, 0], [240, 240, 240]));
  assert.is(read.digits.length, 1, `a tight 5: ${read.reason ?? ""}`);
  assert.equal(read.digits[0].box, [0, 0, 14, 17]);
});

test("a bold pen's filled loops, broader than the paper's closing, are ink, not paper", () => {
  // An 8 whose loops the pen filled: two solid discs, 110 px across, in a 320 x 360 picture.
  const disc = (cx: number, cy: number, r: number) => (x: number, y: number) => (Math.hypot(x + 0.5 - cx, y + 0.5 - cy) < r ? 1 : 0);
  const top = disc(170, 120, 50), bottom = disc(160, 215, 58);
  const read = P.readDigits(image(320, 360, (x, y) => Math.max(top(x, y), bottom(x, y))));
  assert.is(read.digits.length, 1, read.reason ?? "");
  const [x, y, w, h] = read.digits[0].box;
  assert.ok(Math.abs(x - 102) <= 2 && Math.abs(y - 70) <= 2 && Math.abs(w - 118) <= 3 && Math.abs(h - 203) <= 3, `box ${read.digits[0].box}`);
});

test("paper mostly in a deep shadow, lit along one side (no sheet on a desk), is dark ink on light paper, not light writing on dark", () => {
  // A 7 (a bar and a slanted stem) in the shadow; the lit paper is a band 15% of the picture wide.
  const width = 400, height = 300, rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const paper = x >= 340 ? 225 : 110;
      const bar = y >= 80 && y < 85 && x >= 130 && x < 210;
      const stem = y >= 80 && y < 210 && Math.abs(x - (208 - (y - 80) * 0.35)) < 2.5;
      const v = bar || stem ? 8 : paper;
      rgba.set([v, v, v, 255], (y * width + x) * 4);
    }
  }
  const read = P.readDigits({ width, height, rgba });
  assert.is(read.inverted, false);
  assert.is(read.digits.length, 1, read.reason ?? "");
  const [x, y, w, h] = read.digits[0].box;
  assert.ok(Math.abs(x - 130) <= 2 && Math.abs(y - 80) <= 2 && Math.abs(w - 84) <= 3 && Math.abs(h - 130) <= 3, `box ${read.digits[0].box}`);
});

test("a bold stroke over a dense faint grid that holds most of the ink is ink through its width: the grid does not set the stroke width", () => {
  // A 36 px bar, half the paper's brightness (not dark enough to be taken for a solid mark), over a grid
  // of 1 px lines every 10 px: at the grid's half-contrast the bar and the grid are one thin-looking part.
  const width = 640, height = 560, rgba = new Uint8Array(width * height * 4), rng = new Rng(5);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const grid = x % 10 === 0 || y % 10 === 0;
      const v = (grid ? 160 : 205 - 0.04 * x) + (rng.uniform() - 0.5) * 6;
      const bar = Math.abs(x - 320) < 18 && Math.abs(y - 280) < 110;
      rgba.set(bar ? [90, 90, 140, 255] : [v, v, v + 4, 255], (y * width + x) * 4);
    }
  }
  const field = P.findInk({ width, height, rgba });
  let inked = 0, cells = 0;
  // Between the grid lines (which are divided out, bar or not), the bar's pixels are ink.
  for (let y = 200; y < 360; y++) for (let x = 310; x < 330; x++) if (x % 10 > 1 && x % 10 < 9 && y % 10 > 1 && y % 10 < 9) { cells++; if (field.ink[y * width + x] > 0.5) inked++; }
  assert.ok(inked > 0.9 * cells, `${inked} of ${cells} pixels inside the bar are ink`);
  const read = P.readDigits({ width, height, rgba });
  assert.is(read.digits.length, 1, read.reason ?? "");
  const [x, y, w, h] = read.digits[0].box;
  assert.ok(Math.abs(x - 303) <= 3 && Math.abs(y - 171) <= 3 && Math.abs(w - 35) <= 4 && Math.abs(h - 219) <= 4, `box ${read.digits[0].box}`);
});

test("neighbours whose boxes overlap but whose ink is apart are two digits; a digit broken in two is not a fragment of its neighbour", () => {
  // An L whose base runs under a 1 three quarters its height, 12 px below it (a line of digits rising to the right).
  const L = (x: number, y: number) => (x >= 100 && x < 108 && y >= 100 && y < 200) || (y >= 192 && y < 200 && x >= 100 && x < 180);
  const one = (x: number, y: number) => x >= 150 && x < 158 && y >= 110 && y < 180;
  const pair = P.readDigits(image(300, 260, (x, y) => (L(x, y) || one(x, y) ? 1 : 0)));
  assert.is(pair.digits.length, 2, `${pair.digits.map((d) => d.box.join(",")).join(" | ")} ${pair.reason ?? ""}`);
  // A tall 1, and beside it a digit broken across its middle: its halves make one digit of their own.
  const tall = (x: number, y: number) => x >= 60 && x < 68 && y >= 40 && y < 200;
  const upper = (x: number, y: number) => x >= 100 && x < 150 && y >= 70 && y < 128 && (y < 78 || x >= 142 || y >= 120);
  const lower = (x: number, y: number) => x >= 100 && x < 150 && y >= 134 && y < 190 && (y >= 182 || x >= 142 || y < 142);
  const broken = P.readDigits(image(300, 260, (x, y) => (tall(x, y) || upper(x, y) || lower(x, y) ? 1 : 0)));
  assert.is(broken.digits.length, 2, `${broken.digits.map((d) => d.box.join(",")).join(" | ")} ${broken.reason ?? ""}`);
  assert.equal(broken.digits[1].box, [100, 70, 50, 120]);
});

test("every PNG colour type, bit depth, interlace and tRNS decodes to the same 28x28 as the 8-bit grey original", () => {
  const digit = loadSplit("test").images.subarray(0, 784); // a 7
  // 4x enlarged, black on white, quantised to 2 levels so every format holds it exactly.
  const big = image(140, 120, (x, y) => (x >= 14 && x < 126 && y >= 4 && y < 116 ? (digit[Math.floor((y - 4) / 4) * 28 + Math.floor((x - 14) / 4)] > 127 ? 1 : 0) : 0));
  const reference = P.preprocessImage(decodePng(encodePng(big, { colorType: 0, bitDepth: 8 }))).pixels;
  const kinds: EncodeOptions[] = [...allKinds(), { colorType: 0, bitDepth: 8, transparentColor: [255, 255, 255] }, { colorType: 2, bitDepth: 16, transparentColor: [255, 255, 255] }];
  for (const kind of kinds) {
    const decoded = decodePng(encodePng(big, kind));
    assert.is(decoded.width, 140);
    const out = P.preprocessImage(decoded).pixels;
    assert.ok(meanAbs(out, reference) < 1e-6, `${JSON.stringify(kind)}: mean |diff| ${meanAbs(out, reference)}`);
  }
});

test("a large photo-sized image is shrunk first and still gives the digit in place", () => {
  const out = P.preprocessImage(image(3000, 2000, ring(2000, 700, 300, 60)));
  assert.is(out.blank, false);
  const b = bbox28(out.pixels, 0.5);
  assert.ok(b.w === 20 || b.h === 20, `box ${b.w}x${b.h}`);
  assert.is(P.shrinkFactor(3000, 2000), 3);
});

test.run();
