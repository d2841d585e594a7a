// The training presets: the reference notebook's model (`seed`) exactly, and better ones beside it.
// A preset is a plain record; training.ts turns it, and the caller's overrides, into one checked spec.

import type { Head } from "../engine/layers.js";

export interface Preset {
  name: string;
  description: string;
  /** Hidden dense layers (ReLU), input to output. */
  hidden: number[];
  head: Head["activation"];
  epochs: number;
  batch: number;
  learningRate: number;
  /** Fraction of the training set held out and reported each epoch. */
  validation: number;
  augment: boolean;
  schedule: "constant" | "cosine";
}

export const PRESETS: Readonly<Record<string, Preset>> = Object.freeze({
  seed: {
    name: "seed",
    description: "the reference notebook: 784-50-50-10, ReLU, sigmoid output with the Keras loss, Adam 1e-3, batch 32, 10 epochs",
    hidden: [50, 50], head: "sigmoid", epochs: 10, batch: 32, learningRate: 0.001, validation: 0, augment: false, schedule: "constant",
  },
  wide: {
    name: "wide",
    description: "784-256-128-10, ReLU, softmax cross-entropy, Adam 1e-3 with cosine decay, batch 64, 12 epochs",
    hidden: [256, 128], head: "softmax", epochs: 12, batch: 64, learningRate: 0.001, validation: 0, augment: false, schedule: "cosine",
  },
  release: {
    name: "release",
    description: "the shipped pretrained model: 784-512-256-10, softmax, trained on augmented images (shifts, rotations, scale, shear, stroke width), Adam 1e-3 with cosine decay, batch 64, 30 epochs",
    hidden: [512, 256], head: "softmax", epochs: 30, batch: 64, learningRate: 0.001, validation: 0, augment: true, schedule: "cosine",
  },
});

export const PRESET_NAMES = Object.keys(PRESETS);

/** The preset of that name, or undefined; never a property of Object.prototype (`toString`, `__proto__`). */
export function presetNamed(name: string): Preset | undefined {
  return Object.hasOwn(PRESETS, name) ? PRESETS[name] : undefined;
}
