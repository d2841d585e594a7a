// Terminal output shared by commands: the progress line, the confusion matrix and per-class table, and
// number formats. Formatting only: no I/O beyond the stream it is handed.

import type { Progress } from "../bindings/train.js";
import { perClass } from "../bindings/metrics.js";

export function pct(x: number, digits = 2): string {
  return `${(x * 100).toFixed(digits)}%`;
}

export function rate(samplesPerSecond: number): string {
  return samplesPerSecond >= 1000 ? `${(samplesPerSecond / 1000).toFixed(1)}k` : samplesPerSecond.toFixed(0);
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 60) return `${seconds.toFixed(0)}s`;
  return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, "0")}s`;
}

/** One progress line: redrawn in place on a TTY, printed once per epoch elsewhere. */
export function progressLine(p: Progress): string {
  const width = 20;
  const filled = Math.round((p.batch / p.batches) * width);
  const bar = "█".repeat(filled) + "░".repeat(width - filled);
  return `epoch ${p.epoch}/${p.epochs} ${bar} ${p.batch}/${p.batches}  loss ${p.loss.toFixed(4)}  acc ${pct(p.accuracy)}  ${rate(p.samplesPerSecond)} samples/s  ETA ${duration(p.eta)}`;
}

/** Aligned confusion matrix (rows: actual, columns: predicted); the diagonal in bold on colour terminals. */
export function confusionTable(confusion: number[][], color: boolean): string {
  const w = Math.max(5, ...confusion.flat().map((n) => String(n).length + 1));
  const cell = (s: string) => s.padStart(w);
  const lines = [`${"actual \\ predicted".padEnd(18)}${confusion.map((_, j) => cell(String(j))).join("")}`];
  confusion.forEach((row, i) => {
    const cells = row.map((n, j) => {
      const text = cell(String(n));
      if (!color) return text;
      if (i === j) return `\x1b[1;32m${text}\x1b[0m`;
      return n > 0 ? `\x1b[33m${text}\x1b[0m` : `\x1b[2m${text}\x1b[0m`;
    });
    lines.push(`${String(i).padStart(18)}${cells.join("")}`);
  });
  return lines.join("\n");
}

export function classTable(confusion: number[][]): string {
  const lines = ["digit  precision  recall  support"];
  for (const c of perClass(confusion)) {
    lines.push(`${String(c.digit).padStart(5)}  ${pct(c.precision).padStart(9)}  ${pct(c.recall).padStart(6)}  ${String(c.support).padStart(7)}`);
  }
  return lines.join("\n");
}
