// The command line on bad input: every mistake is one line on stderr, no stack trace, status 2 for wrong
// usage and 1 for anything else, and nothing good is lost (a failed save leaves the old model; a
// collapsed training run saves nothing). Also the library's refusal of a network too big for wasm memory.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFileAtomic } from "../../bindings/node/files.js";
import { defaultDataDir } from "../../bindings/node/data.js";
import { nodeEngine } from "../../bindings/node/files.js";
import { Network } from "../../bindings/engine/network.js";
import { denseArchitecture } from "../../bindings/engine/layers.js";

const home = mkdtempSync(join(tmpdir(), "wasm-digits-errors-"));
const cli = (...args: string[]) => spawnSync(process.execPath, ["dist/cli.js", ...args], { encoding: "utf8", env: { ...process.env, WASM_DIGITS_HOME: home } });

function oneLine(r: ReturnType<typeof cli>, status: number, pattern: RegExp): void {
  assert.is(r.status, status, `status for: ${r.stderr}`);
  const lines = r.stderr.trim().split("\n");
  assert.is(lines.length, 1, `one line: ${r.stderr}`);
  assert.match(lines[0], pattern);
  assert.not.match(r.stderr, /^\s+at /m, "no stack trace");
}

for (const [args, pattern] of [
  [["train", "--epochs", "0"], /--epochs must be between 1 and 1000, got 0/],
  [["train", "--epochs", "ten"], /--epochs takes a whole number, got 'ten'/],
  [["train", "--lr", "-1"], /--lr must be greater than 0/],
  [["train", "--lr", "abc"], /--lr takes a number/],
  [["train", "--batch", "100000000"], /--batch must be between 1 and 65536/],
  [["train", "--validation", "1.5"], /--validation must be at least 0 and at most 0.9/],
  [["train", "--preset", "huge"], /--preset must be one of seed, wide, release, got 'huge'/],
  [["train", "--preset", "toString"], /--preset must be one of seed, wide, release, got 'toString'/],
  [["train", "--preset", "__proto__"], /--preset must be one of seed, wide, release, got '__proto__'/],
  [["train", "--preset", "constructor"], /--preset must be one of seed, wide, release, got 'constructor'/],
  [["demo", "--host", ""], /--host needs an address/],
  [["train", "--epoch", "3"], /Unknown option '--epoch'/],
  [["train", "--out"], /train: --out needs a value/],
  [["train", "--epochs", "--out", "f.safetensors"], /train: --epochs needs a value/],
  [["eval", "--backend", "cuda"], /--backend must be one of auto, wasm, js/],
  [["predict", "--explain"], /predict: --explain needs a value/],
  [["samples", "--count", "-3"], /--count must be between 1 and 400/],
  [["demo", "--port", "70000"], /--port must be between 0 and 65535/],
  [["bench", "--time", "x"], /--time takes a whole number/],
  [["frobnicate"], /unknown command 'frobnicate'/],
] as [string[], RegExp][]) {
  test(`usage: ${args.join(" ")} exits 2 with one line`, () => oneLine(cli(...args), 2, pattern));
}

test("bad files exit 1 with one line naming the file", () => {
  const notModel = join(home, "notes.txt");
  writeFileSync(notModel, "hello, these are my notes about handwritten digits");
  oneLine(cli("eval", "--model", notModel), 1, /notes\.txt: not a usable model: not a safetensors file/);
  const truncated = join(home, "cut.safetensors");
  writeFileSync(truncated, readFileSync("models/pretrained.safetensors").subarray(0, 5000));
  oneLine(cli("predict", "--model", truncated, "docs/examples/ballpoint-4.png"), 1, /cut\.safetensors: not a usable model: the tensors cover|ends at byte/);
  oneLine(cli("eval", "--model", home), 1, /is a folder, not a model file/);
  oneLine(cli("train", "--data", join(home, "no-such-dir")), 1, /no-such-dir: no such folder/);
});

test("a failed save says why and leaves the previous file as it was", () => {
  const dir = join(home, "keep");
  mkdirSync(dir);
  const good = join(dir, "model.safetensors");
  writeFileSync(good, "previous model bytes");
  // The target is a folder: refused before anything is written.
  mkdirSync(join(dir, "folder.safetensors"));
  assert.throws(() => writeFileAtomic(join(dir, "folder.safetensors"), new Uint8Array(8)), /could not save: it is a folder, not a regular file; nothing was written/);
  assert.equal(readdirSync(dir).sort(), ["folder.safetensors", "model.safetensors"], "no temporary file left behind");
  assert.is(readFileSync(good, "utf8"), "previous model bytes");
  const fileAsFolder = join(dir, "model.safetensors", "inner.safetensors");
  assert.throws(() => writeFileAtomic(fileAsFolder, new Uint8Array(8)), /could not save: part of the path is a file, not a folder/);
  assert.is(readFileSync(good, "utf8"), "previous model bytes");
});

test("train --out /dev/null, a folder or a pipe is refused before training, and /dev/null stays a device", () => {
  const t0 = performance.now();
  oneLine(cli("train", "--out", "/dev/null"), 1, /^wasm-digits: \/dev\/null: could not save: it is a character device, not a regular file; nothing was written$/);
  assert.ok(performance.now() - t0 < 10_000, "refused before loading data or training");
  assert.ok(lstatSync("/dev/null").isCharacterDevice());
  oneLine(cli("train", "--out", home), 1, /is a folder; --out takes a file name/);
  const pipe = join(home, "pipe.safetensors");
  spawnSync("mkfifo", [pipe]);
  oneLine(cli("train", "--out", pipe), 1, /pipe\.safetensors: could not save: it is a named pipe \(FIFO\), not a regular file; nothing was written/);
});

test("an empty test set: train says so naming the folder; eval --json is an error, not accuracy 0", () => {
  const data = join(home, "empty-test");
  mkdirSync(data);
  const mnist = defaultDataDir();
  for (const f of ["train-images-idx3-ubyte", "train-labels-idx1-ubyte"]) copyFileSync(join(mnist, f), join(data, f));
  writeFileSync(join(data, "t10k-images-idx3-ubyte"), Uint8Array.of(0, 0, 8, 3, 0, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 28));
  writeFileSync(join(data, "t10k-labels-idx1-ubyte"), Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 0));
  const empty = new RegExp(`${data}: the test set is empty \\(t10k-images-idx3-ubyte holds no images\\)$`);
  oneLine(cli("train", "--data", data, "--epochs", "1", "--out", join(home, "never.safetensors")), 1, empty);
  const r = cli("eval", "--json", "--data", data, "--model", "models/pretrained.safetensors");
  oneLine(r, 1, empty);
  assert.is(r.stdout, "", "no JSON with a made-up accuracy");
});

test("training that collapses (learning rate 1) stops with a clear message and saves nothing", () => {
  const out = join(home, "collapsed.safetensors");
  writeFileSync(out, "the model that was there before");
  const r = cli("train", "--preset", "wide", "--lr", "1", "--epochs", "1", "--out", out);
  assert.is(r.status, 1);
  assert.match(r.stderr, /training (failed|diverged).*nothing was saved/);
  assert.is(readFileSync(out, "utf8"), "the model that was there before");
});

test("a network too large for wasm memory is refused before training, with a clear message", async () => {
  const engine = await nodeEngine("wasm");
  assert.throws(() => new Network(engine, denseArchitecture(784, [2_000_000], 10, "softmax"), { batch: 64 }), /needs \d+ MiB of wasm memory, more than this engine allows/);
});

test.run();
