// Training curves: loss and accuracy per epoch as two line charts side by side, train in blue and
// validation (when --validation held some out) in orange, the final test accuracy as a dashed line.
// Reads the `history` that fit() returns; draws, nothing else.

import type { EpochStats } from "../../bindings/model/fit.js";
import { Canvas, GRID, INK, MUTED, WHITE, type Rgb } from "./canvas.js";
import { SERIES } from "./colors.js";
import { drawTitle, MARGIN, titleHeight } from "./chart.js";
import { niceTicks, tickLabel } from "./numbers.js";
import { CAP_HEIGHT, drawText, textWidth } from "./font.js";

interface Series {
  name: string;
  color: Rgb;
  values: number[];
}

interface Panel {
  title: string;
  unit: string;
  series: Series[];
  /** A horizontal reference line (the test accuracy), labelled at its right end. */
  reference?: { value: number; label: string };
  /** Values never exceed this (accuracy: 100%), so the axis does not promise 105%. */
  ceiling?: number;
}

const PLOT_W = 360;
const PLOT_H = 240;
const AXIS_W = 56;
const AXIS_H = 44;
const GAP = 40;

export function curvesLayout(subtitle?: string) {
  const top = titleHeight(subtitle) + 28;
  return { top, width: MARGIN + 2 * (AXIS_W + PLOT_W) + GAP + MARGIN, height: top + PLOT_H + AXIS_H + MARGIN };
}

export interface CurvesOptions {
  title?: string;
  subtitle?: string;
  testAccuracy?: number;
}

export function trainingCurves(history: EpochStats[], options: CurvesOptions = {}): Canvas {
  if (history.length === 0) throw new Error("no epochs to plot");
  const L = curvesLayout(options.subtitle);
  const canvas = new Canvas(L.width, L.height);
  drawTitle(canvas, options.title ?? "Training curves", options.subtitle);
  const hasVal = history.every((e) => e.valLoss !== undefined && e.valAccuracy !== undefined);
  const pick = (f: (e: EpochStats) => number): number[] => history.map(f);
  const loss: Panel = { title: "loss", unit: "", series: [{ name: "train", color: SERIES[0], values: pick((e) => e.loss) }] };
  const accuracy: Panel = { title: "accuracy", unit: "%", ceiling: 100, series: [{ name: "train", color: SERIES[0], values: pick((e) => 100 * e.accuracy) }] };
  if (hasVal) {
    loss.series.push({ name: "validation", color: SERIES[1], values: pick((e) => e.valLoss!) });
    accuracy.series.push({ name: "validation", color: SERIES[1], values: pick((e) => 100 * e.valAccuracy!) });
  }
  if (options.testAccuracy !== undefined) accuracy.reference = { value: 100 * options.testAccuracy, label: `test ${(100 * options.testAccuracy).toFixed(2)}%` };
  drawPanel(canvas, MARGIN + AXIS_W, L.top, loss, history.length);
  drawPanel(canvas, MARGIN + 2 * AXIS_W + PLOT_W + GAP, L.top, accuracy, history.length);

  // Legend, top right, one entry per series name.
  let x = L.width - MARGIN;
  const legendY = L.top - 22;
  for (const s of [...loss.series].reverse()) {
    x -= textWidth(s.name, 1);
    drawText(canvas, x, legendY, s.name, { baseline: "middle", color: INK });
    x -= 26;
    canvas.line(x, legendY, x + 18, legendY, s.color, 2.5);
    canvas.disc(x + 9, legendY, 3, s.color);
    x -= 18;
  }
  return canvas;
}

function drawPanel(canvas: Canvas, left: number, top: number, panel: Panel, epochs: number): void {
  const values = panel.series.flatMap((s) => s.values).concat(panel.reference ? [panel.reference.value] : []);
  let lo = Math.min(...values), hi = Math.max(...values);
  // Breathing room above and below the data, then snap the range outwards to whole ticks.
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.08;
  lo -= pad; hi += pad;
  if (panel.ceiling !== undefined) hi = Math.min(hi, panel.ceiling);
  const { step } = niceTicks(lo, hi, 5);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step - 1e-9) * step;
  const { ticks } = niceTicks(lo, hi, Math.round((hi - lo) / step));

  // One epoch has no line to draw: centre its point in an axis from 0 to 2.
  const x0 = epochs > 1 ? 1 : 0, x1 = epochs > 1 ? epochs : 2;
  const px = (epoch: number) => left + ((epoch - x0) / (x1 - x0)) * PLOT_W;
  const py = (v: number) => top + PLOT_H - ((v - lo) / (hi - lo)) * PLOT_H;

  drawText(canvas, left, top - 22, panel.title, { scale: 2, baseline: "middle", color: INK });
  for (const t of ticks) {
    const y = Math.round(py(t));
    canvas.fillRect(left, y, PLOT_W, 1, GRID);
    drawText(canvas, left - 8, y, `${tickLabel(t, step)}${panel.unit}`, { align: "right", baseline: "middle", color: MUTED });
  }
  // Every epoch gets a tick while they fit; beyond a dozen, round steps (1, 5, 10, 15 ...).
  const epochStep = epochs <= 12 ? 1 : Math.max(1, niceTicks(0, epochs, 8).step);
  const epochTicks = [1];
  for (let e = epochStep; e <= epochs; e += epochStep) if (e > 1) epochTicks.push(e);
  for (const e of epochTicks) {
    const x = Math.round(px(e));
    canvas.fillRect(x, top + PLOT_H, 1, 5, INK);
    drawText(canvas, x, top + PLOT_H + 9, String(e), { align: "center", color: MUTED });
  }
  canvas.fillRect(left, top + PLOT_H, PLOT_W + 1, 1, INK);
  canvas.fillRect(left, top, 1, PLOT_H + 1, INK);
  drawText(canvas, left + PLOT_W / 2, top + PLOT_H + 9 + CAP_HEIGHT + 12, "epoch", { align: "center", color: INK });

  const refY = panel.reference ? py(panel.reference.value) : 0;
  if (panel.reference) {
    for (let x = left; x < left + PLOT_W; x += 10) canvas.line(x, refY, Math.min(x + 5, left + PLOT_W), refY, MUTED, 1.5);
  }
  for (const s of panel.series) {
    for (let i = 1; i < s.values.length; i++) canvas.line(px(i), py(s.values[i - 1]), px(i + 1), py(s.values[i]), s.color, 2.5);
    // A dot per epoch while dots stay apart (about 12 px); beyond that they would merge into a smear.
    if (epochs === 1 || PLOT_W / (epochs - 1) >= 12) s.values.forEach((v, i) => canvas.disc(px(i + 1), py(v), 3.5, s.color));
  }
  if (panel.reference) {
    // Labelled at the left, where accuracy curves are usually still low, on a white patch drawn over the
    // curves so that one passing behind cannot make it unreadable.
    canvas.fillRect(left + 5, refY - 5 - CAP_HEIGHT - 3, textWidth(panel.reference.label) + 6, CAP_HEIGHT + 5, WHITE);
    drawText(canvas, left + 8, refY - 5, panel.reference.label, { baseline: "bottom", color: MUTED });
  }
}
