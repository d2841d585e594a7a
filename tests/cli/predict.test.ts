// cli/predict.ts through the built command: the --json contract of DESIGN.md, per-image errors that leave
// the other images answered, exit codes, one batched pass agreeing with one-by-one calls, --explain files
// decoded back, and the default model choice.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSplit } from "../../bindings/node/data.js";
import { decodePng } from "../../bindings/image/png.js";
import { preprocessImage } from "../../bindings/image/preprocess.js";
import { encodePng } from "../fixtures/png-encoder.js";

const home = mkdtempSync(join(tmpdir(), "wasm-digits-predict-"));
const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ["dist/cli.js", ...args], { encoding: "utf8", env: { ...process.env, WASM_DIGITS_HOME: home, ...env } });

const model = join(home, "model-a.safetensors");
const trained = cli(["train", "--epochs", "1", "--seed", "4", "--out", model, "--json"]);
if (trained.status !== 0) throw new Error(`could not train the test model: ${trained.stderr}`);

// MNIST test digits redrawn as black-on-white PNGs, 3x enlarged on a larger page.
const mnist = loadSplit("test");
function digitPng(index: number): { file: string; label: number } {
  const width = 130, height = 110, rgba = new Uint8Array(width * height * 4).fill(255);
  for (let y = 0; y < 84; y++) {
    for (let x = 0; x < 84; x++) {
      const v = 255 - mnist.images[index * 784 + Math.floor(y / 3) * 28 + Math.floor(x / 3)];
      rgba.set([v, v, v], ((y + 15) * width + x + 30) * 4);
    }
  }
  const file = join(home, `digit-${index}.png`);
  writeFileSync(file, encodePng({ width, height, rgba }, { colorType: 2, bitDepth: 8 }));
  return { file, label: mnist.labels[index] };
}
const digits = Array.from({ length: 12 }, (_, i) => digitPng(i));
const blank = join(home, "blank.png");
writeFileSync(blank, encodePng({ width: 40, height: 40, rgba: new Uint8Array(40 * 40 * 4).fill(255) }, { colorType: 0, bitDepth: 8 }));
const notPng = join(home, "photo.png");
writeFileSync(notPng, "\xff\xd8\xff\xe0 this is a JPEG, renamed");

