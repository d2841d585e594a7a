// assembly/filters.ts against its twin (bit for bit) and against definitions written out here: block means
// on cells with partial edges, the max and min over a square read through a mask (every radius from 0 to past
// the grid's size, cells with nothing in reach), and the inner cells of a region.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { Rng } from "../../bindings/model/rng.js";
import { allclose, onBoth, sameBits } from "../helpers.js";

test("block_mean: twin's bits, and the mean of each cell (edge cells partial), over SIMD tails", async () => {
  const rng = new Rng(3);
  for (const [w, h, c] of [[1, 1, 1], [7, 5, 2], [13, 9, 4], [33, 17, 5], [16, 16, 16], [9, 30, 7]]) {
    const src = Float32Array.from({ length: w * h }, () => rng.uniform());
    const gw = Math.ceil(w / c), gh = Math.ceil(h / c);
    const { wasm, js } = await onBoth((m, b) => {
      const mean = m.f32(gw * gh);
      b.kernels.block_mean(mean, m.f32(src), w, h, c, m.bytes(w * 8));
      return m.read(mean, gw * gh);
    });
    sameBits(wasm, js, `${w}x${h}, c = ${c}`);
    const expected: number[] = [];
    for (let gy = 0; gy < gh; gy++) {
      for (let gx = 0; gx < gw; gx++) {
        let s = 0, n = 0;
        for (let y = gy * c; y < Math.min(h, gy * c + c); y++) for (let x = gx * c; x < Math.min(w, gx * c + c); x++, n++) s += src[y * w + x];
        expected.push(s / n);
      }
    }
    // Summed in f32, as the recipe does: within a few f32 roundings per pixel of the cell.
    allclose(wasm, expected, 1e-5, 1e-6, `${w}x${h}, c = ${c}`);
  }
});

/** The definition: max or min over the square of radius r of the cells in use; -1 or 2 when none. */
function squareByDefinition(src: Float32Array, use: Uint8Array | null, w: number, h: number, r: number, grow: boolean): number[] {
  const out: number[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let v = grow ? -1 : 2;
      for (let j = Math.max(0, y - r); j <= Math.min(h - 1, y + r); j++) {
        for (let i = Math.max(0, x - r); i <= Math.min(w - 1, x + r); i++) {
          if (use && !use[j * w + i]) continue;
          v = grow ? Math.max(v, src[j * w + i]) : Math.min(v, src[j * w + i]);
        }
      }
      out.push(v);
    }
  }
  return out;
}

test("square_filter: twin's bits, and the max / min over each square of the cells in use", async () => {
  const rng = new Rng(5);
  for (const [w, h] of [[1, 1], [6, 5], [17, 11], [40, 23]]) {
    for (const r of [0, 1, 2, 3, 7, 50]) {
      const src = Float32Array.from({ length: w * h }, () => rng.uniform());
      // A sparse mask, so that some cells have nothing in reach.
      const use = Uint8Array.from({ length: w * h }, () => (rng.uniform() < 0.15 ? 1 : 0));
      for (const grow of [1, 0]) {
        for (const masked of [false, true]) {
          const { wasm, js } = await onBoth((m, b) => {
            const at = m.f32(src), out = m.f32(w * h), scratch = m.bytes(48 * (Math.max(w, h) + 4 * r + 2));
            b.kernels.square_filter(out, at, masked ? m.u8(use) : 0, w, h, r, grow, m.f32(w * h), scratch);
            const separate = m.read(out, w * h);
            // In place: out is src.
            b.kernels.square_filter(at, at, masked ? m.u8(use) : 0, w, h, r, grow, m.f32(w * h), scratch);
            return { separate, inPlace: m.read(at, w * h) };
          });
          const what = `${w}x${h}, r = ${r}, ${grow ? "max" : "min"}${masked ? ", masked" : ""}`;
          sameBits(wasm.separate, js.separate, what);
          sameBits(wasm.inPlace, wasm.separate, `${what}, in place`);
          sameBits(wasm.separate, squareByDefinition(src, masked ? use : null, w, h, r, grow === 1), what);
        }
      }
    }
  }
});

test("cells_inner: a cell is inner when it and every neighbour inside the grid are of the region", async () => {
  const rng = new Rng(9);
  for (const [gw, gh] of [[1, 1], [5, 4], [19, 13]]) {
    const region = Uint8Array.from({ length: gw * gh }, () => (rng.uniform() < 0.8 ? 0 : rng.int(3)));
    for (const which of [0, 1, 2]) {
      const { wasm, js } = await onBoth((m, b) => {
        const use = m.u8(gw * gh);
        b.kernels.cells_inner(use, m.u8(region), gw, gh, which);
        return m.readU8(use, gw * gh);
      });
      assert.equal(Array.from(wasm), Array.from(js));
      const expected = Array.from(region, (_, p) => {
        const x = p % gw, y = Math.floor(p / gw);
        for (let j = y - 1; j <= y + 1; j++) for (let i = x - 1; i <= x + 1; i++) if (i >= 0 && j >= 0 && i < gw && j < gh && region[j * gw + i] !== which) return 0;
        return 1;
      });
      assert.equal(Array.from(wasm), expected, `${gw}x${gh}, region ${which}`);
    }
  }
});

/** The deepest bright cell by definition: closed over 3 x 3 (max then min over the cells inside), then the largest chessboard distance to an open cell. */
function brightDepthByDefinition(grid: Float32Array, gw: number, gh: number, level: number): number {
  const inside = (x: number, y: number) => x >= 0 && y >= 0 && x < gw && y < gh;
  const around = (x: number, y: number) => [-1, 0, 1].flatMap((dy) => [-1, 0, 1].map((dx) => [x + dx, y + dy])).filter(([a, b]) => inside(a, b));
  const bright = Array.from(grid, (v) => (v > level ? 1 : 0));
  const grown = bright.map((_, p) => Math.max(...around(p % gw, Math.floor(p / gw)).map(([a, b]) => bright[b * gw + a])));
  const closed = grown.map((_, p) => Math.min(...around(p % gw, Math.floor(p / gw)).map(([a, b]) => grown[b * gw + a])));
  let deepest = 0;
  closed.forEach((c, p) => {
    if (!c) return;
    let d = gw * gh;
    closed.forEach((o, q) => { if (!o) d = Math.min(d, Math.max(Math.abs((q % gw) - (p % gw)), Math.abs(Math.floor(q / gw) - Math.floor(p / gw)))); });
    deepest = Math.max(deepest, d);
  });
  return deepest;
}

test("bright_depth: the deepest of the closed bright cells, as the definition finds it, on both engines", async () => {
  const rng = new Rng(37);
  for (const [gw, gh] of [[1, 1], [3, 2], [12, 9], [25, 17]]) {
    for (const density of [0.2, 0.6, 0.95]) {
      // Bright areas with dark specks and cracks: random cells, and some whole rows and columns dark.
      const grid = Float32Array.from({ length: gw * gh }, (_, p) => (rng.uniform() < density && p % 7 !== 3 ? 0.5 + 0.5 * rng.uniform() : 0.3 * rng.uniform()));
      const { wasm, js } = await onBoth((m, b) => b.kernels.bright_depth(m.i32(gw * gh), m.u8(gw * gh), m.f32(grid), gw, gh, 0.45));
      const want = brightDepthByDefinition(grid, gw, gh, 0.45);
      assert.is(wasm, want, `${gw}x${gh}, density ${density}: wasm`);
      assert.is(js, want, `${gw}x${gh}, density ${density}: js`);
    }
  }
});

test.run();
