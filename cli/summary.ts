// `wasm-digits summary`: a model's layers as a table (bindings/model/summary.ts), like Keras'
// model.summary(). Also printed by `train` when training starts. Reads the model file; trains nothing.

import { nodeEngine, readModelFile } from "../bindings/node/files.js";
import { summarize } from "../bindings/model/summary.js";
import type { Architecture } from "../bindings/engine/layers.js";
import { parse } from "./args.js";
import { chooseModel, describeModel } from "./models.js";
import { count, plural } from "./pictures/numbers.js";

export const help = `Usage: wasm-digits summary [--model FILE|pretrained] [--json]

Prints a model's layers: name, kind, output shape, parameters and activation, and the total, as Keras'
model.summary() does.

Options:
  --model FILE      the model (default: the one train saved, else the pretrained model shipped with the
                    package; "pretrained" names that one)
  --json            print {"model", "rows", "totalParameters"} as JSON
  -h, --help        show this help`;

/** The table as text: aligned columns, a rule under the header, the total under the rows. */
export function formatSummary(architecture: Architecture): string {
  const { rows, totalParameters } = summarize(architecture);
  const cells = [["layer", "kind", "output shape", "parameters", "activation"]];
  for (const r of rows) cells.push([r.layer, r.kind, `(batch, ${r.outputShape[1]})`, count(r.parameters), r.activation || "-"]);
  const widths = cells[0].map((_, c) => Math.max(...cells.map((row) => row[c].length)));
  // The parameter counts are numbers: right-aligned so their digits line up.
  const line = (row: string[]) => row.map((cell, c) => (c === 3 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join("  ").trimEnd();
  const rule = "-".repeat(widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1));
  const kib = (totalParameters * 4) / 1024;
  const size = kib < 1024 ? `${kib.toFixed(1)} KiB` : `${(kib / 1024).toFixed(1)} MiB`;
  return [line(cells[0]), rule, ...cells.slice(1).map(line), rule, `total: ${plural(totalParameters, "parameter")} (${size} as F32)`].join("\n");
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parse("summary", argv, { model: { type: "string" }, json: { type: "boolean" } });
  if (values.help) { console.log(help); return 0; }
  const choice = chooseModel(values.model as string | undefined);
  // The plain-JS engine: loading the weights needs no SIMD, and nothing is computed.
  const model = readModelFile(choice.path, await nodeEngine("js"));
  if (values.json) {
    console.log(JSON.stringify({ model: choice.label, ...summarize(model.architecture) }));
    return 0;
  }
  const about = describeModel(model.metadata);
  console.log(`model: ${choice.label}${about ? ` (${about})` : ""}\n\n${formatSummary(model.architecture)}`);
  return 0;
}