test("--json: one object per image, in order, with exactly file, model, digit, confidence, probabilities, number, digits", () => {
  const r = cli(["predict", "--model", model, "--json", ...digits.map((d) => d.file)]);
  assert.is(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.is(lines.length, digits.length);
  let correct = 0;
  lines.forEach((line, i) => {
    assert.equal(Object.keys(line), ["file", "model", "digit", "confidence", "probabilities", "number", "digits"]);
    assert.is(line.file, digits[i].file);
    assert.is(line.model, model);
    assert.is(line.number, String(line.digit));
    assert.is(line.digits.length, 1);
    assert.equal(Object.keys(line.digits[0]), ["digit", "confidence", "probabilities", "box"]);
    assert.equal(line.digits[0].probabilities, line.probabilities);
    assert.is(line.digits[0].box.length, 4);
    assert.is(line.probabilities.length, 10);
    const sum = line.probabilities.reduce((a: number, b: number) => a + b, 0);
    assert.ok(Math.abs(sum - 1) < 1e-4, `probabilities sum to ${sum}`);
    assert.is(line.digit, line.probabilities.indexOf(Math.max(...line.probabilities)));
    assert.is(line.confidence, line.probabilities[line.digit]);
    if (line.digit === digits[i].label) correct++;
  });
  assert.ok(correct >= 10, `${correct}/12 redrawn MNIST digits recognised by a one-epoch model`);
});

test("one batched call gives the same answers as one call per image", () => {
  const all = cli(["predict", "--model", model, "--json", ...digits.slice(0, 4).map((d) => d.file)]).stdout.trim().split("\n");
  digits.slice(0, 4).forEach((d, i) => {
    const one = cli(["predict", "--model", model, "--json", d.file]);
    assert.is(one.stdout.trim(), all[i]);
  });
});

test("bad files get an error object each, the good images are still answered, exit 1", () => {
  const folder = join(home, "a-folder.png");
  mkdirSync(folder, { recursive: true });
  const files = [digits[0].file, join(home, "missing.png"), notPng, folder, blank, digits[1].file];
  const r = cli(["predict", "--model", model, "--json", ...files]);
  assert.is(r.status, 1);
  const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(lines.map((l) => l.file), files);
  assert.is(typeof lines[0].digit, "number");
  assert.is(typeof lines[5].digit, "number");
  assert.equal(Object.keys(lines[1]), ["file", "model", "error"]);
  assert.match(lines[1].error, /no such file/);
  assert.match(lines[2].error, /not a PNG/);
  assert.match(lines[3].error, /folder/);
  assert.match(lines[4].error, /no digit found/);
  assert.is(r.stderr, "", "nothing else is printed in --json mode");
});

test("human output: the model first, then digit, confidence, top 3; errors as one line on stderr naming the file", () => {
  const r = cli(["predict", "--model", model, digits[0].file, notPng]);
  assert.is(r.status, 1);
  assert.is(r.stdout.split("\n")[0], `model: ${model} (seed preset, test accuracy ${(JSON.parse(trained.stdout.trim().split("\n").pop()!).testAccuracy * 100).toFixed(2)}%)`);
  assert.match(r.stdout, new RegExp(`${digits[0].file.replace(/[.]/g, "\\.")}: \\d  \\d+\\.\\d%.*top 3: \\d \\d+\\.\\d%, \\d \\d+\\.\\d%, \\d \\d+\\.\\d%`));
  const errors = r.stderr.trim().split("\n");
  assert.is(errors.length, 1);
  assert.match(errors[0], /^wasm-digits: .*photo\.png: not a PNG file/);
  assert.not.match(r.stderr, /\n\s+at /, "no stack trace");
});

test("--explain writes the 28x28 the model saw, equal to the preprocessing output, and draws it", () => {
  const dir = join(home, "explain");
  const r = cli(["predict", "--model", model, "--explain", dir, digits[2].file]);
  assert.is(r.status, 0, r.stderr);
  const seen = decodePng(readFileSync(join(dir, "digit-2.seen.png")));
  assert.equal([seen.width, seen.height], [28, 28]);
  const expected = preprocessImage(decodePng(readFileSync(digits[2].file))).pixels;
  for (let i = 0; i < 784; i++) assert.ok(Math.abs(seen.rgba[i * 4] - Math.round(expected[i] * 255)) <= 1, `pixel ${i}`);
  const big = decodePng(readFileSync(join(dir, "digit-2.seen-x10.png")));
  assert.equal([big.width, big.height], [280, 280]);
  assert.match(r.stdout, /█/, "drawn with blocks in the terminal");
  assert.match(r.stdout, /the model saw this/);
});

// MNIST test digits written side by side on one page, 3x enlarged, in cells PITCH apart (about 1.5 digit
// heights from one digit's centre to the next: ordinary handwriting).
const PITCH = 90;
function numberPng(indices: number[]): { file: string; label: string } {
  const width = 40 + indices.length * PITCH, height = 130, rgba = new Uint8Array(width * height * 4).fill(255);
  indices.forEach((index, k) => {
    for (let y = 0; y < 84; y++) {
      for (let x = 0; x < 84; x++) {
        const v = 255 - mnist.images[index * 784 + Math.floor(y / 3) * 28 + Math.floor(x / 3)];
        rgba.set([v, v, v], ((y + 23) * width + x + 20 + k * PITCH) * 4);
      }
    }
  });
  const file = join(home, `number-${indices.join("-")}.png`);
  writeFileSync(file, encodePng({ width, height, rgba }, { colorType: 0, bitDepth: 8 }));
  return { file, label: indices.map((i) => mnist.labels[i]).join("") };
}

test("a number: read left to right; JSON has number and one box per digit, digit/confidence/probabilities null; --explain one picture per digit", () => {
  const number = numberPng([3, 1, 0]);
  const r = cli(["predict", "--model", "pretrained", "--json", number.file]);
  assert.is(r.status, 0, r.stderr);
  const line = JSON.parse(r.stdout.trim());
  assert.is(line.number, number.label);
  assert.is(line.digit, null);
  assert.is(line.confidence, null);
  assert.is(line.probabilities, null);
  assert.is(line.digits.length, 3);
  line.digits.forEach((d: { digit: number; box: number[]; probabilities: number[] }, k: number) => {
    assert.is(d.digit, Number(number.label[k]));
    assert.is(d.probabilities.length, 10);
    // Each box lies within its digit's 84x84 cell of the page.
    assert.ok(d.box[0] >= 20 + k * PITCH && d.box[0] + d.box[2] <= 20 + k * PITCH + 84, `box ${d.box}`);
    assert.ok(d.box[1] >= 23 && d.box[1] + d.box[3] <= 23 + 84, `box ${d.box}`);
  });
  const dir = join(home, "explain-number");
  const text = cli(["predict", "--model", "pretrained", "--explain", dir, number.file]);
  assert.is(text.status, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`number-3-1-0\\.png: ${number.label} `));
  assert.is(text.stdout.split("the model saw this").length - 1, 3);
  for (let k = 1; k <= 3; k++) {
    const seen = decodePng(readFileSync(join(dir, `number-3-1-0-digit${k}.seen.png`)));
    assert.equal([seen.width, seen.height], [28, 28]);
  }
});

