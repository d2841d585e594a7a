// What a network is made of: layers as a discriminated union and the output head as one record (its
// activation and its loss go together). A new layer kind or activation is a new member here, its kernel
// in assembly/ with its twin in twins/, and a case in the switches of network.ts; no registry.

/** Hidden activations; ReLU is fused into dense_forward. */
export type Activation = "relu" | "linear";

export interface DenseLayer {
  kind: "dense";
  inputs: number;
  outputs: number;
  activation: Activation;
}

export type Layer = DenseLayer;

/**
 * The output head: how the last layer's logits become probabilities, and the loss that trains them.
 * `keras-sigmoid` is the reference notebook's sigmoid outputs with Keras' sparse categorical cross-entropy
 * (outputs normalised to sum 1, clipped to [1e-7, 1-1e-7]); `softmax` is softmax with cross-entropy.
 */
export type Head =
  | { activation: "sigmoid"; loss: "keras-sparse-categorical-crossentropy" }
  | { activation: "softmax"; loss: "crossentropy" };

/**
 * Keras clips normalised probabilities to [ε, 1-ε] with ε = keras.backend.epsilon(). assembly/loss.ts has
 * the same constant (a kernel takes no configuration); tests/assembly/loss.test.ts checks both engines clip here.
 */
export const KERAS_EPSILON = 1e-7;

export const HEADS = {
  sigmoid: { activation: "sigmoid", loss: "keras-sparse-categorical-crossentropy" },
  softmax: { activation: "softmax", loss: "crossentropy" },
} as const satisfies Record<Head["activation"], Head>;

export interface Architecture {
  /** The last layer gives the logits (its activation is "linear"); the head turns them into probabilities. */
  layers: Layer[];
  head: Head;
}

export function inputsOf(a: Architecture): number {
  return a.layers[0].inputs;
}

export function classesOf(a: Architecture): number {
  return a.layers[a.layers.length - 1].outputs;
}

export function parameterCount(a: Architecture): number {
  let n = 0;
  for (const layer of a.layers) {
    switch (layer.kind) {
      case "dense":
        n += layer.inputs * layer.outputs + layer.outputs;
        break;
    }
  }
  return n;
}

/** Throws with the first problem: empty, a bad shape, layers that do not chain, a hidden output layer. */
export function checkArchitecture(a: Architecture): void {
  const { layers } = a;
  if (layers.length === 0) throw new Error("a network needs at least one layer");
  for (const [i, l] of layers.entries()) {
    if (l.kind !== "dense") throw new Error(`layer ${i} has unknown kind ${String((l as { kind: unknown }).kind)}`);
    if (!Number.isSafeInteger(l.inputs) || !Number.isSafeInteger(l.outputs) || l.inputs < 1 || l.outputs < 1) {
      throw new Error(`layer ${i} has invalid shape ${l.inputs}x${l.outputs}`);
    }
    if (i > 0 && layers[i - 1].outputs !== l.inputs) {
      throw new Error(`layer ${i} takes ${l.inputs} inputs but layer ${i - 1} gives ${layers[i - 1].outputs}`);
    }
    if (l.activation !== "relu" && l.activation !== "linear") throw new Error(`layer ${i} cannot use activation ${String(l.activation)} (relu or linear)`);
  }
  if (layers[layers.length - 1].activation !== "linear") throw new Error("the last layer gives logits: its activation must be linear");
  const head = a.head as Head | undefined;
  if (!head || !Object.hasOwn(HEADS, head.activation) || HEADS[head.activation].loss !== head.loss) {
    throw new Error(`the output head must be sigmoid or softmax with its loss, not ${JSON.stringify(head)}`);
  }
}

/** A network of dense layers: inputs → hidden sizes (ReLU) → classes, with the given head. */
export function denseArchitecture(inputs: number, hidden: number[], classes: number, head: Head["activation"]): Architecture {
  const sizes = [inputs, ...hidden, classes];
  const layers: Layer[] = sizes.slice(1).map((outputs, i) => ({
    kind: "dense", inputs: sizes[i], outputs, activation: i === hidden.length ? "linear" : "relu",
  }));
  return { layers, head: HEADS[head] };
}

export function unreachable(x: never): never {
  throw new Error(`unhandled case ${JSON.stringify(x)}`);
}
