// cli/samples.ts through the built command: the PNG decodes to the grid size for the requested count, each
// tile's label matches the data set's label for the image drawn there, a seed picks the same images every
// time, --digit keeps one class, and wrong usage exits 2 with one line.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodePng } from "../../bindings/image/png.js";
import { loadSplit } from "../../bindings/node/data.js";
import { INK, WHITE } from "../../cli/pictures/canvas.js";
import { textMask, textOrigin } from "../../cli/pictures/font.js";
import { gridLayout } from "../../cli/pictures/tiles.js";

const dir = mkdtempSync(join(tmpdir(), "wasm-digits-samples-"));
const cli = (...args: string[]) => spawnSync(process.execPath, ["dist/cli.js", "samples", ...args], { encoding: "utf8" });

interface Tile { label: number | undefined; pixels: number[] }

/** Reads back every tile of a samples PNG: the 28x28 image (undoing the 2x scale) and which digit its label shows. */
function readTiles(file: string, count: number, subtitle: string): Tile[] {
  const png = decodePng(readFileSync(file));
  const L = gridLayout(count, 28, 2, 12, subtitle);
  assert.equal([png.width, png.height], [L.width, L.height], "PNG size is the grid for this count");
  const rgb = (x: number, y: number) => Array.from(png.rgba.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 3));
  const tiles: Tile[] = [];
  for (let slot = 0; slot < L.cols * L.rows; slot++) {
    const x = L.left + (slot % L.cols) * L.pitchX, y = L.top + Math.floor(slot / L.cols) * L.pitchY;
    const pixels: number[] = [];
    for (let py = 0; py < 28; py++) for (let px = 0; px < 28; px++) pixels.push(255 - rgb(x + px * 2, y + py * 2)[0]);
    const label = [...Array(10).keys()].find((d) => {
      const mask = textMask(String(d), 2);
      const { left, top } = textOrigin(x + L.tile / 2, y + L.tile + 8, String(d), { scale: 2, align: "center" });
      for (let i = 0; i < mask.alpha.length; i++) {
        const want = mask.alpha[i] > 0 ? INK : WHITE;
        if (rgb(left + (i % mask.width), top + Math.floor(i / mask.width)).some((v, c) => v !== want[c])) return false;
      }
      return true;
    });
    tiles.push({ label, pixels });
  }
  return tiles;
}

const train = loadSplit("train");
const findImage = (pixels: number[]) => {
  for (let i = 0; i < train.count; i++) {
    const img = train.images.subarray(i * 784, (i + 1) * 784);
    if (img.every((v, k) => v === pixels[k])) return i;
  }
  return -1;
};

test("samples --count 7: a 3x3 grid, seven tiles each showing a training image with its own label", () => {
  const out = join(dir, "seven.png");
  const r = cli("--count", "7", "--seed", "3", "--out", out);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /wrote 7 samples to .*seven\.png/);
  const tiles = readTiles(out, 7, "7 random train images (seed 3), label under each");
  for (const [slot, t] of tiles.entries()) {
    if (slot >= 7) {
      assert.is(t.label, undefined, `slot ${slot} has no label`);
      assert.ok(t.pixels.every((v) => v === 0), `slot ${slot} is blank`);
      continue;
    }
    const index = findImage(t.pixels);
    assert.ok(index >= 0, `tile ${slot} is a training image`);
    assert.is(t.label, train.labels[index], `tile ${slot}: label ${t.label} is the data set's ${train.labels[index]}`);
  }
});

test("the same seed picks the same images; another seed others", () => {
  const [a, b, c] = ["a.png", "b.png", "c.png"].map((f) => join(dir, f));
  assert.is(cli("--count", "5", "--seed", "11", "--out", a).status, 0);
  assert.is(cli("--count", "5", "--seed", "11", "--out", b).status, 0);
  assert.is(cli("--count", "5", "--seed", "12", "--out", c).status, 0);
  assert.equal(readFileSync(a), readFileSync(b));
  assert.not.equal(readFileSync(a), readFileSync(c));
});

test("--digit 4 --set test: every tile labelled 4", () => {
  const out = join(dir, "fours.png");
  const r = cli("--digit", "4", "--set", "test", "--count", "12", "--out", out);
  assert.is(r.status, 0, r.stderr);
  const tiles = readTiles(out, 12, "12 random test images of digit 4 (seed 1), label under each");
  assert.equal(tiles.map((t) => t.label), Array(12).fill(4));
});

test("wrong usage exits 2 with one line naming the option; a bad data folder exits 1 naming it", () => {
  const cases: [string[], RegExp][] = [
    [["--count", "0"], /--count must be between 1 and 400, got 0/],
    [["--digit", "12"], /--digit must be between 0 and 9, got 12/],
    [["--set", "valid"], /--set must be one of train, test/],
    [["--out", join(dir, "x.jpg")], /--out must name a \.png file/],
    [["--colour"], /Unknown option '--colour'/],
  ];
  for (const [args, message] of cases) {
    const r = cli(...args);
    assert.is(r.status, 2, args.join(" "));
    assert.match(r.stderr, message);
    assert.is(r.stderr.trim().split("\n").length, 1, "one line");
  }
  const notDir = join(dir, "file");
  writeFileSync(notDir, "x");
  const r = cli("--data", notDir, "--out", join(dir, "never.png"));
  assert.is(r.status, 1);
  assert.match(r.stderr, new RegExp(`${notDir}: is not a folder`));
  assert.not.match(r.stderr, /at .*\.js/, "no stack trace");
  assert.is(cli("--help").status, 0);
});

test.run();
