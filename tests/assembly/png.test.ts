// assembly/png.ts against its twin and against PNG's definitions written out here: every row filter at
// pixel sizes of 1 to 8 bytes (the packed rows compared byte for byte), Adam7 passes scattered to their
// places, the widening of 8-bit grey, grey with alpha, RGB and RGBA to RGBA8, and palette lookups with an
// index past the palette found.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { Rng } from "../../bindings/model/rng.js";
import { backends } from "../helpers.js";

/** PNG's filters forward (the encoder's side), so the kernel's reversal can be checked against the original. */
function filterRows(raw: Uint8Array, rows: number, bpl: number, bpp: number, types: number[]): Uint8Array {
  const out = new Uint8Array(rows * (bpl + 1));
  const at = (y: number, x: number) => (y >= 0 && x >= 0 ? raw[y * bpl + x] : 0);
  for (let y = 0; y < rows; y++) {
    const t = types[y];
    out[y * (bpl + 1)] = t;
    for (let x = 0; x < bpl; x++) {
      const a = at(y, x - bpp), b = at(y - 1, x), c = at(y - 1, x - bpp);
      const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      const predicted = [0, a, b, (a + b) >> 1, paeth][t];
      out[y * (bpl + 1) + 1 + x] = (raw[y * bpl + x] - predicted) & 255;
    }
  }
  return out;
}

for (const bpp of [1, 2, 3, 4, 6, 8]) {
  test(`png_unfilter reverses every filter and packs the rows, ${bpp}-byte pixels`, async () => {
    const rng = new Rng(bpp);
    const rows = 11, bpl = bpp * 9 + (bpp === 1 ? 3 : 0);
    const raw = new Uint8Array(rows * bpl).map(() => rng.int(256));
    const types = Array.from({ length: rows }, (_, y) => y % 5);
    const filtered = filterRows(raw, rows, bpl, bpp, types);
    for (const backend of Object.values(await backends())) {
      const at = backend.heapBase + 64;
      backend.views.u8.set(filtered, at);
      backend.kernels.png_unfilter(at, rows, bpl, bpp);
      assert.equal(Array.from(backend.views.u8.subarray(at, at + rows * bpl)), Array.from(raw), `${backend.engine.kind}`);
    }
  });
}

test("png_rgba8 widens 8-bit grey, grey+alpha, RGB and RGBA; png_palette8 looks up and stops at a bad index", async () => {
  const pixels = 7;
  const samples = Array.from({ length: pixels * 4 }, (_, i) => (i * 37 + 11) % 256);
  for (const backend of Object.values(await backends())) {
    const data = backend.heapBase + 64, out = data + 4096;
    const u8 = backend.views.u8;
    for (const channels of [1, 2, 3, 4]) {
      u8.set(samples.slice(0, pixels * channels), data);
      backend.kernels.png_rgba8(out, data, pixels, channels);
      const expected = Array.from({ length: pixels }, (_, i) => {
        const s = samples.slice(i * channels, (i + 1) * channels);
        return channels === 1 ? [s[0], s[0], s[0], 255] : channels === 2 ? [s[0], s[0], s[0], s[1]] : channels === 3 ? [...s, 255] : s;
      }).flat();
      assert.equal(Array.from(u8.subarray(out, out + pixels * 4)), expected, `${backend.engine.kind}, ${channels} channels`);
    }
    const palette = data + 8192;
    u8.set([10, 20, 30, 255, 40, 50, 60, 128, 70, 80, 90, 0], palette);
    u8.set([2, 0, 1, 1, 2], data);
    assert.is(backend.kernels.png_palette8(out, data, 5, palette, 3), -1, `${backend.engine.kind}: all indices valid`);
    assert.equal(Array.from(u8.subarray(out, out + 8)), [70, 80, 90, 0, 10, 20, 30, 255]);
    u8.set([2, 0, 3, 1], data);
    assert.is(backend.kernels.png_palette8(out, data, 4, palette, 3), 2, `${backend.engine.kind}: the first index past the palette`);
  }
});

test("png_adam7 scatters each pass's pixels to their places (Adam7's grid), 1 to 8 bytes a pixel, and writes nothing else", async () => {
  const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];
  for (const backend of Object.values(await backends())) {
    const u8 = backend.views.u8, image = backend.heapBase + 64;
    for (const [w, h] of [[1, 1], [5, 3], [13, 9]]) {
      for (const bpp of [1, 2, 3, 4, 6, 8]) {
        const pass = image + w * h * bpp + 64;
        u8.fill(0xee, image, image + w * h * bpp);
        const expected = new Array(w * h * bpp).fill(0xee);
        ADAM7.forEach(([x0, y0, dx, dy], p) => {
          const sw = x0 < w ? Math.ceil((w - x0) / dx) : 0, sh = y0 < h ? Math.ceil((h - y0) / dy) : 0;
          const bytes = Array.from({ length: sw * sh * bpp }, (_, i) => (i * 29 + p * 7 + bpp) % 251);
          u8.set(bytes, pass);
          backend.kernels.png_adam7(image, pass, w, h, bpp, x0, y0, dx, dy);
          for (let j = 0; j < sh; j++) for (let i = 0; i < sw; i++) for (let c = 0; c < bpp; c++) expected[((y0 + j * dy) * w + x0 + i * dx) * bpp + c] = bytes[(j * sw + i) * bpp + c];
        });
        assert.equal(Array.from(u8.subarray(image, image + w * h * bpp)), expected, `${backend.engine.kind}, ${w}x${h}, ${bpp} bytes a pixel`);
      }
    }
  }
});

test.run();