test("without --model: the model train saved in WASM_DIGITS_HOME, else the shipped one, else a clear error", () => {
  const other = mkdtempSync(join(tmpdir(), "wasm-digits-home-"));
  copyFileSync(model, join(other, "model.safetensors"));
  const withSaved = cli(["predict", "--json", digits[0].file], { WASM_DIGITS_HOME: other });
  const explicit = cli(["predict", "--json", "--model", model, digits[0].file]);
  assert.is(withSaved.status, 0, withSaved.stderr);
  const { model: savedLabel, ...saved } = JSON.parse(withSaved.stdout);
  const { model: explicitLabel, ...given } = JSON.parse(explicit.stdout);
  assert.equal(saved, given);
  assert.is(savedLabel, join(other, "model.safetensors"), "the answer names the model it came from");
  assert.is(explicitLabel, model);
  const empty = mkdtempSync(join(tmpdir(), "wasm-digits-home-"));
  const fallback = cli(["predict", "--json", digits[0].file], { WASM_DIGITS_HOME: empty });
  // The package ships a pretrained model; if this checkout has none yet, the message must say what to do.
  if (fallback.status === 0) assert.is(JSON.parse(fallback.stdout).model, "pretrained");
  else assert.match(fallback.stderr, /no model found.*wasm-digits train/);
});

test("--model pretrained picks the shipped model even when train has saved one", () => {
  const r = cli(["predict", "--json", "--model", "pretrained", digits[0].file]);
  const shipped = cli(["predict", "--json", "--model", "models/pretrained.safetensors", digits[0].file]);
  assert.is(r.status, 0, r.stderr);
  assert.is(JSON.parse(r.stdout).model, "pretrained");
  assert.is(r.stdout.replace('"model":"pretrained"', ""), shipped.stdout.replace('"model":"models/pretrained.safetensors"', ""));
});

test("- reads one PNG from standard input", () => {
  const r = spawnSync(process.execPath, ["dist/cli.js", "predict", "--model", model, "--json", "-"], { input: readFileSync(digits[3].file), encoding: "utf8" });
  assert.is(r.status, 0, r.stderr);
  const line = JSON.parse(r.stdout);
  assert.is(line.file, "-");
  assert.is(line.digit, JSON.parse(cli(["predict", "--model", model, "--json", digits[3].file]).stdout).digit);
});

test("numbers on image threads: the digits of one picture come back together (their pixels share one buffer)", () => {
  const dir = join(home, "numbers");
  mkdirSync(dir);
  const width = 230, height = 110, rgba = new Uint8Array(width * height * 4).fill(255);
  for (const [k, left] of [[0, 15], [1, 125]]) {
    for (let y = 0; y < 84; y++) {
      for (let x = 0; x < 84; x++) {
        const v = 255 - mnist.images[k * 784 + Math.floor(y / 3) * 28 + Math.floor(x / 3)];
        rgba.set([v, v, v], ((y + 13) * width + x + left) * 4);
      }
    }
  }
  for (let i = 0; i < 6; i++) writeFileSync(join(dir, `number-${i}.png`), encodePng({ width, height, rgba }, { colorType: 2, bitDepth: 8 }));
  const one = cli(["predict", "--model", model, "--json", "--threads", "1", dir]);
  const two = cli(["predict", "--model", model, "--json", "--threads", "2", dir]);
  assert.is(two.status, 0, two.stdout + two.stderr);
  assert.is(two.stdout, one.stdout, "1 and 2 threads give the same lines");
  for (const line of two.stdout.trim().split("\n").map((l) => JSON.parse(l))) assert.is(line.digits.length, 2, JSON.stringify(line));
});

