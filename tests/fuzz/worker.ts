// One fuzz run in its own process (tests/fuzz/*.test.ts start it with a time limit, so an endless loop
// fails the test instead of hanging the suite): `worker.ts png|model CASES SEED` prints a JSON summary.

import { crc32 } from "../fixtures/png-encoder.js";
import { allKinds, encodePng } from "../fixtures/png-encoder.js";
import { decodePng, PngError } from "../../bindings/image/png.js";
import { preprocessImage } from "../../bindings/image/preprocess.js";
import { Model } from "../../bindings/model/model.js";
import { denseArchitecture } from "../../bindings/engine/layers.js";
import { ModelFileError } from "../../bindings/model/safetensors.js";
import { nodeEngine } from "../../bindings/node/files.js";
import { Rng } from "../../bindings/model/rng.js";
import { mutate } from "./mutate.js";

const [format, casesArg, seedArg] = process.argv.slice(2);
const cases = Number(casesArg), rng = new Rng(Number(seedArg));

/** Recomputes every chunk CRC the walk can reach, so mutations inside chunks get past the checksum. */
function fixPngCrcs(b: Uint8Array): void {
  let at = 8;
  while (at + 12 <= b.length) {
    const length = ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
    if (at + 12 + length > b.length) return;
    const c = crc32(b, at + 4, at + 8 + length);
    b.set([c >>> 24, (c >>> 16) & 0xff, (c >>> 8) & 0xff, c & 0xff], at + 8 + length);
    at += 12 + length;
  }
}

async function seeds(): Promise<Uint8Array[]> {
  if (format === "png") {
    const w = 23, h = 17, rgba = new Uint8Array(w * h * 4);
    for (let i = 0; i < w * h; i++) rgba.set([(i * 5) % 256, (i * 11) % 256, (i * 3) % 256, i % 7 ? 255 : 128], i * 4);
    const two = rgba.map((_, i) => (i % 4 === 3 ? 255 : rgba[i - (i % 4)] > 127 ? 255 : 0)); // two greys: fits 1-bit formats
    return allKinds().map((k) => encodePng({ width: w, height: h, rgba: k.colorType === 3 || (k.colorType === 0 && k.bitDepth < 8) ? two : rgba }, k));
  }
  const engine = await nodeEngine("wasm");
  const small = (hidden: number[], head: "softmax" | "sigmoid", seed: number) => Model.initialize(engine, denseArchitecture(784, hidden, 10, head), seed, { batch: 8 });
  return [small([12, 8], "softmax", 3).toSafetensors(), small([6], "sigmoid", 4).toSafetensors()];
}

const originals = await seeds();
const backend = format === "model" ? await nodeEngine("wasm") : undefined;
const summary = { format, cases, accepted: 0, refused: 0, crashes: [] as string[], slowestMs: 0 };
for (let n = 0; n < cases; n++) {
  const input = mutate(originals[n % originals.length], rng, format === "png" ? fixPngCrcs : undefined);
  const t0 = performance.now();
  try {
    if (format === "png") {
      const image = decodePng(input);
      if (image.rgba.length !== image.width * image.height * 4) throw new Error(`wrong RGBA size ${image.rgba.length}`);
      preprocessImage(image);
    } else {
      Model.fromSafetensors(backend!, input);
    }
    summary.accepted++;
  } catch (e) {
    const clean = format === "png" ? e instanceof PngError : e instanceof ModelFileError;
    if (clean && !(e as Error).message.includes("\n")) summary.refused++;
    else if (summary.crashes.length < 10) summary.crashes.push(`case ${n}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    else summary.crashes.push("...");
  }
  summary.slowestMs = Math.max(summary.slowestMs, performance.now() - t0);
}
console.log(JSON.stringify(summary));
