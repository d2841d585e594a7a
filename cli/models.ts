// Which model predict and eval use: --model FILE, or `pretrained` for the one shipped in the package;
// without --model, the model `train` last saved in its default place, else the pretrained one. Every
// answer names its model, so a label for people goes with the path.

import { existsSync } from "node:fs";
import { defaultModelPath, pretrainedModelPath } from "../bindings/node/files.js";

export interface ModelChoice {
  path: string;
  /** "pretrained", or the path as given. */
  label: string;
  /** Why this model was picked when the user did not name one (for a note on stderr). */
  fallback?: string;
}

export function chooseModel(given: string | undefined): ModelChoice {
  // `--model pretrained` names the shipped model (unless a file of that name is right here).
  if (given === "pretrained" && !existsSync(given)) return { path: pretrainedModelPath(), label: "pretrained" };
  if (given !== undefined) return { path: given, label: given };
  const trained = defaultModelPath();
  if (existsSync(trained)) return { path: trained, label: trained, fallback: `the model train saved (${trained})` };
  return { path: pretrainedModelPath(), label: "pretrained", fallback: "the pretrained model (no model trained yet)" };
}

/** "release preset, test accuracy 99.21%" from a model's metadata, or "" when it says nothing. */
export function describeModel(metadata: Record<string, string>): string {
  const parts: string[] = [];
  if (metadata.preset) parts.push(`${metadata.preset} preset`);
  const accuracy = Number(metadata.test_accuracy);
  if (metadata.test_accuracy && Number.isFinite(accuracy)) parts.push(`test accuracy ${(accuracy * 100).toFixed(2)}%`);
  return parts.join(", ");
}