test("a folder: every .png in name order, the same answers as file by file; 1 and 2 threads answer identically", () => {
  const dir = join(home, "folder");
  mkdirSync(dir);
  // Names out of order on purpose, a file that is not a PNG, and enough images for the thread pool.
  const picks = Array.from({ length: 20 }, (_, i) => digits[i % digits.length]);
  picks.forEach((d, i) => copyFileSync(d.file, join(dir, `img-${String(19 - i).padStart(2, "0")}.png`)));
  // Numbers too: their digits travel back from an image thread together.
  copyFileSync(numberPng([5, 6]).file, join(dir, "img-20.png"));
  copyFileSync(numberPng([7, 8, 9]).file, join(dir, "img-21.png"));
  writeFileSync(join(dir, "notes.txt"), "not an image");
  const one = cli(["predict", "--model", model, "--json", "--threads", "1", dir]);
  const two = cli(["predict", "--model", model, "--json", "--threads", "2", dir]);
  assert.is(one.status, 0, one.stderr);
  assert.is(two.stdout, one.stdout, "1 and 2 threads give the same lines");
  const lines = one.stdout.trim().split("\n").map((l) => JSON.parse(l));
  const expected = Array.from({ length: 22 }, (_, i) => join(dir, `img-${String(i).padStart(2, "0")}.png`));
  assert.equal(lines.map((l) => l.file), expected, "sorted, .png only");
  assert.equal(lines.slice(20).map((l) => l.digits.length), [2, 3]);
  const byFile = cli(["predict", "--model", model, "--json", ...expected]);
  assert.is(byFile.stdout, one.stdout, "the same answers as naming the files");
  const empty = join(home, "empty-folder");
  mkdirSync(empty);
  const r = cli(["predict", "--model", model, "--json", empty]);
  assert.is(r.status, 1);
  assert.match(JSON.parse(r.stdout).error, /is a folder with no \.png files/);
});

