// bindings/recognizer.ts, the one prediction path: models own their memory (two recognizers on one engine,
// interleaved, of different sizes, with training and memory growth in between, answer exactly as each
// does alone), inputs are checked (never a guess from a bad size or bad values), per-image errors, and
// non-finite outputs are errors, never digits.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { Recognizer, InputError, NonFiniteOutputError, preprocessImage } from "../../bindings/recognizer.js";
import { nodeEngine } from "../../bindings/node/files.js";
import { loadSplit } from "../../bindings/node/data.js";
import { sliceDataset } from "../../bindings/model/idx.js";
import { resolveTraining, trainModel } from "../../bindings/model/training.js";
import { Model } from "../../bindings/model/model.js";
import { denseArchitecture } from "../../bindings/engine/layers.js";
import { PngError } from "../../bindings/image/png.js";
import { encodePng } from "../fixtures/png-encoder.js";

const pretrained = readFileSync("models/pretrained.safetensors");
const mnist = loadSplit("test");
const digit = (i: number) => mnist.images.subarray(i * 784, (i + 1) * 784);
const samples = Array.from({ length: 6 }, (_, i) => Array.from(digit(i)));

async function smallModelBytes(): Promise<Uint8Array> {
  const engine = await nodeEngine("wasm");
  const { model } = await trainModel(engine, { train: sliceDataset(loadSplit("train"), 0, 2000), test: sliceDataset(mnist, 0, 300), source: "test" }, resolveTraining({ epochs: 1, seed: 9 }));
  return model.toSafetensors();
}

const answers = (r: Recognizer) => samples.map((s) => Array.from(r.predictPixels(s).probabilities!));

test("two recognizers on one engine, different sizes, interleaved: each answers exactly as it does alone", async () => {
  const small = await smallModelBytes();
  const aloneBig = answers(Recognizer.fromBytes(await nodeEngine("wasm"), pretrained));
  const aloneSmall = answers(Recognizer.fromBytes(await nodeEngine("wasm"), small));
  const engine = await nodeEngine("wasm");
  const big = Recognizer.fromBytes(engine, pretrained);
  const tiny = Recognizer.fromBytes(engine, small);
  // A third, larger model and a training run on the same engine grow memory in other arenas meanwhile.
  const other = Model.initialize(engine, denseArchitecture(784, [1024, 512], 10, "softmax"), 1, { batch: 128, trainingData: 20000 });
  for (const [i, s] of samples.entries()) {
    assert.equal(Array.from(big.predictPixels(s).probabilities!), aloneBig[i], `pretrained, image ${i}`);
    other.network.loadData(mnist.images.subarray(0, 784 * 2000), mnist.labels.subarray(0, 2000));
    assert.equal(Array.from(tiny.predictPixels(s).probabilities!), aloneSmall[i], `small model, image ${i}`);
  }
  assert.not.equal(aloneBig[0], aloneSmall[0], "the two models differ, so sharing memory would show");
});

test("predictMany equals one call per image, past the planned batch of one forward pass", async () => {
  const r = Recognizer.fromBytes(await nodeEngine("wasm"), pretrained);
  const many = Array.from({ length: 150 }, (_, i) => Array.from(digit(i)));
  const all = many.map((s) => r.predictPixels(s));
  const batched = r.predictEach(many.map((s) => ({ width: 28, height: 28, data: rgbaOf(s) })));
  const oneByOne = many.map((s) => r.predictImage({ width: 28, height: 28, data: rgbaOf(s) }));
  batched.forEach((o, i) => assert.equal(o.prediction!.probabilities, oneByOne[i].probabilities, `image ${i}`));
  assert.ok(all.filter((p, i) => p.digit === mnist.labels[i]).length >= 145, "MNIST digits read right");
});

function rgbaOf(pixels: number[]): Uint8Array {
  const rgba = new Uint8Array(784 * 4);
  pixels.forEach((v, i) => rgba.set([255 - v, 255 - v, 255 - v, 255], i * 4));
  return rgba;
}

test("per-image errors: a bad PNG, an impossible size and a good image in one call", async () => {
  const r = Recognizer.fromBytes(await nodeEngine("wasm"), pretrained);
  const good = encodePng({ width: 28, height: 28, rgba: rgbaOf(Array.from(digit(0))) }, { colorType: 6, bitDepth: 8 });
  const outcomes = r.predictEach([new Uint8Array([1, 2, 3]), { width: 3, height: 3, data: new Uint8Array(5) }, good, good.buffer.slice(good.byteOffset, good.byteOffset + good.length) as ArrayBuffer]);
  assert.instance(outcomes[0].error, PngError);
  assert.instance(outcomes[1].error, InputError);
  assert.match(outcomes[1].error!.message, /a 3x3 RGBA image has 36 values, got 5/);
  assert.is(outcomes[2].prediction!.digit, mnist.labels[0]);
  assert.equal(outcomes[3].prediction!.probabilities, outcomes[2].prediction!.probabilities, "an ArrayBuffer of PNG bytes works too");
});

