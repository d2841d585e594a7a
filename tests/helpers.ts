// Shared test helpers: one allclose that reports the worst difference and the first mismatches, a
// seeded random filler, and a wasm/js arena pair over the same memory layout.

import * as assert from "uvu/assert";
import { nodeEngine } from "../bindings/node/files.js";
import type { Arena } from "../bindings/engine/engine.js";
import { Rng } from "../bindings/model/rng.js";

export function allclose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-5, atol = 1e-6, what = "values"): void {
  assert.is(actual.length, expected.length, `${what}: length`);
  let worst = 0;
  const bad: string[] = [];
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i], e = expected[i];
    const diff = Math.abs(a - e);
    if (!(diff <= atol + rtol * Math.abs(e))) {
      if (bad.length < 5) bad.push(`[${i}] ${a} vs ${e}`);
    }
    if (diff > worst || Number.isNaN(diff)) worst = Number.isNaN(diff) ? Infinity : diff;
  }
  if (bad.length) assert.unreachable(`${what}: max |diff| ${worst}; first mismatches: ${bad.join(", ")}`);
}

export function randomArray(n: number, rng: Rng, scale = 1): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = (rng.uniform() * 2 - 1) * scale;
  return a;
}

/** A fresh arena of each engine, each with its memory grown to `bytes`. */
export async function backends(bytes = 1 << 20): Promise<{ wasm: Arena; js: Arena }> {
  const wasm = (await nodeEngine("wasm")).newArena();
  const js = (await nodeEngine("js")).newArena();
  wasm.reserve(wasm.heapBase + bytes);
  js.reserve(js.heapBase + bytes);
  return { wasm, js };
}

/** A bump allocator over an arena's memory, for kernel tests that lay out their own tensors. */
export class Layout {
  private at: number;
  constructor(readonly backend: Arena) {
    this.at = (backend.heapBase + 15) & ~15;
  }
  /** Places `values` (f32) and returns the byte offset; 16 bytes of slack follow, as the plan guarantees. */
  f32(values: ArrayLike<number> | number): number {
    const n = typeof values === "number" ? values : values.length;
    const ptr = this.at;
    this.at += ((n * 4 + 15) & ~15) + 16;
    this.backend.reserve(this.at);
    const view = new Float32Array(this.backend.buffer, ptr, n + 4);
    view.fill(0);
    if (typeof values !== "number") view.set(values);
    // Poison the slack: kernels may read it but must never let it reach a result.
    view.fill(NaN, n);
    return ptr;
  }
  i32(values: ArrayLike<number> | number): number {
    const n = typeof values === "number" ? values : values.length;
    const ptr = this.bytes(n * 4);
    if (typeof values !== "number") new Int32Array(this.backend.buffer, ptr, n).set(values);
    return ptr;
  }
  u8(values: ArrayLike<number> | number): number {
    const n = typeof values === "number" ? values : values.length;
    const ptr = this.bytes(n);
    if (typeof values !== "number") new Uint8Array(this.backend.buffer, ptr, n).set(values);
    return ptr;
  }
  f64(values: ArrayLike<number> | number): number {
    const n = typeof values === "number" ? values : values.length;
    const ptr = this.bytes(n * 8);
    if (typeof values !== "number") new Float64Array(this.backend.buffer, ptr, n).set(values);
    return ptr;
  }
  /** `n` zeroed bytes, 16-byte aligned, with 16 bytes of slack after them. */
  bytes(n: number): number {
    const ptr = this.at;
    this.at += ((n + 15) & ~15) + 16;
    this.backend.reserve(this.at);
    new Uint8Array(this.backend.buffer, ptr, n).fill(0);
    return ptr;
  }
  read(ptr: number, n: number): Float32Array {
    return new Float32Array(this.backend.buffer, ptr, n).slice();
  }
  readI32(ptr: number, n: number): Int32Array {
    return new Int32Array(this.backend.buffer, ptr, n).slice();
  }
  readU8(ptr: number, n: number): Uint8Array {
    return new Uint8Array(this.backend.buffer, ptr, n).slice();
  }
  readU32(ptr: number, n: number): Uint32Array {
    return new Uint32Array(this.backend.buffer, ptr, n).slice();
  }
  readF64(ptr: number, n: number): Float64Array {
    return new Float64Array(this.backend.buffer, ptr, n).slice();
  }
}

/**
 * Runs `run` once on a fresh wasm arena and once on a fresh arena of the JS twins, each with its own Layout,
 * and returns both results: a kernel and its twin, given the same inputs, for comparing.
 */
export async function onBoth<T>(run: (memory: Layout, backend: Arena) => T): Promise<{ wasm: T; js: T }> {
  const { wasm, js } = await backends();
  return { wasm: run(new Layout(wasm), wasm), js: run(new Layout(js), js) };
}

/** The same bits, value by value (NaN payloads aside); reports the first differences. */
export function sameBits(actual: ArrayLike<number>, expected: ArrayLike<number>, what = "values"): void {
  assert.is(actual.length, expected.length, `${what}: length`);
  const bad: string[] = [];
  for (let i = 0; i < actual.length && bad.length < 5; i++) {
    if (!Object.is(actual[i], expected[i])) bad.push(`[${i}] ${actual[i]} vs ${expected[i]}`);
  }
  if (bad.length) assert.unreachable(`${what}: not the same bits; first differences: ${bad.join(", ")}`);
}
