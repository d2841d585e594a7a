// assembly/components.ts against its twin and against a union-find labelling written here: 8- and
// 4-connected parts numbered by their first pixel row by row, on random ink of several densities (parts that
// touch the edges, wrap around holes, meet only at corners), and each part's shape sums.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { Rng } from "../../bindings/model/rng.js";
import { onBoth, sameBits } from "../helpers.js";

const STATS = 11;

/** Union-find over the ink pixels, then labels renumbered by first pixel in raster order. */
function labelsByDefinition(src: Float32Array, w: number, h: number, t: number, eight: boolean): Int32Array {
  const parent = Int32Array.from({ length: w * h }, (_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  const ink = (x: number, y: number) => x >= 0 && y >= 0 && x < w && y < h && src[y * w + x] >= t;
  const near = eight ? [[-1, -1], [0, -1], [1, -1], [-1, 0]] : [[0, -1], [-1, 0]];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!ink(x, y)) continue;
      for (const [dx, dy] of near) if (ink(x + dx, y + dy)) parent[root(y * w + x)] = root((y + dy) * w + x + dx);
    }
  }
  const number = new Map<number, number>();
  return Int32Array.from({ length: w * h }, (_, i) => {
    if (src[i] < t) return 0;
    const r = root(i);
    if (!number.has(r)) number.set(r, number.size + 1);
    return number.get(r)!;
  });
}

function statsByDefinition(labels: Int32Array, w: number, h: number, count: number): number[] {
  const stats: number[][] = Array.from({ length: count }, () => [0, 0, Infinity, Infinity, -Infinity, -Infinity, 0, 0, 0, 0, 0]);
  const at = (x: number, y: number) => (x >= 0 && y >= 0 && x < w && y < h ? labels[y * w + x] : 0);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const l = labels[y * w + x];
      if (!l) continue;
      const s = stats[l - 1];
      s[0]++;
      if (x === 0 || y === 0 || x === w - 1 || y === h - 1 || !at(x - 1, y) || !at(x + 1, y) || !at(x, y - 1) || !at(x, y + 1)) s[1]++;
      s[2] = Math.min(s[2], x);
      s[3] = Math.min(s[3], y);
      s[4] = Math.max(s[4], x + 1);
      s[5] = Math.max(s[5], y + 1);
      s[6] += x;
      s[7] += y;
      s[8] += x * x;
      s[9] += y * y;
      s[10] += x * y;
    }
  }
  return stats.flat();
}

test("label_components and component_stats: the union-find's parts and their shapes, 8- and 4-connected", async () => {
  const rng = new Rng(23);
  for (const [w, h] of [[1, 1], [5, 3], [17, 13], [64, 40]]) {
    for (const density of [0.2, 0.45, 0.7]) {
      const src = Float32Array.from({ length: w * h }, () => (rng.uniform() < density ? 0.5 + 0.5 * rng.uniform() : 0.4 * rng.uniform()));
      for (const eight of [1, 0]) {
        const { wasm, js } = await onBoth((m, b) => {
          const labels = m.i32(w * h);
          const count = b.kernels.label_components(labels, m.f32(src), w, h, 0.45, eight, m.i32(2 * w * h));
          const stats = m.f64(count * STATS);
          b.kernels.component_stats(stats, labels, w, h, count);
          return { count, labels: m.readI32(labels, w * h), stats: m.readF64(stats, count * STATS) };
        });
        const what = `${w}x${h}, density ${density}, ${eight ? 8 : 4}-connected`;
        const labels = labelsByDefinition(src, w, h, 0.45, eight === 1);
        const count = Math.max(0, ...labels);
        for (const got of [wasm, js]) {
          assert.is(got.count, count, what);
          assert.equal(Array.from(got.labels), Array.from(labels), what);
          sameBits(got.stats, statsByDefinition(labels, w, h, count), what);
        }
      }
    }
  }
});

/** Enclosed paper areas of the members' ink in a box, by definition: 4-connected paper parts of the box that never touch its edge, pinholes aside. */
function holesByDefinition(labels: Int32Array, member: Uint8Array, w: number, x0: number, y0: number, bw: number, bh: number): number {
  const paper = Float32Array.from({ length: bw * bh }, (_, i) => (member[labels[(y0 + Math.floor(i / bw)) * w + x0 + (i % bw)]] ? 0 : 1));
  const parts = labelsByDefinition(paper, bw, bh, 0.5, false);
  const area = new Map<number, number>(), edge = new Set<number>();
  parts.forEach((l, i) => {
    if (!l) return;
    area.set(l, (area.get(l) ?? 0) + 1);
    const x = i % bw, y = Math.floor(i / bw);
    if (x === 0 || y === 0 || x === bw - 1 || y === bh - 1) edge.add(l);
  });
  let count = 0;
  for (const [l, a] of area) if (!edge.has(l) && a >= Math.max(4, 0.001 * bw * bh)) count++;
  return count;
}

