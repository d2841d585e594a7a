// `train --plots DIR` and `eval --plots DIR` through the built command: which PNGs are written, that each
// decodes to the size its layout promises, and that the heatmap's cells carry the colours of the confusion
// matrix the same run printed as JSON.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodePng } from "../../bindings/image/png.js";
import { blues } from "../../cli/pictures/colors.js";
import { curvesLayout } from "../../cli/pictures/curves.js";
import { heatmapLayout, shade } from "../../cli/pictures/heatmap.js";
import { weightsLayout } from "../../cli/pictures/tiles.js";

const home = mkdtempSync(join(tmpdir(), "wasm-digits-plots-"));
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ["dist/cli.js", ...args], { encoding: "utf8", env: { ...process.env, WASM_DIGITS_HOME: home } });
const model = join(home, "m.safetensors");

test("train --plots: heatmap, curves, confused pairs and weights, the heatmap coloured from the printed matrix", () => {
  const dir = join(home, "train-plots");
  const r = cli("train", "--epochs", "2", "--validation", "0.1", "--seed", "5", "--out", model, "--plots", dir, "--json");
  assert.is(r.status, 0, r.stderr);
  const summary = JSON.parse(r.stdout.trim().split("\n").pop()!);
  assert.equal(readdirSync(dir).sort(), ["confused.png", "confusion.png", "curves.png", "weights.png"]);
  for (const f of readdirSync(dir)) assert.match(r.stderr, new RegExp(`  ${join(dir, f)}\\n`), `${f} path printed`);

  const heat = decodePng(readFileSync(join(dir, "confusion.png")));
  const L = heatmapLayout(10, "subtitle");
  assert.equal([heat.width, heat.height], [L.width, L.height]);
  const max = Math.max(...summary.confusion.flat());
  for (let i = 0; i < 10; i++) {
    for (let j = 0; j < 10; j++) {
      const x = L.gridLeft + j * L.cell + 3, y = L.gridTop + i * L.cell + 3;
      const got = Array.from(heat.rgba.subarray((y * heat.width + x) * 4, (y * heat.width + x) * 4 + 3));
      assert.equal(got, [...blues(shade(summary.confusion[i][j], max))], `cell ${i},${j} (${summary.confusion[i][j]})`);
    }
  }
  const curves = decodePng(readFileSync(join(dir, "curves.png")));
  assert.equal([curves.width, curves.height], [curvesLayout("s").width, curvesLayout("s").height]);
  const weights = decodePng(readFileSync(join(dir, "weights.png")));
  assert.equal([weights.width, weights.height], [weightsLayout(784, 50, "dense_0.weight [784, 50], seed preset, 2 epochs, seed 5").width, weightsLayout(784, 50, "s").height]);
  const confused = decodePng(readFileSync(join(dir, "confused.png")));
  assert.ok(confused.width > 600 && confused.height > 8 * 56, `confused pairs: ${confused.width}x${confused.height}, eight rows of thumbnails`);
});

test("eval --plots: the same pictures but no curves (eval has no history); paths on stdout", () => {
  const dir = join(home, "eval-plots");
  const r = cli("eval", "--model", model, "--plots", dir);
  assert.is(r.status, 0, r.stderr);
  assert.equal(readdirSync(dir).sort(), ["confused.png", "confusion.png", "weights.png"]);
  assert.match(r.stdout, /pictures written:\n  .*confusion\.png/);
});

test("--plots naming a file fails at once, before any training, with one line naming it", () => {
  const file = join(home, "not-a-folder");
  writeFileSync(file, "x");
  const started = Date.now();
  const r = cli("train", "--plots", file, "--out", join(home, "never.safetensors"));
  assert.is(r.status, 1);
  assert.is(r.stderr.trim(), `wasm-digits: ${file}: is a file; --plots takes a folder`);
  assert.ok(Date.now() - started < 3000, "no training ran");
  assert.is(cli("eval", "--model", model, "--plots", file).status, 1);
});

test.run();
