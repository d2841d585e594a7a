// The package's browser entry: the public API (api.ts) with no Node built-ins. The .wasm and the
// pretrained model are found through `new URL(..., import.meta.url)`, which bundlers (Vite, webpack)
// turn into asset URLs; or pass their bytes or URLs yourself.

import { createEngine as createEngineFrom } from "./engine/engine.js";
import { Recognizer, type Engine, type EngineChoice, type ImageLike, type Prediction, type WasmSource } from "./api.js";

export * from "./api.js";

/** The engine: "auto" (default) is wasm SIMD where available, else plain JavaScript; `wasm` defaults to wasm-digits.wasm next to this module. */
export function createEngine(choice: EngineChoice = "auto", wasm: WasmSource = new URL("./wasm-digits.wasm", import.meta.url)): Promise<Engine> {
  return createEngineFrom(choice, () => wasm);
}

export interface LoadOptions {
  /** Safetensors bytes or a URL to fetch; default: `../models/pretrained.safetensors` relative to this module. */
  model?: Uint8Array | ArrayBuffer | URL | string;
  /** "auto" (default), "wasm" or "js", or an engine from createEngine. */
  engine?: EngineChoice | Engine;
  /** The .wasm's bytes, module or URL; default: wasm-digits.wasm next to this module. */
  wasm?: WasmSource;
}

/** A Recognizer ready to predict: the pretrained model unless `model` says otherwise. */
export async function loadRecognizer(options: LoadOptions = {}): Promise<Recognizer> {
  const engine = typeof options.engine === "object" ? options.engine : await createEngine(options.engine, options.wasm);
  let model = options.model ?? new URL("../models/pretrained.safetensors", import.meta.url);
  if (typeof model === "string" || model instanceof URL) {
    const response = await fetch(model);
    if (!response.ok) throw new Error(`could not fetch the model ${String(model)}: HTTP ${response.status}`);
    model = new Uint8Array(await response.arrayBuffer());
  }
  return Recognizer.fromBytes(engine, model);
}

/** Anything with a 2-D context: an HTMLCanvasElement or an OffscreenCanvas. */
export interface CanvasLike {
  width: number;
  height: number;
  getContext(type: "2d"): { getImageData(x: number, y: number, w: number, h: number): ImageLike } | null;
}

/** Predicts what is drawn on a canvas (transparent or painted background alike). */
export function predictCanvas(recognizer: Recognizer, canvas: CanvasLike): Prediction {
  const context = canvas.getContext("2d");
  if (!context) throw new Error("the canvas has no 2d context");
  return recognizer.predictImage(context.getImageData(0, 0, canvas.width, canvas.height));
}
