// Models: presets, and a trained network together with the facts that travel with it in its file
// (architecture, preprocessing, how it was trained). Platform-neutral: bytes in, bytes out.

import { Network, KERAS_ADAM, checkLayers, type AdamConfig } from "../engine/network.js";
import type { Backend } from "../engine/abi.js";
import type { Activation, LayerShape } from "../engine/plan.js";
import { decodeSafetensors, encodeSafetensors, ModelFileError } from "./safetensors.js";

export const IMAGE_SIDE = 28;
export const INPUTS = IMAGE_SIDE * IMAGE_SIDE;
export const CLASSES = 10;
export const PREPROCESSING = "mnist: grayscale, ink bright on black, ink box scaled to 20 px, centred by mass in 28x28, pixels/255";

export interface Preset {
  name: string;
  description: string;
  hidden: number[];
  output: "sigmoid" | "softmax";
  epochs: number;
  batch: number;
  learningRate: number;
  validation: number;
  augment: boolean;
  schedule: "constant" | "cosine";
}

export const PRESETS: Record<string, Preset> = {
  seed: {
    name: "seed",
    description: "the reference notebook: 784-50-50-10, ReLU, sigmoid output with the Keras loss, Adam 1e-3, batch 32, 10 epochs",
    hidden: [50, 50], output: "sigmoid", epochs: 10, batch: 32, learningRate: 0.001, validation: 0, augment: false, schedule: "constant",
  },
  wide: {
    name: "wide",
    description: "784-256-128-10, ReLU, softmax cross-entropy, Adam 1e-3 with cosine decay, batch 64, 12 epochs",
    hidden: [256, 128], output: "softmax", epochs: 12, batch: 64, learningRate: 0.001, validation: 0, augment: false, schedule: "cosine",
  },
  release: {
    name: "release",
    description: "the shipped pretrained model: 784-512-256-10, softmax, trained on augmented images (shifts, rotations, scale, shear, stroke width), Adam 1e-3 with cosine decay, batch 64, 30 epochs",
    hidden: [512, 256], output: "softmax", epochs: 30, batch: 64, learningRate: 0.001, validation: 0, augment: true, schedule: "cosine",
  },
};

/** How a model was trained, as its file records it. */
export interface TrainingRecord {
  preset: string; seed: number; epochs: number; batch: number; learningRate: number; schedule: string;
  validation: number; backend: string; augmentation: string; data: string; testAccuracy: number;
}

/**
 * The metadata strings `train` writes. One function for the CLI and the web page, so that a model trained
 * in the page with the same preset and seed has the same bytes as one trained by the CLI.
 */
export function trainingMetadata(r: TrainingRecord): Record<string, string> {
  return {
    preset: r.preset, seed: String(r.seed), epochs: String(r.epochs), batch: String(r.batch), learning_rate: String(r.learningRate),
    optimizer: "adam beta1=0.9 beta2=0.999 epsilon=1e-7", schedule: r.schedule, validation: String(r.validation), backend: r.backend,
    augmentation: r.augmentation, data: r.data, test_accuracy: r.testAccuracy.toFixed(4),
  };
}

export function layersFor(hidden: number[], output: "sigmoid" | "softmax", inputs = INPUTS, classes = CLASSES): LayerShape[] {
  const sizes = [inputs, ...hidden, classes];
  return sizes.slice(1).map((outputs, i) => ({
    inputs: sizes[i], outputs, activation: (i === hidden.length ? output : "relu") as Activation,
  }));
}

export function lossName(layers: LayerShape[]): string {
  return layers[layers.length - 1].activation === "sigmoid" ? "keras sparse_categorical_crossentropy on sigmoid outputs" : "softmax cross-entropy";
}

export function adamFor(learningRate: number): AdamConfig {
  return { ...KERAS_ADAM, learningRate };
}

/** A network plus its metadata. The network's memory belongs to the backend given at creation. */
export class DigitModel {
  readonly network: Network;
  metadata: Record<string, string>;

  constructor(network: Network, metadata: Record<string, string> = {}) {
    this.network = network;
    this.metadata = metadata;
  }

