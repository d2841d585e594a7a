// cli/pictures/*: the canvas, the bitmap font, the colour scales and each chart, checked pixel by pixel on
// small known inputs, and every PNG decoded back with the project's own decoder. The train/eval --plots
// runs through the built command are in pictures-plots.test.ts.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { decodePng } from "../../bindings/image/png.js";
import { Canvas, INK, WHITE, rotateLeft, type Rgb } from "../../cli/pictures/canvas.js";
import { blues, blueWhiteRed, luminance, SERIES } from "../../cli/pictures/colors.js";
import { niceTicks, plural, tickLabel } from "../../cli/pictures/numbers.js";
import { curvesLayout, trainingCurves } from "../../cli/pictures/curves.js";
import { ADVANCE, CAP_HEIGHT, GLYPH_ROWS, hasGlyph, textMask, textOrigin, textWidth, type TextOptions } from "../../cli/pictures/font.js";
import { confusionHeatmap, heatmapLayout, shade } from "../../cli/pictures/heatmap.js";
import { encodePng } from "../../cli/pictures/png.js";
import { confusedPairs, gridLayout, mostConfused, sampleGrid, weightsLayout, weightTiles } from "../../cli/pictures/tiles.js";
import { confusionTable } from "../../cli/report.js";

/** True when `text` is drawn at (x, y) exactly: ink where the glyph mask is set, `paper` elsewhere in its box. */
function readsAs(canvas: Canvas, x: number, y: number, text: string, options: TextOptions, ink: Rgb, paper: Rgb): boolean {
  const mask = textMask(text, options.scale ?? 1);
  const { left, top } = textOrigin(x, y, text, options);
  for (let my = 0; my < mask.height; my++) {
    for (let mx = 0; mx < mask.width; mx++) {
      const want = mask.alpha[my * mask.width + mx] > 0 ? ink : paper;
      const got = canvas.get(left + mx, top + my);
      if (got.some((v, c) => v !== want[c])) return false;
    }
  }
  return true;
}

const same = (a: Rgb, b: Rgb) => a.every((v, c) => v === b[c]);

test("font: every digit and letter has its own glyph; digits at least 5 pixels apart, letters at least 2", () => {
  const chars = [..."0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"];
  for (const ch of chars) assert.ok(hasGlyph(ch), `glyph for '${ch}'`);
  const masks = chars.map((ch) => textMask(ch).alpha);
  for (let i = 0; i < chars.length; i++) {
    assert.ok(masks[i].some((a) => a > 0), `'${chars[i]}' has ink`);
    for (let j = i + 1; j < chars.length; j++) {
      let differ = 0;
      for (let k = 0; k < masks[i].length; k++) if (masks[i][k] !== masks[j][k]) differ++;
      // Digits carry the numbers, so they must never be near misses; among letters h/n differ only by the
      // ascender (2 pixels), which is how they differ in print too.
      const need = i < 10 && j < 10 ? 5 : 2;
      assert.ok(differ >= need, `'${chars[i]}' and '${chars[j]}' differ in only ${differ} pixels`);
    }
  }
});

test("font: sizes scale by whole factors, descenders below the baseline, unknown characters as a box", () => {
  assert.is(textWidth("97.50%"), 6 * ADVANCE - 1);
  const m = textMask("42", 3);
  assert.equal([m.width, m.height], [(2 * ADVANCE - 1) * 3, GLYPH_ROWS * 3]);
  // "1" at scale 2: the stem (column 2) is ink in a 2x2 square for each font pixel.
  const one = textMask("1", 2);
  assert.is(one.alpha[3 * one.width + 4], 1);
  assert.is(one.alpha[3 * one.width + 5], 1);
  const below = (ch: string) => textMask(ch).alpha.slice(CAP_HEIGHT * 5).some((a) => a > 0);
  assert.ok(below("g") && below("y") && below("p"), "g, y, p reach below the baseline");
  assert.not.ok(below("a") || below("7"), "a and 7 sit on it");
  const box = textMask("\u2603").alpha;
  assert.ok(box[0] === 1 && box[4] === 1 && box[6 * 5] === 1 && box[2 * 5 + 2] === 0, "hollow box for a missing glyph");
});