test("answers stream: the files before standard input are answered before it is read", async () => {
  const child = spawn(process.execPath, ["dist/cli.js", "predict", "--model", model, "--json", digits[0].file, digits[1].file, "-"], { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  const twoLines = new Promise<void>((done) => child.stdout.on("data", (chunk) => { out += chunk; if (out.split("\n").length > 2) done(); }));
  const timeout = new Promise<void>((done) => setTimeout(done, 20_000));
  await Promise.race([twoLines, timeout]);
  assert.is(out.trim().split("\n").length, 2, "two answers before standard input has any data");
  child.stdin.end(readFileSync(digits[2].file));
  await new Promise((done) => child.on("close", done));
  const lines = out.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(lines.map((l) => l.file), [digits[0].file, digits[1].file, "-"]);
  assert.is(lines[2].digit, JSON.parse(cli(["predict", "--model", model, "--json", digits[2].file]).stdout).digit);
});

for (const [args, pattern] of [
  [["predict"], /give at least one PNG/],
  [["predict", "--nope", "a.png"], /Unknown option '--nope'/],
  [["predict", "--model"], /--model needs a value/],
  [["predict", "--backend", "gpu", "a.png"], /--backend must be one of auto, wasm, js/],
] as [string[], RegExp][]) {
  test(`usage error exits 2 with one line: ${args.join(" ")}`, () => {
    const r = cli(args);
    assert.is(r.status, 2);
    assert.match(r.stderr, pattern);
    assert.is(r.stderr.trim().split("\n").length, 1);
  });
}

test("--explain: inputs sharing a base name get pictures of their own; each picture is its own input's", () => {
  const dir = join(home, "explain-names");
  const inputs = [join(home, "a", "x.png"), join(home, "b", "x.png"), join(home, "x-2.png"), join(home, "x.png")];
  inputs.forEach((file, i) => {
    mkdirSync(join(file, ".."), { recursive: true });
    copyFileSync(digits[4 + i].file, file);
  });
  const r = cli(["predict", "--model", model, "--explain", dir, ...inputs, inputs[3]]);
  assert.is(r.status, 0, r.stderr);
  const expected = [[inputs[0], "x"], [inputs[1], "x-2"], [inputs[2], "x-2-2"], [inputs[3], "x-3"], [inputs[3], "x-4"]];
  assert.equal(readdirSync(dir).sort(), expected.flatMap(([, name]) => [`${name}.seen-x10.png`, `${name}.seen.png`]).sort());
  for (const [input, name] of expected) {
    const seen = decodePng(readFileSync(join(dir, `${name}.seen.png`)));
    const want = preprocessImage(decodePng(readFileSync(input))).pixels;
    for (let i = 0; i < 784; i++) assert.ok(Math.abs(seen.rgba[i * 4] - Math.round(want[i] * 255)) <= 1, `${name}: pixel ${i}`);
  }
});

test("--explain: a picture that cannot be written fails its image only; the later images are still explained", () => {
  const dir = join(home, "explain-blocked");
  mkdirSync(join(dir, "digit-0.seen.png"), { recursive: true }); // a folder where the first picture goes
  const r = cli(["predict", "--model", model, "--explain", dir, digits[0].file, digits[1].file]);
  assert.is(r.status, 1);
  const errors = r.stderr.trim().split("\n");
  assert.is(errors.length, 1, r.stderr);
  assert.match(errors[0], /^wasm-digits: .*digit-0\.png: --explain: .*digit-0\.seen\.png: could not save: it is a folder, not a regular file/);
  assert.ok(readdirSync(dir).includes("digit-1.seen.png"), "the second image is explained");
  assert.match(r.stdout, /digit-0\.png: \d/, "the first image is still answered");
  const nowhere = cli(["predict", "--model", model, "--explain", "/proc/wasm-digits-cannot-exist", digits[0].file, digits[1].file]);
  assert.is(nowhere.status, 1);
  assert.is(nowhere.stderr.trim().split("\n").length, 2, "one failure line per image");
  assert.is(nowhere.stdout.match(/^\S+digit-\d\.png: \d /gm)?.length, 2, "both images answered");
});

test("file names with newlines and terminal escapes are printed escaped; JSON keeps them exact", () => {
  const odd = join(home, "two\nlines\x1b[31mred\u202e.png");
  copyFileSync(digits[0].file, odd);
  const missing = join(home, "gone\x1b]0;title\x07.png");
  const human = cli(["predict", "--model", model, odd, missing]);
  assert.is(human.status, 1);
  assert.not.match(human.stdout + human.stderr, /[\x1b\x07\u202e]/, "no raw control character reaches the terminal");
  assert.match(human.stdout, /two\\nlines\\e\[31mred\\u202e\.png: \d  /);
  assert.is(human.stdout.trim().split("\n").filter((l) => !l.startsWith("model: ")).length, 1, "one line for the image");
  assert.match(human.stderr, /^wasm-digits: .*gone\\e\]0;title\\x07\.png: no such file\n$/);
  const json = cli(["predict", "--model", model, "--json", odd, missing]);
  const lines = json.stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(lines.map((l) => l.file), [odd, missing]);
  const model2 = join(home, "model\nwith\x1b[2Jnewline.safetensors");
  const bad = cli(["eval", "--model", model2]);
  assert.is(bad.status, 1);
  assert.is(bad.stderr, `wasm-digits: ${model2.replace("\n", "\\n").replace("\x1b", "\\e")}: no such file\n`);
});

test("special files: /dev/zero and a named pipe are refused per image, at once; /dev/zero as the model too", () => {
  const pipe = join(home, "pipe.png");
  spawnSync("mkfifo", [pipe]);
  const r = spawnSync(process.execPath, ["dist/cli.js", "predict", "--model", model, "--json", "/dev/zero", pipe, digits[0].file], { encoding: "utf8", timeout: 20_000 });
  assert.is(r.status, 1, r.stderr);
  const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(lines.slice(0, 2), [
    { file: "/dev/zero", model, error: "is a character device, not a PNG file" },
    { file: pipe, model, error: "is a named pipe (FIFO), not a PNG file" },
  ]);
  assert.is(typeof lines[2].digit, "number");
  const zeroModel = spawnSync(process.execPath, ["dist/cli.js", "predict", "--model", "/dev/zero", digits[0].file], { encoding: "utf8", timeout: 20_000 });
  assert.is(zeroModel.status, 1);
  assert.is(zeroModel.stderr, "wasm-digits: /dev/zero: is a character device, not a model file\n");
  const endless = spawnSync(process.execPath, ["dist/cli.js", "predict", "--model", model, "-"], { input: Buffer.alloc(210_000_000), encoding: "utf8", timeout: 60_000 });
  assert.is(endless.status, 1);
  assert.match(endless.stderr, /^wasm-digits: -: is more than 198,577,216 bytes, the most a PNG within the 20,000,000-pixel limit can need\n$/);
});

test("a model file that is not a model: exit 1, one line naming it", () => {
  const bad = join(home, "bad.safetensors");
  writeFileSync(bad, "not a model");
  const r = cli(["predict", "--model", bad, digits[0].file]);
  assert.is(r.status, 1);
  assert.match(r.stderr, /^wasm-digits: .*bad\.safetensors: /);
  assert.is(r.stderr.trim().split("\n").length, 1);
});

test.run();
