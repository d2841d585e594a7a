// From a person's picture to the 28x28 images the network expects, one per digit: find the paper and the
// ink (paper.ts, lines.ts), tell digits from other marks and read them left to right (segment.ts), then
// the MNIST recipe on each (recipe.ts). Platform-neutral (typed arrays only): the CLI, the library and
// the web page share it. Not a decoder (png.ts).

import { findInk, onPicture, type InkField, type RgbaInput } from "./paper.js";
import { digitInto, SIDE, type Box } from "./recipe.js";
import { digitPatch, segment } from "./segment.js";
import { defaultWorkspace, type ImageWorkspace } from "./workspace.js";

export { SIDE, BOX, MNIST_STROKE, adjustStroke, centreOfMass, inkBox, morph, placeByMass, resample, strokeWidth, type Box, type InkMap } from "./recipe.js";
export { findInk, normalizeInk, shrinkFactor, type InkField, type RgbaInput } from "./paper.js";

export interface DigitReading {
  /** [28*28] values 0..1, ink bright on black, as the network was trained. */
  pixels: Float32Array;
  /** The digit's ink box in the input image's pixels. */
  box: [x: number, y: number, width: number, height: number];
}

export interface ImageReading {
  /** The digits in reading order (left to right); empty when the image holds none. */
  digits: DigitReading[];
  /** No digit found: a prediction on this image would mean nothing. */
  blank: boolean;
  /** Why the image counts as blank, one phrase for messages. */
  reason?: string;
  /** True when the input had light ink on a dark background. */
  inverted: boolean;
}

export interface Preprocessed {
  /** [28*28] values 0..1, ink bright on black, as the network was trained. */
  pixels: Float32Array;
  /** No digit found: a prediction on this image would mean nothing. */
  blank: boolean;
  /** Why the image counts as blank, for messages. */
  reason?: string;
  /** True when the input had light ink on a dark background. */
  inverted: boolean;
}

/** The strokes' core must stand out from the paper's noise by this much (0..1) to be ink at all. */
const MIN_CONTRAST = 0.08;

/** Where the digits are in a picture, before any 28x28 is made. */
interface Found { field: InkField; labels: Int32Array; digits: { parts: number[]; box: Box }[]; reason?: string; rotation: number }

function find(image: RgbaInput): Found | { reason: string; inverted: boolean } {
  if (image.width < 1 || image.height < 1) return { reason: "the image is empty", inverted: false };
  const field = findInk(image);
  if (field.contrast < MIN_CONTRAST) return { reason: "no ink found (the image is one flat colour)", inverted: field.inverted };
  const { labels, digits, reason, rotation } = segment(field);
  return { field, labels, digits, reason, rotation: rotation ?? 0 };
}

/**
 * Every digit of a picture, left to right, each as the 28x28 the network sees and its box in the picture.
 * The passes run in `ws` (a recognizer's: its engine's kernels, memory reused from picture to picture).
 */
export function readDigits(image: RgbaInput, ws: ImageWorkspace = defaultWorkspace()): ImageReading {
  return onPicture(image, ws, read);
}

function read(image: RgbaInput): ImageReading {
  const found = find(image);
  if (!("field" in found)) return { digits: [], blank: true, reason: found.reason, inverted: found.inverted };
  const { field, labels, digits } = found;
  if (digits.length === 0) return { digits: [], blank: true, reason: found.reason, inverted: field.inverted };
  const pixels = new Float32Array(digits.length * SIDE * SIDE);
  const readings = digits.map((d, i): DigitReading => {
    digitInto(digitPatch(field, labels, d.parts, d.box, found.rotation), pixels, i * SIDE * SIDE);
    const k = field.scale;
    const x = d.box.x0 * k, y = d.box.y0 * k;
    return {
      pixels: pixels.subarray(i * SIDE * SIDE, (i + 1) * SIDE * SIDE),
      box: [x, y, Math.min(image.width, d.box.x1 * k) - x, Math.min(image.height, d.box.y1 * k) - y],
    };
  });
  return { digits: readings, blank: false, inverted: field.inverted };
}

/**
 * The first digit of a picture (the only one, for a picture of one digit) written as 784 values into
 * `out` at offset `at`, without allocating the 28x28; zeros when there is none. For callers that fill a
 * network's input batch directly.
 */
export function preprocessInto(image: RgbaInput, out: Float32Array, at: number, ws: ImageWorkspace = defaultWorkspace()): Omit<Preprocessed, "pixels"> & { digits: number } {
  return onPicture(image, ws, (picture) => firstInto(picture, out, at));
}

function firstInto(image: RgbaInput, out: Float32Array, at: number): Omit<Preprocessed, "pixels"> & { digits: number } {
  const found = find(image);
  if (!("field" in found) || found.digits.length === 0) {
    out.fill(0, at, at + SIDE * SIDE);
    const inverted = "field" in found ? found.field.inverted : found.inverted;
    return { blank: true, reason: found.reason, inverted, digits: 0 };
  }
  const { field, labels, digits } = found;
  digitInto(digitPatch(field, labels, digits[0].parts, digits[0].box, found.rotation), out, at);
  return { blank: false, inverted: field.inverted, digits: digits.length };
}

/** The whole recipe for a picture of one digit: any RGBA image in, the 28x28 the network sees out. */
export function preprocessImage(image: RgbaInput): Preprocessed {
  const pixels = new Float32Array(SIDE * SIDE);
  const { blank, reason, inverted } = preprocessInto(image, pixels, 0);
  return blank ? { pixels, blank, reason, inverted } : { pixels, blank, inverted };
}

