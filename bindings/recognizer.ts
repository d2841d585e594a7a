// The one prediction path: images in (PNG bytes, RGBA pixels, or prepared 28x28 arrays), answers out.
// Every image is checked, decoded and preprocessed, its pixels written into the network's input region,
// and the batch goes through the network in as few forward passes as the planned batch allows. The CLI,
// the page and the library all predict through a Recognizer. Not here: reading files, printing.

import { CLASSES, INPUTS } from "./digits.js";
import type { Engine } from "./engine/engine.js";
import { decodePngInPlace, MAX_PIXELS } from "./image/png.js";
import { defaultWorkspace, ImageWorkspace } from "./image/workspace.js";
import { preprocessImage as preprocessChecked, readDigits, type Preprocessed, type RgbaInput } from "./image/preprocess.js";
import { Model } from "./model/model.js";
import type { Dataset } from "./model/idx.js";
import { evaluate } from "./model/fit.js";

/** One digit read from an image. */
export interface DigitAnswer {
  digit: number;
  /** The digit's probability, 0..1. */
  confidence: number;
  /** Probability of each digit 0-9. */
  probabilities: number[];
  /** Where the digit is, [x, y, width, height] in the image's pixels (the whole 28x28 for prepared pixels). */
  box: [number, number, number, number];
  /** The 28x28 image (784 values 0..1, ink bright) the network saw. */
  pixels: Float32Array;
}

export interface Prediction {
  /** The recognised digit when the image holds exactly one; null when it holds none (blank) or several. */
  digit: number | null;
  /** That digit's probability (0..1); null when the image holds several digits, 0 when blank. */
  confidence: number | null;
  /** Probability of each digit 0-9; null when the image holds several, all 0 when blank. */
  probabilities: number[] | null;
  /** The digits read left to right ("7", "42"); null when blank. */
  number: string | null;
  /** One entry per digit, in reading order; empty when blank. */
  digits: DigitAnswer[];
  /** True when no digit was found: an empty page, one flat colour, a few specks. */
  blank: boolean;
  /** Why the image counts as blank, one phrase ("no ink found (only specks)"). */
  reason?: string;
  /** The 28x28 the network saw for the first digit (all 0 when blank). */
  pixels: Float32Array;
}

/** What a Recognizer reads: PNG file bytes, RGBA pixels, or a prepared 28x28 image (see predictPixels). */
export type ImageLike = { width: number; height: number; data: ArrayLike<number> } | RgbaInput;
export type ImageInput = Uint8Array | ArrayBuffer | ImageLike;

/** An input that is not an image this package can read (wrong type, size, or values); one sentence. */
export class InputError extends TypeError {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

/** A non-finite network output: the model's weights overflow for this image. Never answered as a digit. */
export class NonFiniteOutputError extends Error {
  constructor() {
    super("the model's outputs are not finite numbers for this image (its weights are too large to use)");
    this.name = "NonFiniteOutputError";
  }
}

/** Per image, from predictEach: its prediction, or the error that kept it from one. */
export type Outcome = { prediction: Prediction; error?: undefined } | { prediction?: undefined; error: Error };

/**
 * An image after checking and preprocessing: the 28x28 of each digit found, or why there is none. What
 * seeImage makes (in any thread) and Recognizer.answer turns into answers.
 */
export interface Seen {
  digits: { pixels: Float32Array; box: [number, number, number, number] }[];
  reason?: string;
}

export class Recognizer {
  /** The model (network and metadata); its network owns its own memory, shared with no other Recognizer. */
  readonly model: Model;
  /** Where this recognizer decodes and preprocesses: an instance of the model's engine of its own. */
  readonly workspace: ImageWorkspace;

  constructor(model: Model) {
    this.model = model;
    this.workspace = new ImageWorkspace(model.network.arena.engine);
  }

  /** A recognizer from safetensors bytes (a file this package or the CLI wrote); throws ModelFileError. */
  static fromBytes(engine: Engine, bytes: Uint8Array | ArrayBuffer): Recognizer {
    return new Recognizer(Model.fromSafetensors(engine, toBytes(bytes, "model bytes")));
  }

  /** How the model was trained (preset, epochs, test accuracy, ...), from its file. */
  get metadata(): Record<string, string> {
    return this.model.metadata;
  }

  /**
   * Predicts many images in as few forward passes as possible; per image, its prediction or its own
   * error (a bad PNG, a bad size), so one bad image never costs the others their answers.
   */
  predictEach(images: ImageInput[]): Outcome[] {
    return this.answer(images.map((image) => trySee(() => seeImage(image, this.workspace))));
  }

