// The page's training chart: loss and accuracy in two stacked panels over one axis of epochs, each with
// its own scale, ticks and title (the title is the legend, so it stays readable at phone width), a mark
// at every epoch boundary, and a point per progress report as the run goes. `chartLayout` is pure
// geometry (tests read its ticks); `drawChart` paints a layout on a 2-D canvas context.

import { niceTicks, tickLabel } from "../cli/pictures/numbers.js";

export interface ChartPoint {
  /** Epochs done, fractional: 1.5 is halfway through the second epoch. */
  at: number;
  /** The epoch's mean loss so far (fit() reports a running mean, which restarts each epoch). */
  loss: number;
  /** The epoch's accuracy so far, 0..1. */
  accuracy: number;
}

export interface Tick { value: number; label: string; px: number }
export interface Rect { left: number; top: number; width: number; height: number }

export interface Panel {
  title: string;
  color: string;
  rect: Rect;
  min: number;
  max: number;
  ticks: Tick[];
  /** The latest value, as printed at the panel's top right. */
  latest: string;
  values: number[];
}

export interface ChartLayout {
  width: number;
  height: number;
  epochs: number;
  panels: [Panel, Panel];
  xTicks: Tick[];
  /** x of each epoch boundary inside the plot (1 .. epochs-1). */
  epochMarks: number[];
  /** x of each point, shared by both panels. */
  xs: number[];
  /** The epoch (1-based) each point belongs to: lines join points of one epoch only. */
  epochOf: number[];
}

export const LOSS_COLOR = "#d9622b";
export const ACCURACY_COLOR = "#2f6fed";
const FONT = 12;
const LEFT = 46;
const RIGHT = 14;
const TITLE = 22;
const GAP = 16;
const BOTTOM = 40;

/** Round ticks covering [lo, hi], the axis stretched to the outer ticks. */
function axis(lo: number, hi: number, target: number): { min: number; max: number; step: number; values: number[] } {
  const { step } = niceTicks(lo, hi, target);
  const min = Math.floor(lo / step + 1e-9) * step;
  const max = Math.max(min + step, Math.ceil(hi / step - 1e-9) * step);
  return { min, max, step, values: niceTicks(min, max, target).ticks.filter((v) => v >= min - 1e-9 && v <= max + 1e-9) };
}

export function chartLayout(width: number, height: number, points: readonly ChartPoint[], epochs: number): ChartLayout {
  const plotWidth = Math.max(40, width - LEFT - RIGHT);
  const panelHeight = Math.max(30, (height - BOTTOM - 2 * TITLE - GAP) / 2);
  const x = (at: number) => LEFT + (at / epochs) * plotWidth;
  const panel = (index: number, title: string, color: string, values: number[], lo: number, hi: number, unit: string): Panel => {
    const top = TITLE + index * (panelHeight + GAP + TITLE);
    const a = axis(lo, hi, panelHeight < 80 ? 2 : 4);
    const y = (v: number) => top + panelHeight - ((v - a.min) / (a.max - a.min)) * panelHeight;
    const last = values[values.length - 1];
    return {
      title, color, rect: { left: LEFT, top, width: plotWidth, height: panelHeight }, min: a.min, max: a.max, values,
      ticks: a.values.map((v) => ({ value: v, label: tickLabel(v, a.step), px: y(v) })),
      latest: last === undefined ? "" : `${last.toFixed(unit === "%" ? 1 : 3)}${unit}`,
    };
  };
  const losses = points.map((p) => p.loss);
  const accuracies = points.map((p) => 100 * p.accuracy);
  const lossPanel = panel(0, "loss (mean over the epoch so far)", LOSS_COLOR, losses, 0, Math.max(0.1, ...losses), "");
  // Accuracy starts near chance and ends near 100%: the axis runs from the lowest value seen (rounded down) to 100.
  const accuracyPanel = panel(1, "accuracy, %", ACCURACY_COLOR, accuracies, Math.min(90, ...accuracies), 100, "%");
  // An epoch per tick while they fit (about 36 px each), round steps beyond.
  const fit = Math.max(2, Math.floor(plotWidth / 36));
  const step = epochs <= fit ? 1 : niceTicks(0, epochs, fit).step;
  const xTicks: Tick[] = [];
  for (let e = 0; e <= epochs + 1e-9; e += step) xTicks.push({ value: e, label: String(e), px: x(e) });
  const epochMarks: number[] = [];
  for (let e = 1; e < epochs; e++) epochMarks.push(x(e));
  return { width, height, epochs, panels: [lossPanel, accuracyPanel], xTicks, epochMarks, xs: points.map((p) => x(p.at)), epochOf: points.map((p) => Math.max(1, Math.ceil(p.at - 1e-9))) };
}