test("canvas: rectangles, blending, anti-aliased lines and the quarter turn", () => {
  const c = new Canvas(20, 10);
  assert.equal(c.get(0, 0), WHITE);
  c.fillRect(2, 2, 3, 3, [255, 0, 0]);
  assert.equal(c.get(2, 2), [255, 0, 0]);
  assert.equal(c.get(5, 2), WHITE);
  c.blend(10, 1, [0, 0, 0], 0.5);
  assert.equal(c.get(10, 1), [128, 128, 128]);
  c.line(0, 7.5, 20, 7.5, [0, 0, 255], 1);
  assert.equal(c.get(10, 7), [0, 0, 255], "on the line: full colour");
  assert.equal(c.get(10, 5), WHITE, "two pixels away: untouched");
  const r = rotateLeft({ width: 3, height: 2, alpha: Float32Array.from([1, 0, 0, 0, 0, 0]) });
  assert.equal([r.width, r.height], [2, 3]);
  assert.is(r.alpha[2 * 2 + 0], 1, "the first character ends up at the bottom left (text reads upwards)");
  assert.throws(() => new Canvas(0, 5), /whole positive size/);
});

test("colours: the blue scale darkens monotonically; the diverging one is white at 0", () => {
  let last = Infinity;
  for (let t = 0; t <= 1.0001; t += 0.05) {
    const l = luminance(blues(t));
    assert.ok(l < last, `lightness falls at t=${t.toFixed(2)}`);
    last = l;
  }
  assert.equal(blueWhiteRed(0), [247, 247, 247]);
  const [red, blue] = [blueWhiteRed(1), blueWhiteRed(-1)];
  assert.ok(red[0] > red[2] && blue[2] > blue[0], "+1 is red, -1 is blue");
});

test("nice ticks: round steps covering the range, labels without float noise", () => {
  assert.equal(niceTicks(0, 0.45, 5), { ticks: [0, 0.1, 0.2, 0.3, 0.4], step: 0.1 });
  assert.equal(niceTicks(88, 100, 5).ticks, [90, 95, 100]);
  assert.is(tickLabel(0.30000000000000004, 0.1), "0.3");
  assert.is(tickLabel(95, 5), "95");
});

test("plural: one epoch, many epochs, counts with thousands separators", () => {
  assert.is(plural(1, "epoch"), "1 epoch");
  assert.is(plural(0, "epoch"), "0 epochs");
  assert.is(plural(60000, "image"), "60,000 images");
  assert.is(plural(2, "box", "boxes"), "2 boxes");
});

test("PNG: encode then decode gives back the canvas, size and pixels", () => {
  const c = new Canvas(37, 23);
  c.fillRect(5, 5, 10, 10, [12, 200, 99]);
  for (let x = 0; x < 37; x++) c.blend(x, 20, [x * 6, 0, 255 - x * 6], 1);
  const png = decodePng(encodePng(c));
  assert.equal([png.width, png.height], [37, 23]);
  assert.equal(Array.from(png.rgba), Array.from(c.rgba));
});

// A known matrix: the diagonal holds the big counts, one large mistake (19), zeros elsewhere.
const KNOWN = [
  [967, 0, 2],
  [19, 1135, 0],
  [1, 7, 1000],
];

