// `predict --explain DIR`: the 28x28 image the model saw, written as PNG at 1x and 10x under a name
// derived from the input's, unique across the inputs of one run. Not here: preprocessing (bindings/image)
// or drawing in the terminal (blocks.ts).

import { basename, extname, join } from "node:path";
import { SIDE } from "../bindings/image/preprocess.js";
import { Canvas } from "./pictures/canvas.js";
import { writePng } from "./pictures/png.js";

/**
 * Output names for the inputs: each one's base name without extension ("stdin" for -), with -2, -3, ...
 * added when an earlier input already took it, so a/x.png, b/x.png, x-2.png and x.png again write four
 * different files. Compared without case, since macOS and Windows folders ignore it.
 */
export function explainNames(files: string[]): string[] {
  const taken = new Set<string>();
  return files.map((f) => {
    const stem = (f === "-" ? "stdin" : basename(f, extname(f))) || "image";
    let name = stem;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${stem}-${n}`;
    taken.add(name.toLowerCase());
    return name;
  });
}

/** Writes <name>.seen.png and <name>.seen-x10.png into `dir`; throws a FileProblem naming the file that failed. */
export function writeExplain(dir: string, name: string, pixels: Float32Array): string[] {
  const written: string[] = [];
  for (const scale of [1, 10]) {
    const canvas = new Canvas(SIDE * scale, SIDE * scale);
    for (let y = 0; y < canvas.height; y++) {
      for (let x = 0; x < canvas.width; x++) {
        const v = Math.round(pixels[Math.floor(y / scale) * SIDE + Math.floor(x / scale)] * 255);
        canvas.rgba.set([v, v, v, 255], (y * canvas.width + x) * 4);
      }
    }
    const path = join(dir, `${name}.seen${scale === 1 ? "" : `-x${scale}`}.png`);
    writePng(path, canvas);
    written.push(path);
  }
  return written;
}
