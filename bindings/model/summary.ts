// A model's layers as a table, the way Keras' model.summary() shows them: each layer's name (as in the
// model file's tensor names), kind, output shape, parameter count and activation, and the total. Pure:
// it reads only the layer list, so it needs no engine and no file. Printing it is the CLI's job.

/** What summarize reads of a layer: any dense layer description has these three fields. */
export interface LayerLike {
  inputs: number;
  outputs: number;
  activation: string;
}

export interface SummaryRow {
  /** "input", then "dense_0", "dense_1", ...: the prefix of the layer's tensors in the safetensors file. */
  layer: string;
  kind: "Flatten" | "Dense";
  /** Output shape with the batch dimension first, e.g. [null, 50] (null: any batch size). */
  outputShape: [null, number];
  /** Weights plus biases: inputs x outputs + outputs. */
  parameters: number;
  /** Empty for the input row, which has none. */
  activation: string;
}

export interface Summary {
  rows: SummaryRow[];
  totalParameters: number;
}

export function summarize(layers: readonly LayerLike[]): Summary {
  if (layers.length === 0) throw new RangeError("a model has at least one layer");
  const rows: SummaryRow[] = [{ layer: "input", kind: "Flatten", outputShape: [null, layers[0].inputs], parameters: 0, activation: "" }];
  layers.forEach((l, i) => {
    rows.push({ layer: `dense_${i}`, kind: "Dense", outputShape: [null, l.outputs], parameters: l.inputs * l.outputs + l.outputs, activation: l.activation });
  });
  return { rows, totalParameters: rows.reduce((sum, r) => sum + r.parameters, 0) };
}
