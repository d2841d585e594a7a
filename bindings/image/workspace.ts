// The memory an image is worked on in: one arena (an instance of the engine of its own, so the image
// kernels never touch a network's memory) and a bump allocator reset for every image. Offsets, not
// views, are what passes keep: an allocation may grow the memory, and growth detaches earlier views.

import type { Kernels } from "../engine/abi.js";
import type { Arena, Engine } from "../engine/engine.js";
import { jsEngine } from "../engine/twins/index.js";

/** Past this size an arena is replaced after its image: one large photo should not hold memory forever. */
const KEEP_BYTES = 256 * 2 ** 20;
const align16 = (n: number) => Math.ceil(n / 16) * 16;

export class ImageWorkspace {
  private current: Arena;
  private top = 0;
  /** While a picture's passes hold views, the memory may not grow past this (see hold). */
  private limit = Infinity;
  /** Scratch kept by name for the picture being read (see named). */
  private names = new Map<string, { at: number; bytes: number }>();

  constructor(readonly engine: Engine) {
    this.current = engine.newArena();
    this.reset();
  }

  get arena(): Arena {
    return this.current;
  }

  get kernels(): Kernels {
    return this.current.kernels;
  }

  /** Starts a new image: everything allocated before is free again. */
  reset(): void {
    if (this.current.buffer.byteLength > KEEP_BYTES) this.current = this.engine.newArena();
    this.top = align16(this.current.heapBase);
    this.limit = Infinity;
    this.names.clear();
  }

  /** `bytes` bytes, 16-byte aligned and followed by 16 readable bytes (kernels finish rows with whole vectors). */
  alloc(bytes: number): number {
    const at = this.top;
    this.top = align16(at + bytes) + 16;
    // Growing now would detach the views a picture's passes hold: a wrong answer, silently. Refuse loudly.
    if (this.top > this.limit) throw new RangeError(`the image workspace needs more than the ${this.limit} bytes held for this picture`);
    this.current.reserve(this.top);
    return at;
  }

  /**
   * Makes room for `bytes` more, then refuses to grow until the next reset: views taken from now on stay
   * valid. A picture's passes share views of its planes, so readDigits holds room for all of them at once.
   */
  hold(bytes: number): void {
    this.ensure(bytes);
    this.limit = this.current.buffer.byteLength;
    this.names.clear();
  }

  /** At least `bytes` of scratch under `name`, the same place each time the picture asks (until reset or hold). */
  named(name: string, bytes: number): number {
    let room = this.names.get(name);
    if (!room || room.bytes < bytes) {
      room = { at: this.alloc(bytes), bytes };
      this.names.set(name, room);
    }
    return room.at;
  }

  u8(at: number, length: number): Uint8Array {
    return this.current.views.u8.subarray(at, at + length);
  }

  f32(at: number, length: number): Float32Array {
    return this.current.views.f32.subarray(at >> 2, (at >> 2) + length);
  }

  i32(at: number, length: number): Int32Array {
    return this.current.views.i32.subarray(at >> 2, (at >> 2) + length);
  }

  u32(at: number, length: number): Uint32Array {
    return this.current.views.u32.subarray(at >> 2, (at >> 2) + length);
  }

  f64(at: number, length: number): Float64Array {
    return this.current.views.f64.subarray(at >> 3, (at >> 3) + length);
  }

  /** Whether `bytes` more can be allocated now without passing the room held for the picture (see hold). */
  fits(bytes: number): boolean {
    return align16(this.top + bytes) + 16 <= this.limit;
  }

  /** Makes sure `bytes` more can be allocated without growing the memory (growth detaches views). */
  ensure(bytes: number): void {
    this.current.reserve(align16(this.top + bytes) + 16);
  }

  /** Where `bytes` already lies in this workspace's memory (a view taken here since the last growth), or -1. */
  offsetOf(bytes: ArrayBufferView | ArrayLike<number>): number {
    return (bytes as ArrayBufferView).buffer === this.current.buffer ? (bytes as ArrayBufferView).byteOffset : -1;
  }
}

let fallback: ImageWorkspace | undefined;

/** A workspace on the plain-JS engine, for callers that bring none (tests, tools): the same bytes out. */
export function defaultWorkspace(): ImageWorkspace {
  return (fallback ??= new ImageWorkspace(jsEngine()));
}

let active: ImageWorkspace | undefined;

/**
 * Runs `work` with `ws` as the workspace the image passes (paper.ts, lines.ts, segment.ts, recipe.ts) run
 * their kernels in: readDigits sets it for one picture, so the passes keep their signatures.
 */
export function inWorkspace<T>(ws: ImageWorkspace, work: () => T): T {
  const before = active;
  active = ws;
  try {
    return work();
  } finally {
    active = before;
  }
}

/** The workspace of the picture being read, or the default one outside readDigits. */
export function activeWorkspace(): ImageWorkspace {
  return active ?? defaultWorkspace();
}

/** The workspace of the picture being read; undefined outside readDigits. */
export function pictureWorkspace(): ImageWorkspace | undefined {
  return active;
}

/**
 * n zeroed f32 beside `of`: in the picture's workspace when `of` lies there (so kernels take both in place),
 * else a plain array. For the small images of one digit (patches, working images).
 */
export function f32Beside(of: ArrayBufferView, n: number): Float32Array {
  const ws = active;
  return ws && ws.offsetOf(of) >= 0 ? ws.f32(ws.alloc(n * 4), n).fill(0) : new Float32Array(n);
}

/** n zeroed i32 beside `of` (see f32Beside). */
export function i32Beside(of: ArrayBufferView, n: number): Int32Array {
  const ws = active;
  return ws && ws.offsetOf(of) >= 0 ? ws.i32(ws.alloc(n * 4), n).fill(0) : new Int32Array(n);
}

/** Per engine, a workspace for arrays that live elsewhere (a test's, a tool's): copied in and back out. */
const scratchSpace = new Map<Engine, ImageWorkspace>();

/**
 * Calls `run` with the kernels, the byte offset of each array and then of `scratch` bytes of scratch. Arrays
 * in the active workspace (a picture's planes) are used in place; otherwise every array is copied into a
 * scratch workspace of the same engine and copied back afterwards, so a pass called on arrays of its own
 * (tests, tools) gives the same bits.
 */
export function onArrays<R>(arrays: ArrayBufferView[], run: (k: Kernels, ...at: number[]) => R, scratch = 0): R {
  const ws = activeWorkspace();
  const at = arrays.map((a) => ws.offsetOf(a));
  if (!at.includes(-1)) return run(ws.kernels, ...at, scratch ? ws.alloc(scratch) : 0);
  let own = scratchSpace.get(ws.engine);
  if (!own) scratchSpace.set(ws.engine, (own = new ImageWorkspace(ws.engine)));
  own.reset();
  const offsets = arrays.map((a) => own.alloc(a.byteLength));
  const extra = scratch ? own.alloc(scratch) : 0;
  const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  arrays.forEach((a, i) => own.u8(offsets[i], a.byteLength).set(bytes(a)));
  const result = run(own.kernels, ...offsets, extra);
  arrays.forEach((a, i) => bytes(a).set(own.u8(offsets[i], a.byteLength)));
  return result;
}