/** Paints the layout; `context` is already scaled so one unit is one CSS pixel. */
export function drawChart(c: CanvasRenderingContext2D, L: ChartLayout, emptyText: string): void {
  c.clearRect(0, 0, L.width, L.height);
  c.font = `${FONT}px system-ui, sans-serif`;
  c.lineWidth = 1;
  for (const p of L.panels) {
    const { left, top, width, height } = p.rect;
    // Grid and tick labels.
    c.textAlign = "right";
    c.textBaseline = "middle";
    for (const t of p.ticks) {
      c.strokeStyle = "#eceef2";
      line(c, left, t.px, left + width, t.px);
      c.fillStyle = "#6b7280";
      c.fillText(t.label, left - 6, t.px);
    }
    // Epoch boundaries, dashed.
    c.strokeStyle = "#c9ced8";
    c.setLineDash([3, 3]);
    for (const m of L.epochMarks) line(c, m, top, m, top + height);
    c.setLineDash([]);
    // Axes.
    c.strokeStyle = "#4b5563";
    line(c, left, top, left, top + height);
    line(c, left, top + height, left + width, top + height);
    // Title (the legend: a swatch in the series' colour) and the latest value.
    c.fillStyle = p.color;
    c.fillRect(left, top - TITLE + 6, 10, 10);
    c.fillStyle = "#1d2330";
    c.textAlign = "left";
    c.textBaseline = "top";
    c.fillText(p.title, left + 15, top - TITLE + 5);
    c.textAlign = "right";
    c.fillStyle = p.color;
    if (p.latest) c.fillText(p.latest, left + width, top - TITLE + 5);
    series(c, L, p);
  }
  // The shared epoch axis under the lower panel.
  const bottom = L.panels[1].rect.top + L.panels[1].rect.height;
  c.fillStyle = "#6b7280";
  c.strokeStyle = "#4b5563";
  c.textAlign = "center";
  c.textBaseline = "top";
  for (const t of L.xTicks) {
    line(c, t.px, bottom, t.px, bottom + 4);
    c.fillText(t.label, t.px, bottom + 6);
  }
  c.fillText("epoch", L.panels[1].rect.left + L.panels[1].rect.width / 2, bottom + 6 + FONT + 4);
  if (L.xs.length === 0) {
    c.fillStyle = "#6b7280";
    c.fillText(emptyText, L.panels[0].rect.left + L.panels[0].rect.width / 2, L.panels[0].rect.top + L.panels[0].rect.height / 2 - FONT / 2);
  }
}

function line(c: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number): void {
  // Half-pixel offsets keep one-pixel lines sharp.
  c.beginPath();
  c.moveTo(Math.round(x0) + 0.5, Math.round(y0) + 0.5);
  c.lineTo(Math.round(x1) + 0.5, Math.round(y1) + 0.5);
  c.stroke();
}

/** The points joined within each epoch (the running mean restarts at each boundary), a dot on each. */
function series(c: CanvasRenderingContext2D, L: ChartLayout, p: Panel): void {
  const y = (v: number) => p.rect.top + p.rect.height - ((v - p.min) / (p.max - p.min)) * p.rect.height;
  c.strokeStyle = p.color;
  c.fillStyle = p.color;
  c.lineWidth = 1.5;
  c.beginPath();
  p.values.forEach((v, i) => {
    if (i === 0 || L.epochOf[i] !== L.epochOf[i - 1]) c.moveTo(L.xs[i], y(v));
    else c.lineTo(L.xs[i], y(v));
  });
  c.stroke();
  c.lineWidth = 1;
  p.values.forEach((v, i) => {
    c.beginPath();
    c.arc(L.xs[i], y(v), 2, 0, 2 * Math.PI);
    c.fill();
  });
}