test("group_holes: the enclosed paper of some parts in a box, as a flood by definition counts it", async () => {
  const rng = new Rng(29);
  for (const [w, h] of [[1, 1], [7, 5], [31, 23], [90, 70]]) {
    for (const density of [0.3, 0.55, 0.75]) {
      const src = Float32Array.from({ length: w * h }, () => (rng.uniform() < density ? 1 : 0));
      const labels = labelsByDefinition(src, w, h, 0.5, true);
      const count = Math.max(0, ...labels);
      // Every other part a member (a lookup shorter than the labels, so high labels are paper too), in a box inside.
      const member = Uint8Array.from({ length: Math.max(1, count - 1) }, (_, l) => (l > 0 && l % 2 ? 1 : 0));
      const x0 = w > 2 ? 1 : 0, y0 = h > 2 ? 1 : 0, bw = w - x0 - (w > 3 ? 1 : 0), bh = h - y0;
      const { wasm, js } = await onBoth((m, b) =>
        b.kernels.group_holes(m.u8(bw * bh), m.i32(bw * bh), m.i32(labels), m.u8(member), member.length, w, x0, y0, bw, bh));
      const what = `${w}x${h}, density ${density}`;
      const want = holesByDefinition(labels, member, w, x0, y0, bw, bh);
      assert.is(wasm, want, what);
      assert.is(js, want, what);
    }
  }
});

test("group_patch and group_histogram: a group's ink and the unlabelled ink touching it, its histogram", async () => {
  const rng = new Rng(31);
  for (const [w, h] of [[1, 1], [9, 6], [40, 33]]) {
    // Ink of several levels (some of it below the labelling threshold, so unlabelled, some outside 0..1), and zeros.
    const ink = Float32Array.from({ length: w * h }, () => { const u = rng.uniform(); return u < 0.4 ? 0 : u < 0.9 ? rng.uniform() : 1 + rng.uniform() * (u < 0.95 ? 1 : -3); });
    const labels = labelsByDefinition(ink, w, h, 0.5, true);
    const count = Math.max(0, ...labels);
    const member = Uint8Array.from({ length: Math.max(1, count) }, (_, l) => (l > 0 && l % 3 !== 1 ? 1 : 0));
    const mine = (l: number) => l > 0 && l < member.length && member[l] === 1;
    const x0 = w > 2 ? 1 : 0, y0 = h > 2 ? 1 : 0, pw = w - x0, ph = h - y0;
    const patch = new Float32Array(pw * ph), hist = new Uint32Array(1025);
    let counted = 0;
    for (let y = y0; y < h; y++) {
      for (let x = x0; x < w; x++) {
        const i = y * w + x;
        const near = [-1, 0, 1].some((dy) => [-1, 0, 1].some((dx) => x + dx >= 0 && y + dy >= 0 && x + dx < w && y + dy < h && mine(labels[(y + dy) * w + x + dx])));
        if (ink[i] !== 0 && (labels[i] ? mine(labels[i]) : near)) patch[(y - y0) * pw + x - x0] = ink[i];
        if (mine(labels[i])) { counted++; if (Math.round(ink[i] * 1024) >= 0 && Math.round(ink[i] * 1024) <= 1024) hist[Math.round(ink[i] * 1024)]++; }
      }
    }
    const { wasm, js } = await onBoth((m, b) => {
      const p = m.f32(pw * ph), hh = m.i32(1025), l = m.i32(labels), mm = m.u8(member), src = m.f32(ink);
      b.kernels.group_patch(p, src, l, mm, member.length, w, h, x0, y0, pw, ph);
      const c = b.kernels.group_histogram(hh, src, l, mm, member.length, w, x0, y0, pw, ph);
      return { patch: m.read(p, pw * ph), hist: Array.from(m.readU32(hh, 1025)), count: c };
    });
    for (const got of [wasm, js]) {
      sameBits(got.patch, patch, `${w}x${h} patch`);
      assert.equal(got.hist, Array.from(hist), `${w}x${h} histogram`);
      assert.is(got.count, counted, `${w}x${h} count`);
    }
  }
});

test.run();