  /** Like predictEach, but throws the first image's error (PngError, InputError, ...). */
  predictMany(images: ImageInput[]): Prediction[] {
    return this.predictEach(images).map(unwrap);
  }

  /** PNG file bytes; throws PngError for a file that is not a readable PNG. */
  predictPng(bytes: Uint8Array | ArrayBuffer): Prediction {
    if (!(bytes instanceof Uint8Array) && !(bytes instanceof ArrayBuffer)) throw new InputError(`predictPng takes PNG file bytes (a Uint8Array or ArrayBuffer), got ${describe(bytes)}`);
    return this.predictMany([bytes])[0];
  }

  /** RGBA pixels: a canvas's ImageData, or {width, height, rgba}. */
  predictImage(image: ImageLike): Prediction {
    return unwrap(this.answer([trySee(() => seeRgba(image, this.workspace))])[0]);
  }

  /**
   * An already-prepared 28x28 image, ink bright on black, row by row: 784 values 0..1, or whole numbers
   * 0..255 (as MNIST stores them). Anything else (NaN, negatives, 1.5) is an InputError, never a guess.
   */
  predictPixels(pixels: ArrayLike<number>): Prediction {
    return unwrap(this.answer([trySee(() => seePixels(pixels))])[0]);
  }

  /** The model as safetensors bytes, which the CLI (`--model`) and Python's safetensors read. */
  toBytes(): Uint8Array {
    return this.model.toSafetensors();
  }

  /** Accuracy and confusion matrix on a labelled data set. */
  evaluate(data: Dataset): { accuracy: number; confusion: number[][] } {
    const e = evaluate(this.model.network, data);
    return { accuracy: e.accuracy, confusion: e.confusion };
  }

