// `--plots DIR` for train and eval: writes the confusion heatmap, the training curves (train only: eval has
// no history), the most confused pairs with thumbnails, and the first layer's weights, and returns the
// paths written so the command can print them. Choosing what to draw is here; drawing is in the chart files.

import { join } from "node:path";
import { outFolder } from "../paths.js";
import type { Dataset } from "../../bindings/model/idx.js";
import type { EpochStats } from "../../bindings/model/fit.js";
import type { Canvas } from "./canvas.js";
import { trainingCurves } from "./curves.js";
import { confusionHeatmap } from "./heatmap.js";
import { writePng } from "./png.js";
import { confusedPairs, mostConfused, weightTiles, THUMBS_PER_PAIR } from "./tiles.js";
import { count, plural } from "./numbers.js";

export interface PlotInput {
  /** What produced the numbers, for subtitles: "seed preset, 10 epochs" or a model path. */
  context: string;
  confusion: number[][];
  accuracy: number;
  /** Predicted class per test sample, in data order (evaluate().predictions). */
  predictions?: Uint8Array;
  test?: Dataset;
  history?: EpochStats[];
  trainCount?: number;
  validationCount?: number;
  /** dense_0.weight, [inputs, units] row-major. */
  firstLayer?: { data: Float32Array; shape: number[] };
}

export const PAIRS_SHOWN = 8;

/** The --plots folder, checked before any work starts (cli/paths.ts): a bad path would otherwise fail only after a whole training run. */
export function plotsDir(value: unknown): string | undefined {
  return typeof value === "string" ? outFolder("plots", value) : undefined;
}

export function writePlots(dir: string, input: PlotInput): string[] {
  const written: string[] = [];
  const save = (name: string, draw: () => Canvas) => {
    const path = join(dir, name);
    writePng(path, draw());
    written.push(path);
  };
  const total = input.confusion.flat().reduce((a, b) => a + b, 0);
  const summary = `${plural(total, "test image")}, accuracy ${(100 * input.accuracy).toFixed(2)}%, ${input.context}`;

  save("confusion.png", () => confusionHeatmap(input.confusion, { subtitle: summary }));
  if (input.history?.length) {
    const split = input.validationCount
      ? `${count(input.trainCount ?? 0)} training and ${plural(input.validationCount, "validation image")}`
      : `${plural(input.trainCount ?? 0, "training image")}, no validation split (add --validation 0.1 for one)`;
    save("curves.png", () => trainingCurves(input.history!, { subtitle: `${input.context}, ${split}`, testAccuracy: input.accuracy }));
  }
  if (input.predictions && input.test) {
    const { predictions, test } = input;
    const px = test.rows * test.cols;
    const pairs = mostConfused(input.confusion, PAIRS_SHOWN).map((p) => {
      const images: Uint8Array[] = [];
      for (let i = 0; i < test.count && images.length < THUMBS_PER_PAIR; i++) {
        if (test.labels[i] === p.actual && predictions[i] === p.predicted) images.push(test.images.subarray(i * px, (i + 1) * px));
      }
      return { ...p, images };
    });
    save("confused.png", () => confusedPairs(pairs, { side: test.rows, subtitle: `the ${pairs.length} most frequent mistakes on ${summary}` }));
  }
  if (input.firstLayer && input.firstLayer.shape.length === 2) {
    const [inputs, units] = input.firstLayer.shape;
    save("weights.png", () => weightTiles(input.firstLayer!.data, inputs, units, { subtitle: `dense_0.weight [${inputs}, ${units}], ${input.context}` }));
  }
  return written;
}
