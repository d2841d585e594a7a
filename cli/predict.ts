// `wasm-digits predict`: reads PNG files, runs the MNIST recipe on each, predicts them all in one batched
// forward pass, and prints one answer per image (or one JSON object per line). A file that cannot be read
// gets its own error and never stops the others. Decoding and preprocessing live in bindings/.

import { existsSync, statSync } from "node:fs";
import { createBackend, defaultModelPath, pretrainedModelPath, readModelFile, FileProblem } from "../bindings/node/files.js";
import { PNG_LIMIT, readBounded } from "../bindings/node/read.js";
import { decodePng, PngError } from "../bindings/image/png.js";
import { preprocessImage, SIDE } from "../bindings/image/preprocess.js";
import { INPUTS, CLASSES } from "../bindings/model/model.js";
import { oneOf, parse, UsageError } from "./args.js";
import { colorTerminal, renderBlocks } from "./blocks.js";
import { explainNames, writeExplain } from "./explain.js";
import { printable } from "./text.js";

export const help = `Usage: wasm-digits predict [--model FILE] IMAGE.png... [options]

Recognises the digit in each PNG image: any size, colour type, bit depth or transparency; dark ink on
light paper or light on dark. Prints the digit, its confidence and the top 3 for each image.
IMAGE may be - to read one PNG from standard input.

Options:
  --model FILE      the model (default: the one train saved, ${defaultModelPath()},
                    else the pretrained model shipped with the package; "pretrained" names that one)
  --json            one JSON object per line per image: {"file","digit","confidence","probabilities"}
                    or {"file","error"}
  --explain DIR     write the 28x28 image the model saw for each input to DIR as PNG
                    (<name>.seen.png, and <name>.seen-x10.png enlarged) and draw it in the terminal
  --backend NAME    wasm (default) or js
  -h, --help        show this help

Exit status: 0 when every image was predicted, 1 when any could not be, 2 for wrong usage.`;

/** An answer is a prediction below this confidence is flagged as unsure in the human output. */
const UNSURE = 0.5;

interface Answer {
  file: string;
  error?: string;
  pixels?: Float32Array;
  probabilities?: Float32Array;
}

/** --model, else the model train saved, else the shipped one; a clear error when there is none. */
export function chooseModel(given: string | undefined): string {
  // `--model pretrained` names the shipped model (unless a file of that name is right here).
  if (given === "pretrained" && !existsSync(given)) return pretrainedModelPath();
  if (given !== undefined) return given;
  for (const path of [defaultModelPath(), pretrainedModelPath()]) if (existsSync(path)) return path;
  throw new FileProblem(defaultModelPath(), "no model found, and no pretrained model in the package; train one with `wasm-digits train` or pass --model FILE");
}

function readImage(file: string): Answer {
  let bytes: Uint8Array;
  try {
    bytes = readBounded(file, PNG_LIMIT); // "-" is standard input: `cat digit.png | wasm-digits predict -`
  } catch (e) {
    if (e instanceof FileProblem) return { file, error: e.problem };
    throw e;
  }
  try {
    const image = decodePng(bytes);
    const seen = preprocessImage(image);
    if (seen.blank) return { file, error: `no digit found: ${seen.reason}` };
    return { file, pixels: seen.pixels };
  } catch (e) {
    if (e instanceof PngError) return { file, error: e.message };
    return { file, error: `cannot be read as an image (${e instanceof Error ? e.message : String(e)})` };
  }
}

function ranked(probabilities: Float32Array): number[] {
  return Array.from(probabilities.keys()).sort((a, b) => probabilities[b] - probabilities[a]);
}

const pctOf = (p: number) => `${(p * 100).toFixed(1)}%`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse("predict", argv, {
    model: { type: "string" }, json: { type: "boolean" }, explain: { type: "string" }, backend: { type: "string" },
  }, true);
  if (values.help) { console.log(help); return 0; }
  if (positionals.length === 0) throw new UsageError("predict: give at least one PNG file");
  const explain = values.explain as string | undefined;
  if (explain !== undefined && existsSync(explain) && !statSync(explain).isDirectory()) throw new UsageError(`predict: --explain ${explain} is a file, not a folder`);
  const backend = await createBackend(oneOf("predict", "backend", values.backend, ["wasm", "js"] as const, "wasm"));
  const modelPath = chooseModel(values.model as string | undefined);
  const model = readModelFile(modelPath, backend);
  if (model.network.inputs !== INPUTS || model.network.classes !== CLASSES) {
    throw new FileProblem(modelPath, `takes ${model.network.inputs} inputs and gives ${model.network.classes} classes; predict needs a 28x28 digit model (784 inputs, 10 classes)`);
  }

  const answers = positionals.map(readImage);
  const good = answers.filter((a) => a.pixels);
  if (good.length) {
    // One forward pass for all images of this call.
    const batch = new Float32Array(good.length * INPUTS);
    good.forEach((a, i) => batch.set(a.pixels!, i * INPUTS));
    const probs = model.network.predict(batch);
    good.forEach((a, i) => { a.probabilities = probs.slice(i * CLASSES, (i + 1) * CLASSES); });
  }

  const names = explainNames(positionals);
  const color = colorTerminal();
  let explainFailed = false;
  for (const [i, a] of answers.entries()) {
    if (values.json) {
      const line = a.error !== undefined ? { file: a.file, error: a.error } : {
        file: a.file, digit: ranked(a.probabilities!)[0], confidence: round(a.probabilities![ranked(a.probabilities!)[0]]),
        probabilities: Array.from(a.probabilities!, round),
      };
      console.log(JSON.stringify(line));
    } else if (a.error !== undefined) {
      console.error(`wasm-digits: ${printable(a.file)}: ${printable(a.error)}`);
    } else {
      const order = ranked(a.probabilities!);
      const p = a.probabilities!;
      const unsure = p[order[0]] < UNSURE ? "  (unsure)" : "";
      console.log(`${printable(a.file)}: ${order[0]}  ${pctOf(p[order[0]])}${unsure}   top 3: ${order.slice(0, 3).map((d) => `${d} ${pctOf(p[d])}`).join(", ")}`);
    }
    if (explain !== undefined && a.pixels) {
      let written: string[];
      try {
        written = writeExplain(explain, names[i], a.pixels);
      } catch (e) {
        if (!(e instanceof FileProblem)) throw e;
        // One picture that cannot be written fails this image's --explain, not the images after it.
        console.error(`wasm-digits: ${printable(a.file)}: --explain: ${printable(e.message)}`);
        explainFailed = true;
        continue;
      }
      // In --json mode stdout is for the JSON lines only.
      const out = values.json ? console.error : console.log;
      out(`${renderBlocks(a.pixels, SIDE, SIDE, { color: !values.json && color })}\n  the model saw this; written to ${written.map(printable).join(" and ")}`);
    }
  }
  return explainFailed || answers.some((a) => a.error !== undefined) ? 1 : 0;
}

/** Probabilities to 6 decimals: plenty for people and scripts, and lines stay short. */
function round(p: number): number {
  return Math.round(p * 1e6) / 1e6;
}
