// cli/train.ts and cli/eval.ts through the built command: the --json contract, the saved safetensors file
// read back, eval agreeing with train, and wrong usage exiting 2 with one line.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { defaultDataDir } from "../../bindings/node/data.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeSafetensors } from "../../bindings/model/safetensors.js";

const home = mkdtempSync(join(tmpdir(), "wasm-digits-cli-"));
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ["dist/cli.js", ...args], { encoding: "utf8", env: { ...process.env, WASM_DIGITS_HOME: home } });

test("train --json: summary as the last stdout line, model saved as safetensors [784,50] [50,50] [50,10]", () => {
  const out = join(home, "seed.safetensors");
  const r = cli("train", "--epochs", "1", "--seed", "3", "--out", out, "--json");
  assert.is(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.is(lines.length, 1, "with --json stdout holds only the summary");
  assert.match(r.stderr, /batch 32, 1 epoch\n/, "one epoch, singular");
  assert.match(r.stderr, /\ndense_2\s+Dense\s+\(batch, 10\)\s+510\s+sigmoid\n/, "the layer table when training starts");
  const summary = JSON.parse(lines[lines.length - 1]);
  assert.is(summary.epochs, 1);
  assert.ok(summary.testAccuracy > 0.9 && summary.testAccuracy < 1, `testAccuracy ${summary.testAccuracy}`);
  assert.ok(summary.seconds > 0 && summary.samplesPerSecond > 1000, "timing fields");
  assert.is(summary.confusion.length, 10);
  const { tensors, metadata } = decodeSafetensors(readFileSync(out));
  assert.equal(tensors.map((t) => [t.name, t.shape]), [
    ["dense_0.weight", [784, 50]], ["dense_0.bias", [50]], ["dense_1.weight", [50, 50]], ["dense_1.bias", [50]],
    ["dense_2.weight", [50, 10]], ["dense_2.bias", [10]],
  ]);
  assert.is(metadata.preset, "seed");
  assert.is(JSON.parse(metadata.layers)[2].activation, "sigmoid");

  const e = cli("eval", "--model", out, "--json");
  assert.is(e.status, 0, e.stderr);
  const evaluation = JSON.parse(e.stdout.trim().split("\n").pop()!);
  assert.is(evaluation.accuracy, summary.testAccuracy, "eval reproduces train's test accuracy");
  assert.equal(evaluation.confusion, summary.confusion);
});

test("train without --out saves to the default place, which eval reads", () => {
  const r = cli("train", "--epochs", "1", "--seed", "2");
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /test accuracy \d+\.\d+%/);
  assert.match(r.stdout, new RegExp(`model saved to ${join(home, "model.safetensors").replace(/[.]/g, "\\.")}`));
  const e = cli("eval");
  assert.is(e.status, 0, e.stderr);
  assert.match(e.stdout, /actual \\ predicted/);
});

test("--data takes any IDX folder, gzipped files included", () => {
  const dir = join(home, "idx");
  mkdirSync(dir);
  // A small data set cut from MNIST: a new header with the smaller count, then the first samples.
  const cut = (name: string, count: number, gz: boolean) => {
    const bytes = readFileSync(join(defaultDataDir(), name));
    const rank = bytes[3];
    const header = Buffer.from(bytes.subarray(0, 4 + 4 * rank));
    header.writeUInt32BE(count, 4);
    const per = rank === 3 ? 784 : 1;
    const file = Buffer.concat([header, bytes.subarray(4 + 4 * rank, 4 + 4 * rank + count * per)]);
    writeFileSync(join(dir, gz ? `${name}.gz` : name), gz ? gzipSync(file) : file);
  };
  cut("train-images-idx3-ubyte", 3000, true);
  cut("train-labels-idx1-ubyte", 3000, true);
  cut("t10k-images-idx3-ubyte", 500, false);
  cut("t10k-labels-idx1-ubyte", 500, false);
  const r = cli("train", "--data", dir, "--epochs", "2", "--out", join(home, "small.safetensors"), "--json");
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stderr, /on 3,000 images/);
  const summary = JSON.parse(r.stdout.trim().split("\n").pop()!);
  assert.is(summary.confusion.flat().reduce((a: number, b: number) => a + b, 0), 500);
  assert.ok(summary.testAccuracy > 0.7, `testAccuracy ${summary.testAccuracy}`);

  const broken = cli("train", "--data", join(home, "missing-folder"));
  assert.is(broken.status, 1);
  assert.match(broken.stderr, /missing-folder: no such folder/);
});