  /**
   * Answers images already seen (by seeImage, here or in other threads; an Error stands for an image that
   * could not be): every digit's 28x28 goes into the network's input region, and a forward pass runs
   * whenever the region is full, and once at the end.
   */
  answer(seen: (Seen | Error)[]): Outcome[] {
    const network = this.model.network;
    const rowsPerPass = network.plan.batch;
    const answers: DigitAnswer[][] = seen.map(() => []);
    let pending: { image: number; digit: number }[] = [];
    const flush = () => {
      if (pending.length === 0) return;
      const probs = network.predictRows(pending.length);
      pending.forEach(({ image, digit }, row) => {
        const p = Array.from(probs.subarray(row * CLASSES, (row + 1) * CLASSES));
        const d = (seen[image] as Seen).digits[digit];
        answers[image][digit] = { ...answerOf(p), box: d.box, pixels: d.pixels };
      });
      pending = [];
    };
    seen.forEach((s, image) => {
      if (s instanceof Error) return;
      s.digits.forEach((d, digit) => {
        if (pending.length === rowsPerPass) flush();
        network.inputView(pending.length + 1).set(d.pixels, pending.length * INPUTS);
        pending.push({ image, digit });
      });
    });
    flush();
    return seen.map((s, i) => (s instanceof Error ? { error: s } : outcome(s, answers[i])));
  }
}

function unwrap(o: Outcome): Prediction {
  if (o.error) throw o.error;
  return o.prediction;
}

function answerOf(p: number[]): Omit<DigitAnswer, "box" | "pixels"> {
  let digit = 0;
  for (let c = 1; c < p.length; c++) if (p[c] > p[digit]) digit = c;
  return { digit, confidence: p[digit], probabilities: p };
}

function outcome(s: Seen, digits: DigitAnswer[]): Outcome {
  if (digits.some((d) => !d.probabilities.every(Number.isFinite))) return { error: new NonFiniteOutputError() };
  if (digits.length === 0) {
    return {
      prediction: {
        digit: null, confidence: 0, probabilities: new Array(CLASSES).fill(0), number: null, digits: [], blank: true,
        reason: s.reason ?? "no digit found", pixels: new Float32Array(INPUTS),
      },
    };
  }
  const one = digits.length === 1 ? digits[0] : undefined;
  return {
    prediction: {
      digit: one ? one.digit : null, confidence: one ? one.confidence : null, probabilities: one ? one.probabilities : null,
      number: digits.map((d) => d.digit).join(""), digits, blank: false, pixels: digits[0].pixels,
    },
  };
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (typeof x !== "object") return typeof x;
  return (x as object).constructor?.name ?? "an object";
}

function toBytes(x: unknown, what: string): Uint8Array {
  if (x instanceof Uint8Array) return x;
  if (x instanceof ArrayBuffer) return new Uint8Array(x);
  throw new InputError(`${what} must be a Uint8Array or ArrayBuffer, got ${describe(x)}`);
}

function trySee(see: () => Seen): Seen | Error {
  try {
    return see();
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

/**
 * Checks, decodes and preprocesses one image: PNG bytes (Uint8Array, ArrayBuffer) or RGBA pixels, working
 * in `ws` (a recognizer's, or a worker thread's own).
 */
export function seeImage(image: unknown, ws: ImageWorkspace = defaultWorkspace()): Seen {
  // Decoded into ws and read there in place: the one copy of the pixels is the decoder's.
  if (image instanceof Uint8Array || image instanceof ArrayBuffer) return seeRgba(decodePngInPlace(toBytes(image, "PNG bytes"), ws), ws);
  if (image && typeof image === "object" && "width" in image) return seeRgba(image as ImageLike, ws);
  throw new InputError(`an image is PNG file bytes (Uint8Array or ArrayBuffer) or RGBA pixels {width, height, data}, got ${describe(image)}; use predictPixels for a prepared 28x28 array`);
}

/** Checks an RGBA image's size against its data before any work, then finds its digits. */
function seeRgba(image: ImageLike, ws: ImageWorkspace): Seen {
  const read = readDigits(checkRgba(image), ws);
  if (read.blank) return { digits: [], reason: read.reason };
  return { digits: read.digits };
}

/**
 * The library's preprocessing on its own: the 28x28 the network would see for an RGBA image's first
 * digit (`pixels`, zeros and `blank` with its `reason` when there is none). Checked as every prediction
 * input is: bad input is an InputError, never a blank answer.
 */
export function preprocessImage(image: ImageLike): Preprocessed {
  return preprocessChecked(checkRgba(image));
}

/** An RGBA image's size checked against its data (and plain arrays' values), before any work. */
function checkRgba(image: ImageLike): RgbaInput {
  if (!image || typeof image !== "object") throw new InputError(`an RGBA image is {width, height, data}, got ${describe(image)}`);
  const { width, height } = image;
  const rgba = "rgba" in image ? image.rgba : image.data;
  if (!Number.isSafeInteger(width) || !Number.isSafeInteger(height) || width < 1 || height < 1) {
    throw new InputError(`an image's width and height must be positive whole numbers, got ${String(width)}x${String(height)}`);
  }
  if (width * height > MAX_PIXELS) throw new InputError(`the image is ${width}x${height}, more than the ${MAX_PIXELS / 1e6} megapixels accepted`);
  if (!rgba || typeof rgba !== "object" || typeof (rgba as ArrayLike<number>).length !== "number") throw new InputError("an image's pixels (data or rgba) must be an array of RGBA bytes");
  if (rgba.length !== width * height * 4) throw new InputError(`a ${width}x${height} RGBA image has ${width * height * 4} values, got ${rgba.length}`);
  if (!(rgba instanceof Uint8Array || rgba instanceof Uint8ClampedArray)) {
    for (let i = 0; i < rgba.length; i++) {
      const v = rgba[i];
      if (typeof v !== "number" || !(v >= 0 && v <= 255)) throw new InputError(`RGBA values must be numbers 0..255, got ${String(v)} at index ${i}`);
    }
  }
  return { width, height, rgba };
}

function seePixels(values: ArrayLike<number>): Seen {
  if (!values || typeof values !== "object" || typeof values.length !== "number") throw new InputError(`a 28x28 image is an array of ${INPUTS} numbers, got ${describe(values)}`);
  if (values.length !== INPUTS) throw new InputError(`a 28x28 image has ${INPUTS} values, got ${values.length}`);
  let max = 0, whole = true;
  for (let i = 0; i < INPUTS; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new InputError(`a 28x28 image holds values 0..1 or 0..255, got ${String(v)} at index ${i}`);
    if (v > max) max = v;
    if (!Number.isInteger(v)) whole = false;
  }
  // 0..1 as the network reads it, or bytes 0..255 as MNIST stores them; a mix of the two is refused.
  if (max > 255) throw new InputError(`a 28x28 image holds values 0..1 or 0..255, got ${max}`);
  if (max > 1 && !whole) throw new InputError(`a 28x28 image holds values 0..1, or whole numbers 0..255; it mixes fractions with ${max}`);
  const scale = max > 1 ? 1 / 255 : 1;
  const pixels = new Float32Array(INPUTS);
  for (let i = 0; i < INPUTS; i++) pixels[i] = values[i] * scale;
  if (!pixels.some((v) => v > 0.1)) return { digits: [], reason: "no ink found (the image is empty)" };
  return { digits: [{ pixels, box: [0, 0, 28, 28] }] };
}