  static create(backend: Backend, layers: LayerShape[], seed: number, batch = 256): DigitModel {
    const net = new Network(backend, layers, Math.max(batch, 256));
    net.initialize(seed);
    return new DigitModel(net);
  }

  get layers(): LayerShape[] {
    return this.network.layers;
  }

  /** The model as safetensors bytes: tensors dense_i.weight [in, out], dense_i.bias [out]; metadata strings. */
  toSafetensors(): Uint8Array {
    const metadata: Record<string, string> = {
      format: "wasm-digits",
      format_version: "1",
      layers: JSON.stringify(this.layers.map((l) => ({ inputs: l.inputs, outputs: l.outputs, activation: l.activation }))),
      loss: lossName(this.layers),
      input: `${IMAGE_SIDE}x${IMAGE_SIDE} grayscale`,
      preprocessing: PREPROCESSING,
      ...this.metadata,
    };
    return encodeSafetensors(this.network.getTensors(), metadata);
  }

  /** Reads and validates safetensors bytes; throws ModelFileError with the reason. */
  static fromSafetensors(backend: Backend, bytes: Uint8Array, batch = 256): DigitModel {
    const { tensors, metadata } = decodeSafetensors(bytes);
    const layers = layersFromFile(tensors, metadata);
    const net = new Network(backend, layers, batch);
    net.setTensors(tensors);
    const { format, format_version, layers: _l, loss: _loss, input: _i, preprocessing: _p, ...rest } = metadata;
    void format; void format_version; void _l; void _loss; void _i; void _p;
    return new DigitModel(net, rest);
  }
}

function layersFromFile(tensors: { name: string; shape: number[] }[], metadata: Record<string, string>): LayerShape[] {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const count = tensors.filter((t) => /^dense_\d+\.weight$/.test(t.name)).length;
  if (count === 0) throw new ModelFileError("it holds no dense_0.weight tensor: not a wasm-digits model");
  let declared: { activation?: unknown }[] | undefined;
  if (metadata.layers !== undefined) {
    try {
      declared = JSON.parse(metadata.layers);
    } catch {
      throw new ModelFileError("metadata 'layers' is not valid JSON");
    }
    if (!Array.isArray(declared) || declared.length !== count) throw new ModelFileError(`metadata declares ${Array.isArray(declared) ? declared.length : "no"} layers but the file has ${count} weight tensors`);
  }
  const layers: LayerShape[] = [];
  for (let i = 0; i < count; i++) {
    const w = byName.get(`dense_${i}.weight`), b = byName.get(`dense_${i}.bias`);
    if (!w) throw new ModelFileError(`tensor dense_${i}.weight is missing`);
    if (!b) throw new ModelFileError(`tensor dense_${i}.bias is missing`);
    if (w.shape.length !== 2) throw new ModelFileError(`dense_${i}.weight must be 2-D [in, out], has shape [${w.shape.join(", ")}]`);
    if (b.shape.length !== 1 || b.shape[0] !== w.shape[1]) throw new ModelFileError(`dense_${i}.bias has shape [${b.shape.join(", ")}], expected [${w.shape[1]}]`);
    const last = i === count - 1;
    const activation = (declared?.[i]?.activation ?? (last ? "softmax" : "relu")) as Activation;
    layers.push({ inputs: w.shape[0], outputs: w.shape[1], activation });
  }
  const expectedNames = new Set(layers.flatMap((_, i) => [`dense_${i}.weight`, `dense_${i}.bias`]));
  for (const t of tensors) if (!expectedNames.has(t.name)) throw new ModelFileError(`unexpected tensor ${t.name}`);
  try {
    checkLayers(layers);
  } catch (e) {
    throw new ModelFileError((e as Error).message);
  }
  if (layers[0].inputs !== INPUTS) throw new ModelFileError(`the first layer takes ${layers[0].inputs} inputs; a digit model takes ${INPUTS} (28x28)`);
  if (layers[layers.length - 1].outputs !== CLASSES) throw new ModelFileError(`the last layer gives ${layers[layers.length - 1].outputs} outputs; a digit model gives ${CLASSES}`);
  return layers;
}
