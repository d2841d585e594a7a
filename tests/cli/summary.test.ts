// cli/summary.ts through the built command: the table for the shipped model read back column by column,
// --json agreeing with it, the default model, and a missing file as one line.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const home = mkdtempSync(join(tmpdir(), "wasm-digits-summary-"));
const cli = (...args: string[]) => spawnSync(process.execPath, ["dist/cli.js", "summary", ...args], { encoding: "utf8", env: { ...process.env, WASM_DIGITS_HOME: home } });

test("summary --model pretrained: one aligned row per layer, the total, and the same numbers in --json", () => {
  const r = cli("--model", "pretrained");
  assert.is(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.match(lines[0], /^model: pretrained \(release preset, test accuracy \d+\.\d\d%\)$/);
  const rows = lines.filter((l) => /^(input|dense_\d)\s/.test(l)).map((l) => l.split(/\s{2,}/));
  assert.equal(rows, [
    ["input", "Flatten", "(batch, 784)", "0", "-"],
    ["dense_0", "Dense", "(batch, 512)", "401,920", "relu"],
    ["dense_1", "Dense", "(batch, 256)", "131,328", "relu"],
    ["dense_2", "Dense", "(batch, 10)", "2,570", "softmax"],
  ]);
  assert.is(lines[lines.length - 1], "total: 535,818 parameters (2.0 MiB as F32)");
  const header = lines.find((l) => l.startsWith("layer"))!;
  const column = header.indexOf("parameters") + "parameters".length;
  for (const l of lines.filter((x) => /^(input|dense_\d)\s/.test(x))) assert.match(l.slice(column - 1, column), /\d/, "counts right-aligned under the header");

  const json = JSON.parse(cli("--model", "pretrained", "--json").stdout);
  assert.is(json.model, "pretrained");
  assert.is(json.totalParameters, 535_818);
  assert.equal(json.rows.map((x: { parameters: number }) => x.parameters), [0, 401_920, 131_328, 2_570]);
});

test("without --model: the pretrained model when nothing was trained; a missing file is one line, exit 1", () => {
  const r = cli();
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /^model: pretrained \(release preset/);
  const missing = cli("--model", join(home, "nope.safetensors"));
  assert.is(missing.status, 1);
  assert.match(missing.stderr.trim(), /^wasm-digits: .*nope\.safetensors: no such file$/);
});

test.run();
