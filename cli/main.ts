// The `wasm-digits` command: dispatches to one module per command and turns every failure into one line
// on stderr with a status code (2 for wrong usage, 1 for anything else). No stack traces unless
// WASM_DIGITS_DEBUG is set.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "./args.js";
import { FileProblem, packageRoot } from "../bindings/node/files.js";
import { printable } from "./text.js";
import * as train from "./train.js";
import * as evaluate from "./eval.js";
import * as samples from "./samples.js";
import * as predict from "./predict.js";
import * as bench from "./bench.js";
import * as demo from "./demo.js";

interface Command {
  help: string;
  run(argv: string[]): Promise<number>;
}

const commands: Record<string, { summary: string; load: () => Command }> = {
  train: { summary: "train a preset on MNIST, report accuracy, save the model", load: () => train },
  eval: { summary: "evaluate a saved model on the MNIST test set", load: () => evaluate },
  predict: { summary: "recognise the digit in PNG images", load: () => predict },
  bench: { summary: "measure the kernels and a training epoch, wasm SIMD against plain JS", load: () => bench },
  demo: { summary: "serve the web page: draw a digit, train in the browser", load: () => demo },
  samples: { summary: "write a PNG grid of MNIST images with their labels", load: () => samples },
};

const usage = () => `Usage: wasm-digits <command> [options]

Handwritten-digit recognition on a WebAssembly SIMD engine.

Commands:
${Object.entries(commands).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`).join("\n")}

Run wasm-digits <command> --help for a command's options; wasm-digits --version for the version.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--version" || name === "-v") {
    console.log((JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { version: string }).version);
    return 0;
  }
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command '${name}' (commands: ${Object.keys(commands).join(", ")})`);
  return command.load().run(rest);
}

// A closed pipe (`wasm-digits eval | head`) is the reader's choice, not an error worth a trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => { if (e.code === "EPIPE") process.exit(process.exitCode ?? 0); else throw e; });
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    const error = e instanceof Error ? e : new Error(String(e));
    if (process.env.WASM_DIGITS_DEBUG) console.error(error.stack);
    const usageError = error instanceof UsageError;
    // Our own messages are one line whatever they quote (a file name may hold a newline); others keep their first.
    const text = usageError || error instanceof FileProblem ? error.message : error.message.split("\n")[0];
    process.stderr.write(`wasm-digits: ${printable(text)}${usageError ? " (see --help)" : ""}\n`);
    process.exitCode = usageError ? 2 : 1;
  },
);
