// bindings/png.ts on one broken file per kind of damage people meet (and the crafted files that make
// upng-js 2.1.0 loop forever): each must be refused with a PngError whose message names the problem,
// quickly. Valid files with damage that does not matter (a bad text chunk) still decode.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { deflateSync } from "node:zlib";
import { decodePng, PngError, MAX_PIXELS, MAX_PNG_BYTES, scanlineBytes } from "../../../bindings/image/png.js";
import { allKinds, chunk, concat, encodePng, ihdr, PNG_SIGNATURE } from "../../fixtures/png-encoder.js";
import { ImageWorkspace } from "../../../bindings/image/workspace.js";
import { jsEngine } from "../../../bindings/engine/twins/index.js";
import { nodeEngine } from "../../../bindings/node/files.js";

const gray = (w: number, h: number) => ({ width: w, height: h, rgba: Uint8Array.from({ length: w * h * 4 }, (_, i) => (i % 4 === 3 ? 255 : (i * 7) % 256)) });
const valid = encodePng(gray(9, 7), { colorType: 0, bitDepth: 8 });
const text = new TextEncoder().encode("Comment\0made by a test");

function refuses(bytes: Uint8Array, pattern: RegExp, what: string): void {
  const t0 = Date.now();
  try {
    decodePng(bytes);
  } catch (e) {
    assert.instance(e, PngError, `${what}: threw ${String(e)}`);
    assert.match((e as Error).message, pattern, what);
    assert.not.match((e as Error).message, /\n/, `${what}: one line`);
    assert.ok(Date.now() - t0 < 2000, `${what}: took ${Date.now() - t0} ms`);
    return;
  }
  assert.unreachable(`${what}: decoded without complaint`);
}

/** A file from chunks: signature + the given chunks (already built with chunk()). */
const file = (...chunks: Uint8Array[]) => concat([PNG_SIGNATURE, ...chunks]);
const idat = (raw: Uint8Array) => chunk("IDAT", deflateSync(raw));
const rows = (w: number, h: number) => new Uint8Array(h * (w + 1)); // 8-bit grey, filter 0, black

test("a valid file decodes; a damaged ancillary chunk is skipped", () => {
  const image = decodePng(valid);
  assert.equal([image.width, image.height, image.rgba.length], [9, 7, 9 * 7 * 4]);
  const withText = file(ihdr(9, 7, 8, 0), chunk("tEXt", text), idat(rows(9, 7)), chunk("IEND", new Uint8Array()));
  withText[8 + 25 + 8 + text.length] ^= 0xff; // break the text chunk's CRC
  assert.is(decodePng(withText).width, 9);
});

test("empty, random, signature only, other formats and text are refused by name", () => {
  refuses(new Uint8Array(), /empty/, "empty file");
  refuses(Uint8Array.from({ length: 300 }, (_, i) => (i * 193 + 7) % 256), /not a PNG file/, "random bytes");
  refuses(PNG_SIGNATURE, /truncated/, "signature only");
  refuses(PNG_SIGNATURE.subarray(0, 5), /truncated/, "half a signature");
  refuses(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46), /JPEG/, "a JPEG named .png");
  refuses(new TextEncoder().encode("GIF89a......"), /GIF/, "a GIF");
  refuses(new TextEncoder().encode("hello, this is not an image\n"), /text file/, "a text file");
});

test("a file cut anywhere is refused, never partly decoded", () => {
  for (let n = 1; n < valid.length; n++) refuses(valid.subarray(0, n), /truncated|incomplete|corrupt/, `cut at ${n} of ${valid.length}`);
});

test("a wrong CRC on a critical chunk is refused", () => {
  for (const [name, at] of [["IHDR", 8 + 8 + 13], ["IDAT", 8 + 25 + 8]] as const) {
    const bad = valid.slice();
    bad[at] ^= 0x01;
    refuses(bad, new RegExp(`bad checksum in the ${name} chunk`), name);
  }
});

