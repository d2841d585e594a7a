// `predict --explain DIR`: the 28x28 image the model saw for each digit, written as PNG at 1x and 10x under
// a name derived from the input's, unique across the run. Not here: seeing the image (bindings/) or
// drawing it in the terminal (blocks.ts).

import { basename, extname, join } from "node:path";
import { IMAGE_SIDE } from "../bindings/digits.js";
import { Canvas } from "./pictures/canvas.js";
import { writePng } from "./pictures/png.js";

/**
 * Hands out the output names of one run: an input's base name without extension ("stdin" for -), with
 * -digit1, -digit2, ... for one of several digits, and -2, -3, ... when an earlier picture took the name;
 * so a/x.png, b/x.png, x-2.png and x.png again write four different files. Names are compared without
 * case, since macOS and Windows folders ignore it.
 */
export class ExplainNames {
  private readonly taken = new Set<string>();

  take(file: string, digit?: number): string {
    const base = (file === "-" ? "stdin" : basename(file, extname(file))) || "image";
    const stem = digit === undefined ? base : `${base}-digit${digit}`;
    let name = stem;
    for (let n = 2; this.taken.has(name.toLowerCase()); n++) name = `${stem}-${n}`;
    this.taken.add(name.toLowerCase());
    return name;
  }
}

/** Writes <name>.seen.png and <name>.seen-x10.png into `dir`; throws a FileProblem naming the file that failed. */
export function writeExplain(dir: string, name: string, pixels: Float32Array): string[] {
  const written: string[] = [];
  for (const scale of [1, 10]) {
    const canvas = new Canvas(IMAGE_SIDE * scale, IMAGE_SIDE * scale);
    for (let y = 0; y < canvas.height; y++) {
      for (let x = 0; x < canvas.width; x++) {
        const v = Math.round(pixels[Math.floor(y / scale) * IMAGE_SIDE + Math.floor(x / scale)] * 255);
        canvas.rgba.set([v, v, v, 255], (y * canvas.width + x) * 4);
      }
    }
    const path = join(dir, `${name}.seen${scale === 1 ? "" : `-x${scale}`}.png`);
    writePng(path, canvas);
    written.push(path);
  }
  return written;
}
