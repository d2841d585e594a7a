// cli/blocks.ts: a grey image drawn in the terminal. Each pixel's shade is read back from the text, in
// both the plain (shade characters) and the colour (half blocks, 24-bit grey escapes) forms.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { renderBlocks } from "../../cli/blocks.js";

const image = Float32Array.from({ length: 6 * 4 }, (_, i) => (i % 6) / 5); // columns 0, 0.2, ..., 1

test("plain form: a frame, two characters per pixel, darker to brighter shades left to right", () => {
  const lines = renderBlocks(image, 6, 4).split("\n");
  assert.is(lines.length, 4 + 2);
  assert.is(lines[0], "+------------+");
  for (const line of lines.slice(1, -1)) {
    const cells = [...line.slice(1, -1)];
    assert.is(cells.length, 12);
    const shades = [0, 2, 4, 6, 8, 10].map((c) => " ░▒▓█".indexOf(cells[c]));
    assert.equal(shades, [0, 1, 2, 3, 3, 4].map((_, i) => Math.round((i / 5) * 4)));
    for (let c = 0; c < 12; c += 2) assert.is(cells[c], cells[c + 1], "pixels are two characters wide");
  }
});

test("colour form: one half block per two pixel rows, top pixel as foreground, bottom as background", () => {
  const tall = Float32Array.from({ length: 2 * 3 }, (_, i) => (i < 2 ? 1 : i < 4 ? 0 : 0.5)); // rows 1, 0, 0.5
  const lines = renderBlocks(tall, 2, 3, { color: true }).split("\n");
  assert.is(lines.length, 2);
  assert.match(lines[0], /^(\x1b\[38;2;255;255;255m\x1b\[48;2;0;0;0m▀){2}\x1b\[0m$/);
  assert.match(lines[1], /^(\x1b\[38;2;128;128;128m\x1b\[48;2;0;0;0m▀){2}\x1b\[0m$/, "an odd last row has black below");
});

test("samples --terminal draws MNIST images with their labels and writes no file", () => {
  const r = spawnSync(process.execPath, ["dist/cli.js", "samples", "--terminal", "--count", "2", "--digit", "7", "--set", "test"], { encoding: "utf8" });
  assert.is(r.status, 0, r.stderr);
  const labels = r.stdout.match(/^label \d$/gm);
  assert.equal(labels, ["label 7", "label 7"]);
  assert.is(r.stdout.split("\n").filter((l) => l.startsWith("|")).length, 2 * 28);
  assert.match(r.stdout, /█/);
});

test.run();
