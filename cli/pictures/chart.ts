// Pieces every chart shares: a title block, "nice" axis ticks (steps of 1, 2 or 5 times a power of ten)
// and number labels. Layout arithmetic only; each chart file decides its own geometry.

import { Canvas, INK, MUTED } from "./canvas.js";
import { drawText, CAP_HEIGHT } from "./font.js";

export const TITLE_SCALE = 2;
export const MARGIN = 24;

/** Height of the block drawn by `drawTitle`, so charts can place what follows. */
export function titleHeight(subtitle?: string): number {
  return MARGIN + CAP_HEIGHT * TITLE_SCALE + (subtitle ? 10 + CAP_HEIGHT : 0) + 18;
}

/** A bold-ish title at the top left, and an optional grey line under it saying what is shown. */
export function drawTitle(canvas: Canvas, title: string, subtitle?: string): void {
  drawText(canvas, MARGIN, MARGIN, title, { scale: TITLE_SCALE, color: INK });
  if (subtitle) drawText(canvas, MARGIN, MARGIN + CAP_HEIGHT * TITLE_SCALE + 10, subtitle, { color: MUTED });
}

/** About `target` evenly spaced round values covering [lo, hi]; returns the ticks and the step. */
export function niceTicks(lo: number, hi: number, target = 5): { ticks: number[]; step: number } {
  if (!(hi > lo)) { hi = lo + 1; }
  const raw = (hi - lo) / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  // Rounding each tick to the step's decimals keeps 0.30000000000000004 out of the labels.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toFixed(decimals)));
  return { ticks, step };
}

/** A tick label with as many decimals as the step needs and no more. */
export function tickLabel(v: number, step: number): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return v.toFixed(decimals);
}

/** 12,345 style, as the terminal output prints counts. */
export function count(n: number): string {
  return n.toLocaleString("en");
}
