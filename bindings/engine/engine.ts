// The vocabulary of the compute side. An Engine is the compiled kernels: the wasm SIMD module, or the
// plain-JS twins. An Arena is one instance of an engine with its own linear memory; every Network
// creates and owns exactly one, so nothing done with one model (loading another, training, growing
// memory) can touch another's numbers. createEngine is the one place the engine is chosen.

import type { Kernels } from "./abi.js";
import type { MemoryViews } from "./memory.js";
import { jsEngine } from "./twins/index.js";
import { compileWasm, simdSupported, SimdUnavailableError, wasmEngine, type WasmSource } from "./wasm.js";

export type EngineKind = "wasm" | "js";
/** "auto" is wasm SIMD where the JavaScript engine has it, plain JS elsewhere. */
export type EngineChoice = "auto" | EngineKind;
export const ENGINE_CHOICES: readonly EngineChoice[] = ["auto", "wasm", "js"];

export interface Engine {
  readonly kind: EngineKind;
  /** A fresh instance with its own memory, owned by whoever asked for it. */
  newArena(): Arena;
}

export interface Arena {
  readonly engine: Engine;
  readonly kernels: Kernels;
  /** First byte a memory plan may use. */
  readonly heapBase: number;
  /** Views of the memory, rebuilt after every growth: never keep one across a call that may grow it. */
  readonly views: MemoryViews;
  readonly buffer: ArrayBuffer;
  /** Makes the memory at least `bytes` long; throws RangeError when the engine cannot. */
  reserve(bytes: number): void;
}

/**
 * The engine for a choice. `wasm` supplies the module's bytes (or module, or URL) and is only called
 * when wasm is wanted, so choosing "js" never reads the file.
 */
export async function createEngine(choice: EngineChoice, wasm: () => WasmSource | Promise<WasmSource>): Promise<Engine> {
  if (!ENGINE_CHOICES.includes(choice)) throw new RangeError(`the engine must be one of ${ENGINE_CHOICES.join(", ")}, got '${String(choice)}'`);
  if (choice === "js" || (choice === "auto" && !simdSupported())) return jsEngine();
  if (!simdSupported()) throw new SimdUnavailableError();
  return wasmEngine(await compileWasm(await wasm()));
}

export { jsEngine, simdSupported, SimdUnavailableError, type WasmSource };
