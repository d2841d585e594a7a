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
  }

  /** `bytes` bytes, 16-byte aligned and followed by 16 readable bytes (kernels finish rows with whole vectors). */
  alloc(bytes: number): number {
    const at = this.top;
    this.top = align16(at + bytes) + 16;
    this.current.reserve(this.top);
    return at;
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

  /** Makes sure `bytes` more can be allocated without growing the memory (growth detaches views). */
  ensure(bytes: number): void {
    this.current.reserve(align16(this.top + bytes) + 16);
  }

  /** Where `bytes` already lies in this workspace's memory (a view taken here since the last growth), or -1. */
  offsetOf(bytes: ArrayBufferView): number {
    return bytes.buffer === this.current.buffer ? bytes.byteOffset : -1;
  }
}

let fallback: ImageWorkspace | undefined;

/** A workspace on the plain-JS engine, for callers that bring none (tests, tools): the same bytes out. */
export function defaultWorkspace(): ImageWorkspace {
  return (fallback ??= new ImageWorkspace(jsEngine()));
}
