// The plain-JavaScript engine: every kernel's twin (one file per file of assembly/, same names and
// signatures) over an ArrayBuffer laid out exactly like wasm memory. It is the test oracle, the
// benchmark baseline and the engine where WebAssembly SIMD is missing.

import { bindKernels } from "../abi.js";
import { MemoryViews } from "../memory.js";
import { activationTwins } from "./activations.js";
import { adamTwins } from "./adam.js";
import { batchTwins } from "./batch.js";
import { denseTwins } from "./dense.js";
import { lossTwins } from "./loss.js";
import { pngTwins } from "./png.js";
import { updateTwins } from "./update.js";
import { planeTwins } from "./planes.js";
import { filterTwins } from "./filters.js";
import { darknessTwins } from "./darkness.js";
import { histogramTwins } from "./histogram.js";
import { componentTwins } from "./components.js";
import { projectTwins } from "./project.js";
import { shadeTwins } from "./shade.js";
import { resampleTwins } from "./resample.js";
import { morphTwins } from "./morph.js";
import { placeTwins } from "./place.js";
import type { Arena, Engine } from "../engine.js";

/** The twins' first usable byte: wasm keeps its static data below heap_base; here there is none. */
const HEAP_BASE = 16;
/** The same ceiling as wasm32, so both engines refuse the same networks. */
const MAX_BYTES = 65536 * 65536;

function twinArena(engine: Engine): Arena {
  let buffer = new ArrayBuffer(1 << 16);
  const views = new MemoryViews(() => buffer);
  const kernels = bindKernels({
    ...denseTwins(views), ...activationTwins(views), ...lossTwins(views), ...adamTwins(views), ...batchTwins(views), ...pngTwins(views), ...updateTwins(views),
    ...planeTwins(views), ...filterTwins(views), ...darknessTwins(views), ...histogramTwins(views), ...componentTwins(views),
    ...projectTwins(views), ...shadeTwins(views), ...resampleTwins(views), ...morphTwins(views), ...placeTwins(views),
  }, "the JS twins");
  return {
    engine,
    kernels,
    heapBase: HEAP_BASE,
    views,
    get buffer() { return buffer; },
    reserve(bytes: number): void {
      if (bytes <= buffer.byteLength) return;
      if (bytes > MAX_BYTES) throw new RangeError(`needs ${(bytes / 2 ** 20).toFixed(0)} MiB of memory, more than this engine allows (at most 4096 MiB)`);
      const grown = new ArrayBuffer(Math.ceil(bytes / 65536) * 65536);
      new Uint8Array(grown).set(new Uint8Array(buffer));
      buffer = grown;
    },
  };
}

export function jsEngine(): Engine {
  const engine: Engine = { kind: "js", newArena: () => twinArena(engine) };
  return engine;
}
