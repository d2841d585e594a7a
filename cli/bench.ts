// `wasm-digits bench`: the benchmark report (bench/index.ts) as a table, or as JSON with --json.

import { parse, intOption } from "./args.js";
import { formatReport, runBench } from "../bench/index.js";

export const help = `Usage: wasm-digits bench [--json] [options]

Measures the engine in a minute or two: the single-thread SIMD ceiling, each kernel at the reference
model's shapes (median time, GFLOP/s, fraction of the ceiling, speed against the plain-JS twin), and one
whole training epoch of the reference model with the wasm and the plain-JS backend, and prediction:
predictPng on a 28x28, a 400x400 drawing and a 1600x1200 photo with each engine (images/s), and the
cold start of \`wasm-digits predict one.png\` as a new process.

Options:
  --json            print the report as JSON on stdout (progress goes to stderr)
  --time MS         tinybench time per kernel and backend (default 250)
  --images N        images in the whole-epoch run (default 60000, the full epoch)
  -h, --help        show this help`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse("bench", argv, { json: { type: "boolean" }, time: { type: "string" }, images: { type: "string" } });
  if (values.help) { console.log(help); return 0; }
  const kernelTimeMs = intOption("bench", "time", values.time, 250, 10, 60_000);
  const epochImages = intOption("bench", "images", values.images, 60_000, 32, 60_000);
  const report = await runBench({ kernelTimeMs, epochImages, onStep: (s) => process.stderr.write(`${s}...\n`) });
  console.log(values.json ? JSON.stringify(report) : formatReport(report));
  return 0;
}