test("heatmap: each cell's fill is the log scale of its count, the diagonal darkest, counts written in", () => {
  const canvas = confusionHeatmap(KNOWN, { subtitle: "three classes" });
  const L = heatmapLayout(3, "three classes");
  assert.equal([canvas.width, canvas.height], [L.width, L.height]);
  const png = decodePng(encodePng(canvas));
  assert.equal([png.width, png.height], [L.width, L.height], "decoded PNG size");
  const cellColor = (i: number, j: number) => canvas.get(L.gridLeft + j * L.cell + 3, L.gridTop + i * L.cell + 3);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      const n = KNOWN[i][j];
      assert.equal(cellColor(i, j), blues(shade(n, 1135)), `cell ${i},${j} colour for ${n}`);
      const x = L.gridLeft + j * L.cell + L.cell / 2, y = L.gridTop + i * L.cell + L.cell / 2;
      const opts: TextOptions = { scale: 2, align: "center", baseline: "middle" };
      const ink = n === 0 ? [200, 205, 212] as const : luminance(cellColor(i, j)) > 0.5 ? [20, 20, 20] as const : [255, 255, 255] as const;
      assert.ok(readsAs(canvas, x, y, String(n), opts, ink, cellColor(i, j)), `cell ${i},${j} reads ${n}`);
      if (n === 19) assert.not.ok(readsAs(canvas, x, y, "18", opts, ink, cellColor(i, j)), "and not 18: the check can fail");
    }
  }
  // Darkness follows the counts: sort cells by count, lightness must not rise.
  const cells = KNOWN.flatMap((row, i) => row.map((n, j) => ({ n, l: luminance(cellColor(i, j)) }))).sort((a, b) => a.n - b.n);
  for (let k = 1; k < cells.length; k++) assert.ok(cells[k].l <= cells[k - 1].l, `count ${cells[k].n} at least as dark as ${cells[k - 1].n}`);
  assert.ok(same(cellColor(1, 1), blues(1)), "the largest count gets the darkest colour");
  // Axis labels: digit k to the left of row k and under column k.
  for (let k = 0; k < 3; k++) {
    assert.ok(readsAs(canvas, L.gridLeft - 10, L.gridTop + k * L.cell + L.cell / 2, String(k), { scale: 2, align: "right", baseline: "middle" }, INK, WHITE), `row label ${k}`);
    assert.ok(readsAs(canvas, L.gridLeft + k * L.cell + L.cell / 2, L.gridTop + 3 * L.cell + 10, String(k), { scale: 2, align: "center" }, INK, WHITE), `column label ${k}`);
  }
  assert.throws(() => confusionHeatmap([[1, 2]]), /square/);
});

const history = [0.35, 0.16, 0.12].map((loss, i) => ({
  epoch: i + 1, loss, accuracy: [0.9, 0.95, 0.965][i], valLoss: loss + 0.05, valAccuracy: [0.92, 0.955, 0.96][i], seconds: 0.5, samplesPerSecond: 1e5,
}));

test("curves: both series drawn in their colours; no validation colour when there is no validation", () => {
  const count = (c: Canvas, color: Rgb) => { let n = 0; for (let y = 0; y < c.height; y++) for (let x = 0; x < c.width; x++) if (same(c.get(x, y), color)) n++; return n; };
  const withVal = trainingCurves(history, { testAccuracy: 0.96 });
  assert.equal([withVal.width, withVal.height], [curvesLayout().width, curvesLayout().height]);
  assert.ok(count(withVal, SERIES[0]) > 100 && count(withVal, SERIES[1]) > 100, "train and validation lines");
  const trainOnly = trainingCurves(history.map(({ valLoss: _l, valAccuracy: _a, ...e }) => e));
  assert.ok(count(trainOnly, SERIES[0]) > 100);
  assert.is(count(trainOnly, SERIES[1]), 0, "no orange without validation");
  assert.throws(() => trainingCurves([]), /no epochs/);
});

/** A 28x28 image with a filled square of ink, so a tile is easy to recognise. */
function square(side = 28): Uint8Array {
  const px = new Uint8Array(side * side);
  for (let y = 8; y < 20; y++) for (let x = 8; x < 20; x++) px[y * side + x] = 255;
  return px;
}

