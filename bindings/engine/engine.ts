// The vocabulary of the compute side. An Engine is the compiled kernels: the wasm SIMD module, or the
// plain-JS twins. An Arena is one instance of an engine with its own linear memory; every Network
// creates and owns exactly one, so nothing done with one model (loading another, training, growing
// memory) can touch another's numbers. createEngine is the one place the engine is chosen.

import type { Kernels } from "./abi.js";
import type { Architecture } from "./layers.js";
import type { MemoryViews } from "./memory.js";
import type { MemoryPlan } from "./plan.js";
import { jsEngine } from "./twins/index.js";
import { compileWasm, sharedMemoryAllowed, simdSupported, SimdUnavailableError, wasmEngine, type WasmSource } from "./wasm.js";

export type EngineKind = "wasm" | "js";
/** "auto" is wasm SIMD where the JavaScript engine has it, plain JS elsewhere. */
export type EngineChoice = "auto" | EngineKind;
export const ENGINE_CHOICES: readonly EngineChoice[] = ["auto", "wasm", "js"];

export interface Engine {
  readonly kind: EngineKind;
  /** A fresh instance with its own memory, owned by whoever asked for it. */
  newArena(): Arena;
  /** Present when this engine can train on several threads (wasm, shared memory allowed, a way to start threads). */
  readonly threads?: ThreadSupport;
}

/** What a thread needs to join a training run: the shared-memory module, the memory, its place in the split. */
export interface ThreadInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  plan: MemoryPlan;
  architecture: Architecture;
  thread: number;
  threads: number;
}

/** A started thread: ready to take steps; terminate() ends it whatever it is doing. */
export interface ThreadHandle {
  terminate(): void | Promise<unknown>;
}

export interface ThreadSupport {
  /** The shared-memory build of the module (compiled on first use). */
  module(): Promise<WebAssembly.Module>;
  /** An arena over a new shared memory of at least `bytes`, growable to `maximumBytes`. */
  newArena(module: WebAssembly.Module, bytes: number, maximumBytes: number): SharedArena;
  /** Starts one helper thread on the platform (worker_threads, Web Workers); resolves once it is ready. */
  spawn(init: ThreadInit): Promise<ThreadHandle>;
}

export interface SharedArena extends Arena {
  readonly memory: WebAssembly.Memory;
  readonly module: WebAssembly.Module;
}

/** How a platform starts threads: the shared module's bytes and its thread entry. */
export interface ThreadPlatform {
  wasm: () => WasmSource | Promise<WasmSource>;
  spawn: (init: ThreadInit) => Promise<ThreadHandle>;
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
 * when wasm is wanted, so choosing "js" never reads the file. With `threads`, a wasm engine can train
 * on several threads where shared memory is allowed (Node; a cross-origin isolated page).
 */
export async function createEngine(choice: EngineChoice, wasm: () => WasmSource | Promise<WasmSource>, threads?: ThreadPlatform): Promise<Engine> {
  if (!ENGINE_CHOICES.includes(choice)) throw new RangeError(`the engine must be one of ${ENGINE_CHOICES.join(", ")}, got '${String(choice)}'`);
  if (choice === "js" || (choice === "auto" && !simdSupported())) return jsEngine();
  if (!simdSupported()) throw new SimdUnavailableError();
  return wasmEngine(await compileWasm(await wasm()), threads && sharedMemoryAllowed() ? threads : undefined);
}

export { jsEngine, simdSupported, SimdUnavailableError, type WasmSource };
