// The wasm engine: compiles the module once per source, and instantiates it once per arena, each
// instance with its own memory. The module has no imports, so instantiation is synchronous and cheap.
// Finding the bytes is the caller's job (bindings/node/files.ts reads the file; a page fetches it).

import { bindKernels } from "./abi.js";
import { MemoryViews } from "./memory.js";
import type { Arena, Engine, SharedArena, ThreadPlatform } from "./engine.js";

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

/** Shared WebAssembly memory exists here and may be used (in a page: only when cross-origin isolated). */
export function sharedMemoryAllowed(): boolean {
  if (typeof SharedArrayBuffer === "undefined" || typeof Atomics === "undefined") return false;
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
}

export function wasmEngine(module: WebAssembly.Module, threads?: ThreadPlatform): Engine {
  let shared: Promise<WebAssembly.Module> | undefined;
  const engine: Engine = {
    kind: "wasm",
    newArena: () => wasmArena(engine, new WebAssembly.Instance(module, {})),
    threads: threads && {
      module: () => (shared ??= Promise.resolve(threads.wasm()).then(compileWasm)),
      newArena: (sharedModule, bytes, maximumBytes) => sharedArena(engine, sharedModule, bytes, maximumBytes),
      spawn: threads.spawn,
    },
  };
  return engine;
}

const PAGE = 65536;
const pagesFor = (bytes: number) => Math.ceil(bytes / PAGE);

/**
 * An arena of the shared-memory build (the same kernels, compiled from the same source, importing its
 * memory): threads instantiate the same module over this memory. Shared memory cannot move, so its
 * largest size is fixed here.
 */
function sharedArena(engine: Engine, module: WebAssembly.Module, bytes: number, maximumBytes: number): SharedArena {
  const maximum = Math.min(pagesFor(MAX_BYTES), Math.max(pagesFor(bytes), pagesFor(maximumBytes)));
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: pagesFor(bytes), maximum, shared: true });
  } catch {
    throw new RangeError(`could not reserve ${(maximum * PAGE / 2 ** 20).toFixed(0)} MiB of shared memory for training threads; try --threads 1`);
  }
  const arena = wasmArena(engine, new WebAssembly.Instance(module, { env: { memory } }), memory);
  return { ...arena, memory, module, get buffer() { return memory.buffer; } };
}

function wasmArena(engine: Engine, instance: WebAssembly.Instance, imported?: WebAssembly.Memory): Arena {
  const exports = instance.exports as Record<string, unknown>;
  const memory = imported ?? (exports.memory as WebAssembly.Memory);
  const views = new MemoryViews(() => memory.buffer as ArrayBuffer);
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
        memory.grow(pagesFor(bytes - have));
      } catch {
        throw new RangeError(`needs ${(bytes / 2 ** 20).toFixed(0)} MiB of wasm memory, more than this engine allows (at most 4096 MiB)`);
      }
    },
  };
}