test("bad pixels and sizes are InputErrors with one sentence, never an answer", async () => {
  const r = Recognizer.fromBytes(await nodeEngine("wasm"), pretrained);
  const ramp = Array.from({ length: 784 }, (_, i) => (i % 28) / 28);
  const cases: [() => unknown, RegExp][] = [
    [() => r.predictPixels(ramp.map((v, i) => (i === 5 ? NaN : v))), /got NaN at index 5/],
    [() => r.predictPixels(ramp.map((v, i) => (i === 9 ? Infinity : v))), /got Infinity at index 9/],
    [() => r.predictPixels(ramp.map((v, i) => (i === 9 ? -0.5 : v))), /got -0.5 at index 9/],
    [() => r.predictPixels(ramp.map((v, i) => (i === 9 ? 1e40 : v))), /values 0\.\.1 or 0\.\.255, got 1e\+40/],
    [() => r.predictPixels(ramp.map((v, i) => (i === 9 ? 1.0001 : v))), /mixes fractions with 1\.0001/],
    [() => r.predictPixels(ramp.slice(1)), /a 28x28 image has 784 values, got 783/],
    [() => r.predictImage({ width: 30000, height: 30000, data: new Uint8Array(16) }), /30000x30000, more than the 20 megapixels accepted/],
    [() => r.predictImage({ width: 1e9, height: 1, data: new Uint8Array(16) }), /more than the 20 megapixels/],
    [() => r.predictImage({ width: 2.5, height: 4, data: new Uint8Array(40) }), /positive whole numbers, got 2\.5x4/],
    [() => r.predictImage({ width: 2, height: 2, data: [0, 0, 0, 255, 300, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255] }), /0\.\.255, got 300 at index 4/],
    [() => r.predictPng("not bytes" as unknown as Uint8Array), /PNG file bytes \(a Uint8Array or ArrayBuffer\), got string/],
    [() => r.predictMany([[1, 2, 3] as unknown as Uint8Array]), /use predictPixels for a prepared 28x28 array/],
  ];
  for (const [call, pattern] of cases) {
    assert.throws(call, (e: Error) => e instanceof InputError && pattern.test(e.message) && !e.message.includes("\n"), String(pattern));
  }
  // Whole numbers 0..255 are MNIST's bytes: the same answer as the same image in 0..1.
  const bytes = Array.from(digit(3));
  assert.equal(r.predictPixels(bytes).probabilities, r.predictPixels(bytes.map((v) => v / 255)).probabilities);
});

test("preprocessImage, as the library exports it, checks its input as predictions do and gives the 28x28 they use", async () => {
  for (const bad of [null, { width: 10, height: 10, rgba: new Uint8Array(10) }, { width: -1, height: 5, data: [] }, { width: 2.5, height: 2, data: new Uint8Array(20) }]) {
    assert.throws(() => preprocessImage(bad as never), (e: unknown) => e instanceof InputError, JSON.stringify(bad));
  }
  const width = 84, height = 84, rgba = new Uint8Array(width * height * 4).fill(255);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) { const v = 255 - digit(0)[((y / 3) | 0) * 28 + ((x / 3) | 0)]; rgba.set([v, v, v], (y * width + x) * 4); }
  const recognizer = Recognizer.fromBytes(await nodeEngine("wasm"), pretrained);
  const seen = preprocessImage({ width, height, data: rgba });
  assert.is(seen.blank, false);
  assert.equal(Array.from(seen.pixels), Array.from(recognizer.predictImage({ width, height, data: rgba }).pixels!));
});

test("a blank image says why; a model whose outputs overflow gives an error, not digit 0", async () => {
  const engine = await nodeEngine("wasm");
  const r = Recognizer.fromBytes(engine, pretrained);
  const blank = r.predictImage({ width: 40, height: 30, data: new Uint8Array(40 * 30 * 4).fill(255) });
  assert.is(blank.digit, null);
  assert.ok(blank.blank);
  assert.match(blank.reason ?? "", /no ink found/);
  const huge = Model.initialize(engine, denseArchitecture(784, [16], 10, "softmax"), 1, { batch: 8 });
  for (const t of huge.network.plan.tensors) huge.network.tensorView(t).fill(3e38);
  const overflow = Recognizer.fromBytes(engine, huge.toSafetensors());
  assert.throws(() => overflow.predictPixels(Array.from(digit(0))), (e: Error) => e instanceof NonFiniteOutputError);
  assert.instance(overflow.predictEach([{ width: 28, height: 28, data: rgbaOf(Array.from(digit(0))) }])[0].error, NonFiniteOutputError);
});

test.run();
