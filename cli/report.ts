// Terminal output shared by commands: the progress line, the confusion matrix and per-class table, and
// number formats. Formatting only: no I/O beyond the stream it is handed.

import type { Progress } from "../bindings/model/fit.js";
import { perClass } from "../bindings/model/metrics.js";
import { shade } from "./pictures/heatmap.js";

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

/**
 * Light to dark blues from the xterm 256-colour cube, picked by hand: mapping the PNG's ramp into the cube
 * channel by channel turns its pale blues green or lavender, so the terminal gets its own short ramp.
 */
const TERMINAL_BLUES = [153, 111, 75, 33, 26, 25, 18];
/**
 * Aligned confusion matrix (rows: actual, columns: predicted). On colour terminals each non-zero cell is
 * shaded like the PNG heatmap (same log scale, blue 256-colour backgrounds, which nearly every
 * terminal shows) and zeros are dimmed, so the few mistakes stand out from the diagonal at a glance.
 */
export function confusionTable(confusion: number[][], color: boolean): string {
  const w = Math.max(5, ...confusion.flat().map((n) => String(n).length + 1));
  const cell = (s: string) => s.padStart(w);
  const max = Math.max(...confusion.flat());
  const lines = [`${"actual \\ predicted".padEnd(18)}${confusion.map((_, j) => cell(String(j))).join("")}`];
  confusion.forEach((row, i) => {
    const cells = row.map((n) => {
      const text = cell(String(n));
      if (!color) return text;
      if (n === 0) return `\x1b[2m${text}\x1b[0m`;
      const k = Math.min(TERMINAL_BLUES.length - 1, Math.floor(shade(n, max) * TERMINAL_BLUES.length));
      // Black on the three light blues, bold white on the dark ones.
      const ink = k < 3 ? "38;5;16" : "38;5;231;1";
      return `\x1b[48;5;${TERMINAL_BLUES[k]};${ink}m${text}\x1b[0m`;
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