test("zero, absurd and over-limit dimensions are refused from the header, before any allocation", () => {
  refuses(file(ihdr(0, 10, 8, 0), idat(rows(1, 1)), chunk("IEND", new Uint8Array())), /no pixels \(0x10\)/, "zero width");
  refuses(file(ihdr(0x7fffffff, 0x7fffffff, 8, 0), idat(rows(1, 1)), chunk("IEND", new Uint8Array())), /more than the limit/, "2^31-1 square");
  refuses(file(ihdr(0xffffffff, 1, 8, 0), idat(rows(1, 1)), chunk("IEND", new Uint8Array())), /dimensions/, "width beyond 2^31-1");
  // A real 10,000 x 10,000 1-bit image compresses to about 15 kB but would decode to 400 MB of RGBA.
  const side = 10_000;
  const big = file(ihdr(side, side, 1, 0), idat(new Uint8Array(side * (1 + side / 8))), chunk("IEND", new Uint8Array()));
  assert.ok(big.length < 100_000);
  refuses(big, new RegExp(`10000x10000 pixels, more than the limit of ${MAX_PIXELS.toLocaleString("en")}`), "enormous but valid");
});

test("corrupt, missing, short and excess image data", () => {
  const end = chunk("IEND", new Uint8Array());
  const z = deflateSync(rows(9, 7));
  const scrambled = z.slice();
  for (let i = 2; i < scrambled.length - 4; i++) scrambled[i] ^= 0x5a;
  refuses(file(ihdr(9, 7, 8, 0), chunk("IDAT", scrambled), end), /corrupt|incomplete/, "corrupt zlib data");
  refuses(file(ihdr(9, 7, 8, 0), end), /no image data/, "no IDAT");
  refuses(file(ihdr(9, 7, 8, 0), idat(rows(9, 3)), end), /incomplete \(30 of 70 bytes\)/, "data shorter than the image needs");
  const withExtra = decodePng(file(ihdr(9, 7, 8, 0), idat(concat([rows(9, 7), new Uint8Array(10_000)])), end));
  assert.is(withExtra.rgba.length, 9 * 7 * 4, "data beyond the image is ignored, not inflated into memory");
  const badFilter = rows(9, 7);
  badFilter[10] = 9;
  refuses(file(ihdr(9, 7, 8, 0), idat(badFilter), end), /row filter 9/, "invalid row filter");
  refuses(file(ihdr(9, 7, 8, 0), idat(rows(9, 4)), chunk("tEXt", text), idat(rows(9, 3)), end), /not consecutive/, "IDAT split by another chunk");
});

test("invalid colour type, bit depth, palette and chunk order", () => {
  const end = chunk("IEND", new Uint8Array());
  refuses(file(ihdr(4, 4, 8, 5), idat(rows(4, 4)), end), /colour type 5 does not exist/, "colour type 5");
  refuses(file(ihdr(4, 4, 3, 0), idat(rows(4, 4)), end), /cannot have bit depth 3/, "grey of depth 3");
  refuses(file(ihdr(4, 4, 16, 3), idat(rows(4, 4)), end), /cannot have bit depth 16/, "16-bit palette");
  refuses(file(ihdr(4, 4, 8, 3), idat(rows(4, 4)), end), /without a palette/, "palette image, no PLTE");
  refuses(file(idat(rows(4, 4)), ihdr(4, 4, 8, 0), end), /first chunk is not IHDR/, "IDAT before IHDR");
  refuses(file(ihdr(4, 4, 8, 0), chunk("ZZZZ", new Uint8Array(3)), idat(rows(4, 4)), end), /unknown critical chunk 'ZZZZ'/, "unknown critical chunk");
});

test("a palette index past the palette is refused as damage, at every bit depth and with interlace", () => {
  const end = chunk("IEND", new Uint8Array());
  const plte = chunk("PLTE", Uint8Array.of(255, 255, 255, 0, 0, 0)); // two colours: white, black
  // 8-bit: the last pixel of the last row uses entry 2.
  const raw8 = rows(4, 4).map((_, i) => (i % 5 === 0 ? 0 : 1));
  raw8[raw8.length - 1] = 2;
  refuses(file(ihdr(4, 4, 8, 3), plte, idat(raw8), end), /corrupt \(pixel \(3, 3\) uses palette entry 2, but the palette has 2 colours\)/, "8-bit index 2 of 2");
  // 2-bit: pixel (1, 0) is 3 (0b00_11_00_00).
  const raw2 = new Uint8Array(4 * 2);
  raw2[1] = 0b00110000;
  refuses(file(ihdr(4, 4, 2, 3), plte, idat(raw2), end), /pixel \(1, 0\) uses palette entry 3/, "2-bit index 3 of 2");
  // Through the fixture encoder: a valid three-colour image, then its palette cut to two entries.
  const three = { width: 5, height: 5, rgba: Uint8Array.from({ length: 100 }, (_, i) => (i % 4 === 3 ? 255 : [0, 128, 255][Math.floor(i / 4) % 3])) };
  for (const interlace of [false, true]) {
    const good = encodePng(three, { colorType: 3, bitDepth: 4, interlace });
    const plteType = 33 + 4; // after the signature, IHDR and PLTE's length
    const afterPlte = plteType + 4 + 9 + 4; // type, three colours, CRC
    const cut = file(good.subarray(8, 33), chunk("PLTE", good.subarray(plteType + 4, plteType + 4 + 6)), good.subarray(afterPlte));
    refuses(cut, /uses palette entry 2, but the palette has 2 colours/, `palette cut to two entries, interlace ${interlace}`);
    assert.is(decodePng(good).rgba[2 * 4], 255, "the uncut file decodes: pixel 2 is white");
  }
  // Every index inside the palette still decodes, with each colour where it was drawn.
  const ok = decodePng(file(ihdr(4, 4, 8, 3), plte, idat(rows(4, 4).map((_, i) => (i % 5 === 0 ? 0 : i % 2))), end));
  assert.equal(Array.from(ok.rgba.subarray(0, 8)), [0, 0, 0, 255, 255, 255, 255, 255]);
});

