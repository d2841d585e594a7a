// `wasm-digits predict`: answers PNG files, and folders of them, through the library's Recognizer, the one
// prediction path. Images are seen (read, decoded, preprocessed) by worker threads when there are many,
// answered in input order in batched forward passes, and printed as soon as they are answered. Here:
// finding the files, the model choice, printing. A file that cannot be read gets its own error.

import { readdirSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { defaultModelPath, FileProblem, nodeEngine, readModelFile } from "../bindings/node/files.js";
import { PNG_LIMIT, readStreamBounded } from "../bindings/node/read.js";
import { SeePool, seeFile } from "../bindings/node/see.js";
import { Recognizer, seeImage, type DigitAnswer, type Outcome, type Seen } from "../bindings/recognizer.js";
import type { ImageWorkspace } from "../bindings/image/workspace.js";
import { IMAGE_SIDE } from "../bindings/digits.js";
import { ENGINE_CHOICES } from "../bindings/engine/engine.js";
import { intOption, oneOf, parse, UsageError } from "./args.js";
import { colorTerminal, renderBlocks } from "./blocks.js";
import { chooseModel, describeModel } from "./models.js";
import { OUTPUT_RULE, outFolder } from "./paths.js";
import { printable } from "./text.js";

/** Fewer images than this are seen in this thread: starting workers would cost more than it saves. */
const POOL_FROM = 16;

export const help = `Usage: wasm-digits predict [--model FILE] IMAGE.png|DIR... [options]

Recognises the digits in each PNG image: any size, colour type, bit depth or transparency; dark ink on
light paper or light on dark. Prints the digit, its confidence and the top 3 for each image (for
several digits side by side, the number and each digit's confidence). The first line names the model.
A folder stands for every .png file in it, in name order. IMAGE may be - to read one PNG from standard
input. Answers come in input order, each as soon as it is known.

Options:
  --model FILE      the model (default: the one train saved, ${defaultModelPath()},
                    else the pretrained model shipped with the package; "pretrained" names that one)
  --json            one JSON object per line per image: {"file","model","digit","confidence",
                    "probabilities","number","digits"} or {"file","model","error"}
  --explain DIR     write the 28x28 image the model saw for each digit to DIR as PNG
                    (<name>.seen.png, and <name>.seen-x10.png enlarged) and draw it in the terminal;
                    ${OUTPUT_RULE}
  --backend NAME    auto (default), wasm or js
  --threads N       threads that read and preprocess images (default: this machine's cores; one
                    thread for fewer than ${POOL_FROM} images)
  -h, --help        show this help

Exit status: 0 when every image was predicted, 1 when any could not be, 2 for wrong usage.`;

/** Below this confidence an answer is flagged as unsure in the text output. */
const UNSURE = 0.5;

/** The images a list of inputs names: files as given, folders as their .png files in name order. */
function expandInputs(inputs: string[]): { name: string; error?: Error }[] {
  return inputs.flatMap((input) => {
    if (input === "-") return [{ name: input }];
    let folder = false;
    try {
      folder = statSync(input).isDirectory();
    } catch {
      return [{ name: input }]; // seeing it names the problem
    }
    if (!folder) return [{ name: input }];
    const pngs = readdirSync(input).filter((f) => f.toLowerCase().endsWith(".png")).sort();
    if (pngs.length === 0) return [{ name: input, error: new Error("is a folder with no .png files") }];
    return pngs.map((f) => ({ name: join(input, f) }));
  });
}

/** An image being seen: whether its result is there without waiting, and the result. */
interface Seeing {
  ready(): boolean;
  seen(): Seen | Error | Promise<Seen | Error>;
}

/** Hands an image to the pool (which starts at once), or arranges to see it here when its turn comes. */
function seeLater(image: { name: string; error?: Error }, pool: SeePool | undefined, ws: ImageWorkspace): Seeing {
  if (image.error) return { ready: () => true, seen: () => image.error! };
  if (image.name === "-") return { ready: () => false, seen: () => seeStdin(ws) };
  if (!pool) return { ready: () => true, seen: () => seeFile(image.name, ws) };
  let done = false;
  const result = pool.see(image.name).then((r) => { done = true; return r; });
  return { ready: () => done, seen: () => result };
}

/** Standard input, read without blocking the answers already known: `cat digit.png | wasm-digits predict -`. */
async function seeStdin(ws: ImageWorkspace): Promise<Seen | Error> {
  try {
    return seeImage(await readStreamBounded(process.stdin, "-", PNG_LIMIT), ws);
  } catch (e) {
    if (e instanceof FileProblem) return new Error(e.problem);
    return e instanceof Error ? e : new Error(String(e));
  }
}

const pctOf = (p: number) => `${(p * 100).toFixed(1)}%`;

/** "4  99.2%   top 3: 4 99.2%, 6 0.8%, 8 0.0%" */
function digitLine(d: DigitAnswer): string {
  const order = d.probabilities.map((_, i) => i).sort((a, b) => d.probabilities[b] - d.probabilities[a]);
  const unsure = d.confidence < UNSURE ? "  (unsure)" : "";
  return `${d.digit}  ${pctOf(d.confidence)}${unsure}   top 3: ${order.slice(0, 3).map((k) => `${k} ${pctOf(d.probabilities[k])}`).join(", ")}`;
}

function textLine(file: string, o: Outcome): string {
  if (o.error) return `${file}: ${o.error.message}`;
  const p = o.prediction;
  if (p.blank) return `${file}: no digit found: ${p.reason}`;
  if (p.digits.length === 1) return `${file}: ${digitLine(p.digits[0])}`;
  return `${file}: ${p.number}   ${p.digits.map((d) => `${d.digit} ${pctOf(d.confidence)}${d.confidence < UNSURE ? " (unsure)" : ""}`).join(", ")}`;
}

/** Probabilities to 6 decimals: plenty for people and scripts, and lines stay short. */
function round(p: number): number {
  return Math.round(p * 1e6) / 1e6;
}

/** The DESIGN's JSON line: a blank image is an error that starts "no digit found". */
function jsonLine(file: string, model: string, o: Outcome): string {
  if (o.error) return JSON.stringify({ file, model, error: o.error.message });
  const p = o.prediction;
  if (p.blank) return JSON.stringify({ file, model, error: `no digit found: ${p.reason}` });
  const digits = p.digits.map((d) => ({ digit: d.digit, confidence: round(d.confidence), probabilities: d.probabilities.map(round), box: d.box }));
  const one = digits.length === 1 ? digits[0] : undefined;
  return JSON.stringify({
    file, model, digit: one?.digit ?? null, confidence: one?.confidence ?? null, probabilities: one?.probabilities ?? null, number: p.number, digits,
  });
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse("predict", argv, {
    model: { type: "string" }, json: { type: "boolean" }, explain: { type: "string" }, backend: { type: "string" },
    threads: { type: "string" },
  }, true);
  if (values.help) { console.log(help); return 0; }
  if (positionals.length === 0) throw new UsageError("predict: give at least one PNG file or folder");
  const explain = values.explain as string | undefined;
  if (explain !== undefined) outFolder("explain", explain);
  const engine = await nodeEngine(oneOf("predict", "backend", values.backend, ENGINE_CHOICES, "auto"));
  const threads = intOption("predict", "threads", values.threads, availableParallelism(), 1, 64);
  const choice = chooseModel(values.model as string | undefined);
  const recognizer = new Recognizer(readModelFile(choice.path, engine));

  const json = Boolean(values.json);
  if (!json) {
    const about = describeModel(recognizer.metadata);
    console.log(`model: ${choice.label}${about ? ` (${about})` : ""}`);
  }
  const images = expandInputs(positionals);
  // The PNG writer is loaded only when pictures are asked for: a plain predict stays light.
  const explainer = explain === undefined ? undefined : await import("./explain.js");
  const names = explainer && new explainer.ExplainNames();
  const color = colorTerminal();
  let failures = 0;
  const print = (i: number, o: Outcome) => {
    const file = images[i].name;
    if (o.error || o.prediction.blank) failures++;
    if (json) console.log(jsonLine(file, choice.label, o));
    else if (o.error || o.prediction.blank) console.error(`wasm-digits: ${printable(textLine(file, o))}`);
    else console.log(printable(textLine(file, o)));
    if (explain === undefined || !explainer || !names || !o.prediction || o.prediction.blank) return;
    // In --json mode stdout is for the JSON lines only.
    const out = json ? console.error : console.log;
    const several = o.prediction.digits.length > 1;
    for (const [j, d] of o.prediction.digits.entries()) {
      let written: string[];
      try {
        written = explainer.writeExplain(explain, names.take(file, several ? j + 1 : undefined), d.pixels);
      } catch (e) {
        if (!(e instanceof FileProblem)) throw e;
        // A picture that cannot be written fails this image's --explain, never the images after it.
        console.error(`wasm-digits: ${printable(file)}: --explain: ${printable(e.message)}`);
        failures++;
        continue;
      }
      out(`${renderBlocks(d.pixels, IMAGE_SIDE, IMAGE_SIDE, { color: !json && color })}\n  the model saw this; written to ${written.map(printable).join(" and ")}`);
    }
  };

  // Every image is handed out at once (to the pool, or seen in turn here); answers follow input order,
  // in batches of what is ready, so the first lines appear while later files are still being read.
  const pool = threads > 1 && images.length >= POOL_FROM ? new SeePool(Math.min(threads, images.length)) : undefined;
  try {
    const seeing = images.map((image) => seeLater(image, pool, recognizer.workspace));
    let group: { index: number; seen: Seen | Error }[] = [];
    const flush = () => {
      const outcomes = recognizer.answer(group.map((g) => g.seen));
      group.forEach((g, k) => print(g.index, outcomes[k]));
      group = [];
    };
    for (const [index, item] of seeing.entries()) {
      // Answer what is ready before waiting on an image that is not.
      if (!item.ready() && group.length) flush();
      group.push({ index, seen: await item.seen() });
      if (group.length >= recognizer.model.network.plan.batch) flush();
    }
    if (group.length) flush();
  } finally {
    await pool?.close();
  }
  return failures ? 1 : 0;
}