test("sample grid: one inked tile per sample, its label under it, nothing in the spare slots", () => {
  const samples = Array.from({ length: 7 }, (_, i) => ({ pixels: square(), label: (i * 3) % 10 }));
  const canvas = sampleGrid(samples, { subtitle: "seven" });
  const L = gridLayout(7, 28, 2, 12, "seven");
  assert.equal([L.cols, L.rows], [3, 3]);
  assert.equal([canvas.width, canvas.height], [L.width, L.height]);
  for (let slot = 0; slot < L.cols * L.rows; slot++) {
    const x = L.left + (slot % L.cols) * L.pitchX, y = L.top + Math.floor(slot / L.cols) * L.pitchY;
    const centre = canvas.get(x + L.tile / 2, y + L.tile / 2);
    if (slot < 7) {
      assert.equal(centre, [0, 0, 0], `tile ${slot} shows its ink (dark on white)`);
      assert.ok(readsAs(canvas, x + L.tile / 2, y + L.tile + 8, String(samples[slot].label), { scale: 2, align: "center" }, INK, WHITE), `label of tile ${slot}`);
    } else {
      assert.equal(centre, WHITE, `slot ${slot} is empty`);
    }
  }
});

test("most confused: off-diagonal cells, largest first, with the row's support", () => {
  assert.equal(mostConfused(KNOWN, 2), [
    { actual: 1, predicted: 0, count: 19, support: 1154 },
    { actual: 2, predicted: 1, count: 7, support: 1008 },
  ]);
  const canvas = confusedPairs([{ actual: 1, predicted: 0, count: 19, support: 1154, images: [square(), square()] }]);
  const png = decodePng(encodePng(canvas));
  assert.equal([png.width, png.height], [canvas.width, canvas.height]);
  assert.ok(canvas.height < 200, "one row of thumbnails");
});

test("weights: one tile per unit, red where the weight is the unit's largest positive, blue at its most negative", () => {
  const inputs = 16, units = 3;
  const w = new Float32Array(inputs * units);
  // Unit 1: +2 at input 5 (row 1, col 1), -2 at input 10 (row 2, col 2), small elsewhere.
  for (let i = 0; i < inputs; i++) w[i * units + 1] = 0.01;
  w[5 * units + 1] = 2; w[10 * units + 1] = -2;
  const canvas = weightTiles(w, inputs, units, { subtitle: "test" });
  const L = weightsLayout(inputs, units, "test");
  assert.equal([canvas.width, canvas.height], [L.width, L.height]);
  const { x, y } = L.origin(1);
  const at = (i: number) => canvas.get(x + (i % 4) * L.scale + 1, y + Math.floor(i / 4) * L.scale + 1);
  assert.equal(at(5), blueWhiteRed(1));
  assert.equal(at(10), blueWhiteRed(-1));
  assert.equal(at(0), blueWhiteRed(0.005));
  assert.throws(() => weightTiles(new Float32Array(10), 10, 1), /square input/);
});

test("terminal confusion matrix: shaded cells on colour terminals, plain text otherwise", () => {
  const plain = confusionTable(KNOWN, false);
  assert.not.match(plain, /\x1b\[/);
  assert.match(plain, /1135/);
  const colour = confusionTable(KNOWN, true);
  assert.is(colour.replace(/\x1b\[[0-9;]*m/g, ""), plain, "same text once the colour codes are removed");
  // Each cell's background (xterm 256-colour cube) back to RGB: darker must mean a larger count.
  const cells = [...colour.matchAll(/\x1b\[([0-9;]*)m\s*(\d+)\x1b\[0m/g)].map(([, codes, n]) => ({ codes, n: Number(n) }));
  assert.is(cells.length, 9, "every cell styled");
  const cube = (codes: string) => {
    const k = Number(/48;5;(\d+)/.exec(codes)![1]) - 16;
    const level = [0, 95, 135, 175, 215, 255];
    return luminance([level[Math.floor(k / 36)], level[Math.floor((k % 36) / 6)], level[k % 6]]);
  };
  for (const c of cells) if (c.n === 0) assert.is(c.codes, "2", "zeros dimmed, not shaded");
  const shaded = cells.filter((c) => c.n > 0).sort((a, b) => a.n - b.n);
  for (let k = 1; k < shaded.length; k++) assert.ok(cube(shaded[k].codes) <= cube(shaded[k - 1].codes), `${shaded[k].n} at least as dark as ${shaded[k - 1].n}`);
  assert.ok(cube(shaded[shaded.length - 1].codes) < 0.3 && cube(shaded[0].codes) > 0.7, "diagonal dark, a single mistake light");
});

test.run();
