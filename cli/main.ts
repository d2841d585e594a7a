// The `wasm-digits` command: dispatches to one module per command and turns every failure into one line
// on stderr with a status code (2 for wrong usage, 1 for anything else). No stack traces unless
// WASM_DIGITS_DEBUG is set. Commands are loaded when named (separate chunks of the bundle), so `predict`
// never loads the pictures, the server or the benchmarks, and `--version` loads none of them.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { UsageError } from "./args.js";
import { FileProblem } from "../bindings/node/files.js";
import { printable } from "./text.js";

interface Command {
  help: string;
  run(argv: string[]): Promise<number>;
}

const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  train: { summary: "train a preset on MNIST, report accuracy, save the model", load: () => import("./train.js") },
  eval: { summary: "evaluate a saved model on the MNIST test set", load: () => import("./eval.js") },
  predict: { summary: "recognise the digits in PNG images", load: () => import("./predict.js") },
  bench: { summary: "measure the kernels and a training epoch, wasm SIMD against plain JS", load: () => import("./bench.js") },
  demo: { summary: "serve the web page: draw a digit, train in the browser", load: () => import("./demo.js") },
  samples: { summary: "write a PNG grid of MNIST images with their labels", load: () => import("./samples.js") },
  summary: { summary: "print a model's layers, output shapes and parameter counts", load: () => import("./summary.js") },
};

/** package.json, one folder above this script (dist/cli.js) or above cli/ when run from source. */
function version(): string {
  return (JSON.parse(readFileSync(fileURLToPath(new URL("../package.json", import.meta.url)), "utf8")) as { version: string }).version;
}

const usage = () => `Usage: wasm-digits <command> [options]

Handwritten-digit recognition on a WebAssembly SIMD engine.

Commands:
${Object.entries(commands).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`).join("\n")}

Run wasm-digits help <command> (or <command> --help) for a command's options; wasm-digits --version for the version.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--version" || name === "-v") {
    console.log(version());
    return 0;
  }
  // `help train` is `train --help`.
  if (name === "help" && rest.length > 0) return main([rest[0], "--help"]);
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command '${name}' (commands: ${Object.keys(commands).join(", ")})`);
  return (await command.load()).run(rest);
}

// A closed pipe (`wasm-digits eval | head`) is the reader's choice, not an error worth a trace.
let settled = false;
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    settled = true;
    process.exit(process.exitCode ?? 0);
  });
}

// A command whose work can no longer finish (say, waiting on a thread that is gone) must not end as a
// success: Node exits when nothing is left to wait for, with status 0 unless told otherwise.
process.on("exit", () => {
  if (settled || process.exitCode) return;
  process.stderr.write("wasm-digits: stopped before the work was done (an internal error); some results are missing\n");
  process.exitCode = 1;
});

main(process.argv.slice(2)).then(
  (code) => { settled = true; process.exitCode = code; },
  (e: unknown) => {
    settled = true;
    const error = e instanceof Error ? e : new Error(String(e));
    if (process.env.WASM_DIGITS_DEBUG) console.error(error.stack);
    const usageError = error instanceof UsageError;
    // Our own messages are one line whatever they quote (a file name may hold a newline); others keep their first.
    const text = usageError || error instanceof FileProblem ? error.message : error.message.split("\n")[0];
    process.stderr.write(`wasm-digits: ${printable(text)}${usageError ? " (see --help)" : ""}\n`);
    process.exitCode = usageError ? 2 : 1;
  },
);
