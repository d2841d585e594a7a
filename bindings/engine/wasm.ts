// Instantiates the wasm module from its bytes, the same way in Node and in the browser, through
// @assemblyscript/loader. Finding the bytes is the caller's job (bindings/node.ts reads the file; a page
// fetches it), so this file imports nothing platform-specific.

import { instantiate } from "@assemblyscript/loader";
import type { Backend, Kernels } from "./abi.js";
import { KERNEL_NAMES } from "./abi.js";

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
    super("this JavaScript engine has no WebAssembly SIMD (Node 20+ and current browsers do); use the js backend");
    this.name = "SimdUnavailableError";
  }
}

const moduleCache = new WeakMap<object, WebAssembly.Module>();

/** Compiles (once per bytes object) and instantiates the kernels; each call gets its own memory. */
export async function createWasmBackend(source: BufferSource | WebAssembly.Module): Promise<Backend> {
  if (!simdSupported()) throw new SimdUnavailableError();
  let module: WebAssembly.Module;
  if (source instanceof WebAssembly.Module) module = source;
  else {
    module = moduleCache.get(source as object) ?? (await WebAssembly.compile(source));
    moduleCache.set(source as object, module);
  }
  const { exports } = await instantiate<Record<string, unknown>>(module, {});
  const memory = exports.memory as WebAssembly.Memory;
  const kernels = {} as Record<string, unknown>;
  for (const name of KERNEL_NAMES) {
    if (typeof exports[name] !== "function") throw new Error(`the wasm module has no export ${name}: rebuild it (npm run build)`);
    kernels[name] = exports[name];
  }
  const heapBase = (exports.heap_base as () => number)();
  return {
    name: "wasm",
    kernels: kernels as unknown as Kernels,
    heapBase,
    get buffer() { return memory.buffer; },
    ensureMemory(bytes: number) {
      const have = memory.buffer.byteLength;
      if (bytes > have) {
        const pages = Math.ceil((bytes - have) / 65536);
        try {
          memory.grow(pages);
        } catch {
          throw new RangeError(`needs ${(bytes / 2 ** 20).toFixed(0)} MiB of wasm memory, more than this engine allows (at most 4096 MiB)`);
        }
      }
      return memory.buffer;
    },
  };
}
