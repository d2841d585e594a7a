// A model: a network together with the facts that travel with it in its file (architecture,
// preprocessing, how it was trained), and the safetensors form of both. Platform-neutral: bytes in,
// bytes out. Loading a model to predict plans only what prediction needs (no gradients, no Adam state).

import { CLASSES, IMAGE_SIDE, INPUTS, PREPROCESSING } from "../digits.js";
import type { Engine } from "../engine/engine.js";
import { checkArchitecture, HEADS, type Architecture, type Head, type Layer } from "../engine/layers.js";
import { Network, type NetworkOptions } from "../engine/network.js";
import { Rng } from "./rng.js";
import { decodeSafetensors, encodeSafetensors, ModelFileError } from "./safetensors.js";

/** Rows per forward pass for a model loaded to predict: many images share one pass, memory stays small. */
export const PREDICT_BATCH = 64;

export class Model {
  readonly network: Network;
  metadata: Record<string, string>;

  constructor(network: Network, metadata: Record<string, string> = {}) {
    this.network = network;
    this.metadata = metadata;
  }

  /** A new network with Keras' initialisation: Glorot-uniform weights, zero biases (https://proceedings.mlr.press/v9/glorot10a.html). */
  static initialize(engine: Engine, architecture: Architecture, seed: number, options: NetworkOptions): Model {
    const network = new Network(engine, architecture, options);
    const rng = new Rng(seed);
    for (const [i, layer] of network.layers.entries()) {
      const limit = Math.sqrt(6 / (layer.inputs + layer.outputs));
      const slots = network.plan.layers[i];
      const w = network.tensorView(slots.weight);
      for (let k = 0; k < w.length; k++) w[k] = (rng.uniform() * 2 - 1) * limit;
      network.tensorView(slots.bias).fill(0);
    }
    network.resetOptimizer();
    return new Model(network);
  }

  get architecture(): Architecture {
    return this.network.architecture;
  }

  /** The model as safetensors bytes: tensors dense_i.weight [in, out], dense_i.bias [out]; metadata strings. */
  toSafetensors(): Uint8Array {
    const metadata: Record<string, string> = {
      format: "wasm-digits",
      format_version: "1",
      layers: JSON.stringify(fileLayers(this.architecture)),
      loss: this.architecture.head.loss,
      input: `${IMAGE_SIDE}x${IMAGE_SIDE} grayscale`,
      preprocessing: PREPROCESSING,
      ...this.metadata,
    };
    return encodeSafetensors(this.network.getTensors(), metadata);
  }

  /** Reads and validates safetensors bytes into a network that predicts; throws ModelFileError with the reason. */
  static fromSafetensors(engine: Engine, bytes: Uint8Array, batch = PREDICT_BATCH): Model {
    const { tensors, metadata } = decodeSafetensors(bytes);
    const architecture = architectureFromFile(tensors, metadata);
    const network = new Network(engine, architecture, { batch });
    network.setTensors(tensors);
    const { format, format_version, layers, loss, input, preprocessing, ...rest } = metadata;
    void [format, format_version, layers, loss, input, preprocessing];
    return new Model(network, rest);
  }
}

/**
 * The file's "layers" entry, as every model file since the first has it: one {inputs, outputs,
 * activation} per dense layer, where the last layer's activation names the head (sigmoid or softmax).
 */
interface FileLayer { inputs: number; outputs: number; activation: string }

function fileLayers(a: Architecture): FileLayer[] {
  return a.layers.map((l, i) => ({ inputs: l.inputs, outputs: l.outputs, activation: i === a.layers.length - 1 ? a.head.activation : l.activation }));
}

function architectureFromFile(tensors: { name: string; shape: number[] }[], metadata: Record<string, string>): Architecture {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const count = tensors.filter((t) => /^dense_\d+\.weight$/.test(t.name)).length;
  if (count === 0) throw new ModelFileError("it holds no dense_0.weight tensor: not a wasm-digits model");
  let declared: unknown;
  if (metadata.layers !== undefined) {
    try {
      declared = JSON.parse(metadata.layers);
    } catch {
      throw new ModelFileError("metadata 'layers' is not valid JSON");
    }
    if (!Array.isArray(declared) || declared.length !== count) {
      throw new ModelFileError(`metadata declares ${Array.isArray(declared) ? declared.length : "no"} layers but the file has ${count} weight tensors`);
    }
  }
  const activationOf = (i: number, fallback: string) => {
    const entry = (declared as unknown[] | undefined)?.[i];
    const a = entry && typeof entry === "object" ? (entry as { activation?: unknown }).activation : undefined;
    return typeof a === "string" ? a : fallback;
  };
  const layers: Layer[] = [];
  let head: Head | undefined;
  for (let i = 0; i < count; i++) {
    const w = byName.get(`dense_${i}.weight`), b = byName.get(`dense_${i}.bias`);
    if (!w) throw new ModelFileError(`tensor dense_${i}.weight is missing`);
    if (!b) throw new ModelFileError(`tensor dense_${i}.bias is missing`);
    if (w.shape.length !== 2) throw new ModelFileError(`dense_${i}.weight must be 2-D [in, out], has shape [${w.shape.join(", ")}]`);
    if (b.shape.length !== 1 || b.shape[0] !== w.shape[1]) throw new ModelFileError(`dense_${i}.bias has shape [${b.shape.join(", ")}], expected [${w.shape[1]}]`);
    const last = i === count - 1;
    const activation = activationOf(i, last ? "softmax" : "relu");
    if (last) {
      if (activation !== "sigmoid" && activation !== "softmax") throw new ModelFileError(`layer ${i} is the output layer: sigmoid or softmax, not ${activation}`);
      head = HEADS[activation];
    } else if (activation !== "relu" && activation !== "linear") {
      throw new ModelFileError(`layer ${i} cannot use activation ${activation} (hidden layers: relu or linear)`);
    }
    layers.push({ kind: "dense", inputs: w.shape[0], outputs: w.shape[1], activation: last ? "linear" : (activation as Layer["activation"]) });
  }
  const expectedNames = new Set(layers.flatMap((_, i) => [`dense_${i}.weight`, `dense_${i}.bias`]));
  for (const t of tensors) if (!expectedNames.has(t.name)) throw new ModelFileError(`unexpected tensor ${t.name}`);
  const architecture = { layers, head: head! };
  try {
    checkArchitecture(architecture);
  } catch (e) {
    throw new ModelFileError((e as Error).message);
  }
  if (layers[0].inputs !== INPUTS) throw new ModelFileError(`the first layer takes ${layers[0].inputs} inputs; a digit model takes ${INPUTS} (28x28)`);
  if (layers[layers.length - 1].outputs !== CLASSES) throw new ModelFileError(`the last layer gives ${layers[layers.length - 1].outputs} outputs; a digit model gives ${CLASSES}`);
  return architecture;
}
