// readDigits on the wasm engine against the plain-JS engine: every pass of the photo pipeline is a kernel
// (assembly/) with a twin (bindings/engine/twins/), so the two must give the same bits, boxes and reasons
// for every picture: user-style images in every PNG format, and noisy photos of paper of every kind.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { readDigits, type ImageReading, type RgbaInput } from "../../../bindings/image/preprocess.js";
import { decodePng } from "../../../bindings/image/png.js";
import { ImageWorkspace } from "../../../bindings/image/workspace.js";
import { nodeEngine } from "../../../bindings/node/files.js";
import { loadSplit } from "../../../bindings/node/data.js";
import { Rng } from "../../../bindings/model/rng.js";
import { makeUserSet } from "../../../tools/userset.js";
import { KINDS, makeCase } from "../../../tools/photoset.js";
import { allKinds, encodePng, type EncodeOptions } from "../../fixtures/png-encoder.js";
import { sameBits } from "../../helpers.js";

const mnist = loadSplit("test");
const wasm = new ImageWorkspace(await nodeEngine("wasm"));
const js = new ImageWorkspace(await nodeEngine("js"));

function same(image: RgbaInput, what: string): ImageReading {
  const a = readDigits(image, wasm), b = readDigits(image, js);
  assert.equal({ blank: a.blank, reason: a.reason, inverted: a.inverted }, { blank: b.blank, reason: b.reason, inverted: b.inverted }, what);
  assert.equal(a.digits.map((d) => d.box), b.digits.map((d) => d.box), `${what}: boxes`);
  a.digits.forEach((d, i) => sameBits(d.pixels, b.digits[i].pixels, `${what}: digit ${i}`));
  return a;
}

test("wasm and JS engines read user-style images alike (every kind of the user set, every PNG format)", () => {
  for (const image of makeUserSet(mnist.images, mnist.labels, 27, 7)) same(decodePng(image.png), image.name);
  // A 7 at 4x, in two levels so that every format holds it exactly, on white and on a transparent white.
  const digit = mnist.images.subarray(0, 784), width = 140, height = 120;
  const rgba = new Uint8Array(width * height * 4).fill(255);
  for (let y = 4; y < 116; y++) {
    for (let x = 14; x < 126; x++) if (digit[Math.floor((y - 4) / 4) * 28 + Math.floor((x - 14) / 4)] > 127) rgba.fill(0, (y * width + x) * 4, (y * width + x) * 4 + 3);
  }
  const kinds: EncodeOptions[] = [...allKinds(), { colorType: 0, bitDepth: 8, transparentColor: [255, 255, 255] }, { colorType: 2, bitDepth: 16, transparentColor: [255, 255, 255] }];
  for (const options of kinds) same(decodePng(encodePng({ width, height, rgba }, options)), `a 7 as ${JSON.stringify(options)}`);
});

test("wasm and JS engines read noisy photos alike (desks, frames, shadows, ruled and squared paper, clutter, numbers)", () => {
  let read = 0;
  for (const [i, kind] of KINDS.entries()) {
    const size: [number, number] = i % 3 === 0 ? [640, 480] : i % 3 === 1 ? [360, 480] : i === 2 ? [1500, 1000] : [1100, 900];
    const photo = makeCase(kind, i, new Rng(100 + i), mnist, size).photo;
    if (!same(photo, `${kind} ${size.join("x")}`).blank) read++;
  }
  assert.ok(read >= 6, `${read} photos with digits: the passes after findInk ran too`);
});

test("the same workspace reads picture after picture: a small image after a large one, and back", () => {
  const big = makeCase("ruled", 0, new Rng(5), mnist, [1100, 900]).photo;
  const small = decodePng(makeUserSet(mnist.images, mnist.labels, 1, 9)[0].png);
  const first = same(big, "large"), second = same(small, "small"), third = same(big, "large again");
  assert.equal(third.digits.map((d) => d.box), first.digits.map((d) => d.box));
  third.digits.forEach((d, i) => sameBits(d.pixels, first.digits[i].pixels, "large again"));
  assert.ok(!second.blank);
});

test.run();