test("--threads 1 and --threads 3 write the same model bytes; --threads is checked", () => {
  const dir = join(home, "idx");
  const files = [1, 3].map((threads) => {
    const out = join(home, `threads-${threads}.safetensors`);
    const r = cli("train", "--data", dir, "--epochs", "1", "--threads", String(threads), "--out", out, "--json");
    assert.is(r.status, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`${threads} threads?, batch 32`));
    assert.is(JSON.parse(r.stdout.trim().split("\n").pop()!).threads, threads);
    return readFileSync(out);
  });
  assert.equal(Buffer.compare(files[0], files[1]), 0, "same bytes on 1 and 3 threads");
  test("Ctrl-C while training on threads ends the process at once and saves nothing", async () => {
  const out = join(home, "interrupted.safetensors");
  const child = spawn(process.execPath, ["dist/cli.js", "train", "--epochs", "20", "--threads", "2", "--out", out], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, WASM_DIGITS_HOME: home } });
  let text = "";
  await new Promise<void>((started) => child.stdout.on("data", (c) => { text += c; if (/epoch 1\/20/.test(text)) started(); }));
  const t0 = Date.now();
  child.kill("SIGINT");
  const code = await new Promise<number | null>((ended) => child.on("exit", (c, signal) => ended(c ?? (signal ? 130 : null))));
  assert.ok(Date.now() - t0 < 5000, "ended within 5 s");
  assert.is(code, 130);
  assert.not.ok(existsSync(out), "nothing was saved");
});

for (const [args, pattern] of [
    [["--threads", "0"], /--threads must be between 1 and 16, got 0/],
    [["--threads", "two"], /--threads takes a whole number, got 'two'/],
    [["--threads", "2", "--backend", "js"], /--threads must be 1 here: this engine cannot share memory between threads \(the js engine\)/],
  ] as [string[], RegExp][]) {
    const r = cli("train", "--data", dir, ...args);
    assert.is(r.status, 2, r.stderr);
    assert.match(r.stderr, pattern);
  }
});

for (const [args, pattern] of [
  [["train", "--epochs", "0"], /--epochs must be between 1 and 1000, got 0/],
  [["train", "--lr", "-1"], /--lr must be greater than 0/],
  [["train", "--batch", "abc"], /--batch takes a whole number, got 'abc'/],
  [["train", "--preset", "nope"], /--preset must be one of seed, wide, release, got 'nope'/],
  [["train", "--bogus"], /Unknown option '--bogus'/],
  [["frobnicate"], /unknown command 'frobnicate'/],
] as [string[], RegExp][]) {
  test(`wrong usage: ${args.join(" ")} exits 2 with one line`, () => {
    const r = cli(...args);
    assert.is(r.status, 2);
    assert.match(r.stderr, pattern);
    assert.is(r.stderr.trim().split("\n").length, 1, r.stderr);
  });
}

test("eval of a missing model names the file and exits 1", () => {
  const r = cli("eval", "--model", join(home, "nope.safetensors"));
  assert.is(r.status, 1);
  assert.match(r.stderr, /nope\.safetensors: no such file/);
  assert.is(r.stderr.trim().split("\n").length, 1);
});

test("--help prints usage and exits 0", () => {
  for (const args of [["--help"], ["train", "--help"], ["eval", "-h"]]) {
    const r = cli(...args);
    assert.is(r.status, 0);
    assert.match(r.stdout, /Usage: wasm-digits/);
  }
});

test.after(() => rmSync(home, { recursive: true, force: true }));
test.run();
