// cli/paths.ts through the built command: one rule for every output path. A --out FILE whose folder is
// missing is refused before any work and nothing is created; a --plots/--explain/--static DIR is created
// when only its last level is missing, and refused when its parent is missing too. The rule is in --help.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const home = mkdtempSync(join(tmpdir(), "wasm-digits-paths-"));
const cli = (...args: string[]) => spawnSync(process.execPath, ["dist/cli.js", ...args], { encoding: "utf8", env: { ...process.env, WASM_DIGITS_HOME: home } });
const example = "docs/examples/ballpoint-4.png";

function refused(r: ReturnType<typeof cli>, pattern: RegExp): void {
  assert.is(r.status, 1, r.stderr);
  assert.is(r.stderr.trim().split("\n").length, 1, r.stderr);
  assert.match(r.stderr, pattern);
}

test("--out FILE into a missing folder: refused with the folder's name, before any work, nothing created", () => {
  const missing = join(home, "no-such-folder");
  refused(cli("samples", "--out", join(missing, "deeper", "x.png")), /x\.png: cannot write there: the folder .*no-such-folder\/deeper does not exist/);
  refused(cli("train", "--out", join(missing, "m.safetensors")), /m\.safetensors: cannot write there: the folder .*no-such-folder does not exist/);
  assert.not.ok(existsSync(missing), "no folder was created");
  const file = join(home, "a-file");
  writeFileSync(file, "x");
  refused(cli("samples", "--out", join(file, "x.png")), /a-file is a file, not a folder/);
  refused(cli("train", "--out", home), /is a folder; --out takes a file name/);
});

test("a DIR is created when its parent exists, refused when the parent is missing too", () => {
  const fresh = join(home, "seen");
  const ok = cli("predict", "--model", "pretrained", "--explain", fresh, example);
  assert.is(ok.status, 0, ok.stderr);
  assert.equal(readdirSync(fresh).sort(), ["ballpoint-4.seen-x10.png", "ballpoint-4.seen.png"]);
  const deep = join(home, "missing-parent", "seen");
  refused(cli("predict", "--model", "pretrained", "--explain", deep, example), /seen: cannot create it: its parent folder .*missing-parent does not exist/);
  refused(cli("train", "--plots", deep), /cannot create it: its parent folder .*missing-parent does not exist/);
  refused(cli("demo", "--static", deep), /cannot create it: its parent folder .*missing-parent does not exist/);
  assert.not.ok(existsSync(join(home, "missing-parent")), "no parent folder was created");
});

test("every command that writes says the rule in its --help", () => {
  for (const command of ["train", "eval", "samples", "predict", "demo"]) {
    assert.match(cli(command, "--help").stdout, /a FILE's folder must exist; a DIR is created if missing, but not its parent/, command);
  }
});

test.run();
