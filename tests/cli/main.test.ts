// cli/main.ts: dispatch and help. `help COMMAND` is that command's --help; `help` alone is the overview;
// an unknown command, with or without `help`, exits 2 with one line.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";

const cli = (...args: string[]) => spawnSync(process.execPath, ["dist/cli.js", ...args], { encoding: "utf8" });

test("help COMMAND prints that command's help, the same text as COMMAND --help", () => {
  for (const command of ["train", "eval", "predict", "samples", "bench", "demo"]) {
    const r = cli("help", command);
    assert.is(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^Usage: wasm-digits ${command}\\b`), command);
    assert.is(r.stdout, cli(command, "--help").stdout, command);
  }
});

test("help alone lists the commands; an unknown command exits 2 with one line", () => {
  const overview = cli("help");
  assert.is(overview.status, 0);
  assert.match(overview.stdout, /Commands:\n  train /);
  for (const args of [["help", "frobnicate"], ["frobnicate"]]) {
    const r = cli(...args);
    assert.is(r.status, 2);
    assert.match(r.stderr.trim(), /^wasm-digits: unknown command 'frobnicate' \(commands: train, eval/);
    assert.is(r.stderr.trim().split("\n").length, 1);
  }
});

test.run();
