// PNG output for the pictures through upng-js (lossless: upng picks a palette when the picture has at
// most 256 colours, RGBA otherwise). Writing goes through a temporary file and a rename, like models, so
// an interrupted run never leaves a half-written image under the real name.

import UPNG from "upng-js";
import { writeFileAtomic } from "../../bindings/node/files.js";
import type { Canvas } from "./canvas.js";

export function encodePng(canvas: Canvas): Uint8Array {
  // upng reads the frame as an ArrayBuffer of exactly width*height*4 bytes; copy so an offset view is safe.
  const frame = canvas.rgba.slice().buffer;
  return new Uint8Array(UPNG.encode([frame], canvas.width, canvas.height, 0));
}

/** Encodes and writes the picture; a failure names the file (FileProblem from writeFileAtomic). */
export function writePng(path: string, canvas: Canvas): void {
  writeFileAtomic(path, encodePng(canvas));
}
