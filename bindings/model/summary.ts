// A model's layers as a table, the way Keras' model.summary() shows them: each layer's name (as in the
// model file's tensor names), kind, output shape, parameter count and activation, and the total. Pure:
// it reads only the architecture, so it needs no engine and no file. Printing it is the CLI's job.

import { parameterCount, type Architecture } from "../engine/layers.js";

export interface SummaryRow {
  /** "input", then "dense_0", "dense_1", ...: the prefix of the layer's tensors in the safetensors file. */
  layer: string;
  kind: "Flatten" | "Dense";
  /** Output shape with the batch dimension first, e.g. [null, 50] (null: any batch size). */
  outputShape: [null, number];
  /** Weights plus biases: inputs x outputs + outputs. */
  parameters: number;
  /** Empty for the input row; the last layer shows the head's activation (sigmoid, softmax), as Keras does. */
  activation: string;
}

export interface Summary {
  rows: SummaryRow[];
  totalParameters: number;
}

export function summarize(a: Architecture): Summary {
  const rows: SummaryRow[] = [{ layer: "input", kind: "Flatten", outputShape: [null, a.layers[0].inputs], parameters: 0, activation: "" }];
  a.layers.forEach((layer, i) => {
    const last = i === a.layers.length - 1;
    switch (layer.kind) {
      case "dense":
        rows.push({
          layer: `dense_${i}`, kind: "Dense", outputShape: [null, layer.outputs], parameters: layer.inputs * layer.outputs + layer.outputs,
          activation: last ? a.head.activation : layer.activation,
        });
        break;
    }
  });
  return { rows, totalParameters: parameterCount(a) };
}
