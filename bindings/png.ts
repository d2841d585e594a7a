// PNG decoding to RGBA8, shared by the CLI, the library and the web page. upng-js does the decoding; this
// file is the guard around it: what upng-js does not check is checked here, and whatever it throws comes
// out as a PngError with one clear sentence.

import UPNG, { type Image } from "upng-js";
import { patchUpng, toRgba8 } from "./png-pixels.js";

patchUpng();

export class PngError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PngError";
  }
}

export interface RgbaImage {
  width: number;
  height: number;
  /** [height, width, 4] bytes, straight (not premultiplied) alpha. */
  rgba: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function decodePng(bytes: Uint8Array): RgbaImage {
  if (bytes.length === 0) throw new PngError("the file is empty");
  if (bytes.length < 8 || !SIGNATURE.every((b, i) => bytes[i] === b)) throw new PngError("not a PNG file (wrong signature)");
  let image: Image;
  let rgba: Uint8Array;
  try {
    // A fresh buffer: a Node Buffer (even one from .slice()) may be a view into a larger shared pool.
    const copy = new Uint8Array(bytes).buffer;
    image = UPNG.decode(copy);
    rgba = toRgba8(image);
  } catch (e) {
    throw new PngError(`the PNG data is corrupt (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!rgba || rgba.byteLength !== image.width * image.height * 4) throw new PngError("the PNG data is incomplete");
  return { width: image.width, height: image.height, rgba };
}
