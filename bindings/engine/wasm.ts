// The wasm engine: compiles the module once per source, and instantiates it once per arena, each
// instance with its own memory. The module has no imports, so instantiation is synchronous and cheap.
// Finding the bytes is the caller's job (bindings/node/files.ts reads the file; a page fetches it).

import { bindKernels } from "./abi.js";
import { MemoryViews } from "./memory.js";
import type { Arena, Engine } from "./engine.js";

/** Where the engine's .wasm comes from: its bytes, a compiled module, or a URL to fetch. */
export type WasmSource = BufferSource | WebAssembly.Module | URL | string;

/** The smallest module that uses a SIMD instruction (v128.const): validates only where SIMD128 exists. */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11,
]);

export function simdSupported(): boolean {
  return typeof WebAssembly === "object" && WebAssembly.validate(SIMD_PROBE);
}

export class SimdUnavailableError extends Error {
  constructor() {
    super("this JavaScript engine has no WebAssembly SIMD (Node 20+ and current browsers do); use the js engine");
    this.name = "SimdUnavailableError";
  }
}

/** 4 GiB: wasm32's whole address space. */
const MAX_BYTES = 65536 * 65536;
const compiled = new WeakMap<object, Promise<WebAssembly.Module>>();

/** Compiles the module, once per bytes object (a process that loads several models compiles once). */
export function compileWasm(source: WasmSource): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return Promise.resolve(source);
  if (typeof source === "string" || source instanceof URL) return fetchAndCompile(source);
  let module = compiled.get(source);
  if (!module) {
    module = WebAssembly.compile(source);
    compiled.set(source, module);
  }
  return module;
}

async function fetchAndCompile(url: URL | string): Promise<WebAssembly.Module> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not fetch the wasm module ${String(url)}: HTTP ${response.status}`);
  return WebAssembly.compile(await response.arrayBuffer());
}

export function wasmEngine(module: WebAssembly.Module): Engine {
  const engine: Engine = { kind: "wasm", newArena: () => wasmArena(engine, module) };
  return engine;
}

function wasmArena(engine: Engine, module: WebAssembly.Module): Arena {
  const exports = new WebAssembly.Instance(module, {}).exports as Record<string, unknown>;
  const memory = exports.memory as WebAssembly.Memory;
  const views = new MemoryViews(() => memory.buffer);
  return {
    engine,
    kernels: bindKernels(exports, "the wasm module"),
    heapBase: (exports.heap_base as () => number)(),
    views,
    get buffer() { return memory.buffer; },
    reserve(bytes: number): void {
      const have = memory.buffer.byteLength;
      if (bytes <= have) return;
      if (bytes > MAX_BYTES) throw new RangeError(`needs ${(bytes / 2 ** 20).toFixed(0)} MiB of wasm memory, more than this engine allows (at most 4096 MiB)`);
      try {
        memory.grow(Math.ceil((bytes - have) / 65536));
      } catch {
        throw new RangeError(`needs ${(bytes / 2 ** 20).toFixed(0)} MiB of wasm memory, more than this engine allows (at most 4096 MiB)`);
      }
    },
  };
}