test("a file larger than any PNG within the pixel limit needs is refused before parsing", () => {
  const huge = new Uint8Array(MAX_PNG_BYTES + 1);
  huge.set(valid);
  refuses(huge, /more than any PNG within the 20,000,000-pixel limit can need/, "a valid PNG followed by 198 MB");
  assert.ok(MAX_PNG_BYTES >= MAX_PIXELS * 9 && MAX_PNG_BYTES < MAX_PIXELS * 11, "the bound follows the pixel limit");
});

test("the crafted files that make upng-js 2.1.0 loop forever are refused at once", () => {
  const lengthMax = concat([valid.subarray(0, 33), Uint8Array.of(0xff, 0xff, 0xff, 0xff), new TextEncoder().encode("tEXt"), new Uint8Array(20)]);
  refuses(lengthMax, /truncated/, "a chunk length of 0xFFFFFFFF");
  refuses(file(ihdr(0x7fffffff, 0x7fffffff, 8, 6), idat(new Uint8Array(8))), /more than the limit/, "dimensions of 2^31-1");
  const insideText = file(ihdr(9, 7, 8, 0), chunk("tEXt", text)).subarray(0, 33 + 8 + 6);
  refuses(insideText, /truncated/, "a file that ends inside a text chunk");
});

test("scanlineBytes: the filtered data size for plain and interlaced images", () => {
  assert.is(scanlineBytes({ width: 9, height: 7, bitDepth: 8, colorType: 0, interlace: 0 }), 7 * 10);
  assert.is(scanlineBytes({ width: 13, height: 9, bitDepth: 1, colorType: 0, interlace: 0 }), 9 * 3);
  // Adam7 on 8x8: passes of 1x1, 1x1, 2x1, 2x2, 4x2, 4x4, 8x4 pixels at 8 bits, plus a filter byte per row.
  assert.is(scanlineBytes({ width: 8, height: 8, bitDepth: 8, colorType: 0, interlace: 1 }), 2 + 2 + 3 + 2 * 3 + 2 * 5 + 4 * 5 + 4 * 9);
});

test("an interlaced PNG decodes to the pixels of the same PNG not interlaced: every format, sizes that leave passes empty, both engines", async () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) >>> 8) & 255;
  for (const ws of [new ImageWorkspace(await nodeEngine("wasm")), new ImageWorkspace(jsEngine())]) {
    for (const [width, height] of [[1, 1], [3, 2], [9, 7], [33, 17]]) {
      const noise = Uint8Array.from({ length: width * height * 4 }, (_, i) => ((i & 3) === 3 && i % 7 === 0 ? 0 : random()));
      // A palette of two colours (one translucent) fits every palette depth.
      const two = noise.map((_, i) => [200, 30, 90, 255, 10, 240, 60, 128][(i & 3) + (noise[i & ~3] & 1) * 4]);
      for (const kind of allKinds().filter((k) => k.interlace)) {
        const rgba = kind.colorType === 3 ? two : noise;
        const plain = decodePng(encodePng({ width, height, rgba }, { ...kind, interlace: false }), ws).rgba;
        const interlaced = decodePng(encodePng({ width, height, rgba }, kind), ws).rgba;
        assert.equal(Array.from(interlaced), Array.from(plain), `${ws.engine.kind}, ${width}x${height}, ${JSON.stringify(kind)}`);
      }
    }
  }
});

test.run();
