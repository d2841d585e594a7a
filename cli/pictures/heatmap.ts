// The confusion-matrix heatmap: rows are the actual digit, columns the predicted one, each cell filled on
// a blue scale and labelled with its count, axes titled, a colour bar at the side. The scale is
// logarithmic (log(1 + n)): with 97% accuracy the diagonal holds ~1000 and mistakes ~1-20, and a linear
// scale would paint every mistake white.

import { Canvas, INK, MUTED } from "./canvas.js";
import { blues, textOn } from "./colors.js";
import { drawTitle, MARGIN, titleHeight } from "./chart.js";
import { count } from "./numbers.js";
import { CAP_HEIGHT, drawText, textWidth } from "./font.js";

export interface HeatmapLayout {
  classes: number;
  cell: number;
  gridLeft: number;
  gridTop: number;
  barLeft: number;
  barWidth: number;
  width: number;
  height: number;
}

const LABEL_SCALE = 2;
const BAR_WIDTH = 18;

export function heatmapLayout(classes: number, subtitle?: string): HeatmapLayout {
  const cell = classes <= 10 ? 56 : 40;
  const labelWidth = textWidth(String(classes - 1), LABEL_SCALE);
  const gridLeft = MARGIN + CAP_HEIGHT * LABEL_SCALE + 16 + labelWidth + 10;
  const gridTop = titleHeight(subtitle) + 4;
  const side = cell * classes;
  const barLeft = gridLeft + side + 28;
  const width = barLeft + BAR_WIDTH + 8 + textWidth("10000") + MARGIN;
  const height = gridTop + side + 10 + CAP_HEIGHT * LABEL_SCALE + 16 + CAP_HEIGHT * LABEL_SCALE + MARGIN;
  return { classes, cell, gridLeft, gridTop, barLeft, barWidth: BAR_WIDTH, width, height };
}

/** Where a count lands on the colour scale: 0 → 0, the largest count → 1. */
export function shade(n: number, max: number): number {
  return max <= 0 ? 0 : Math.log1p(Math.max(0, n)) / Math.log1p(max);
}

export interface HeatmapOptions {
  title?: string;
  subtitle?: string;
}

export function confusionHeatmap(confusion: number[][], options: HeatmapOptions = {}): Canvas {
  const classes = confusion.length;
  if (classes === 0 || confusion.some((row) => row.length !== classes)) throw new Error("a confusion matrix must be square and non-empty");
  const L = heatmapLayout(classes, options.subtitle);
  const canvas = new Canvas(L.width, L.height);
  drawTitle(canvas, options.title ?? "Confusion matrix", options.subtitle);
  const max = Math.max(...confusion.flat());
  const side = L.cell * classes;

  for (let i = 0; i < classes; i++) {
    for (let j = 0; j < classes; j++) {
      const n = confusion[i][j];
      const fill = blues(shade(n, max));
      const x = L.gridLeft + j * L.cell, y = L.gridTop + i * L.cell;
      // A 1-pixel white gutter between cells keeps neighbouring pale cells apart.
      canvas.fillRect(x + 1, y + 1, L.cell - 2, L.cell - 2, fill);
      // No thousands separator inside cells: "1135" fits a cell at the large size, "1,135" does not.
      const text = String(n);
      const scale = textWidth(text, 2) <= L.cell - 8 ? 2 : 1;
      // Zeros are the common case off the diagonal: print them faintly so the mistakes stand out.
      const color = n === 0 ? [200, 205, 212] as const : textOn(fill);
      drawText(canvas, x + L.cell / 2, y + L.cell / 2, text, { scale, color, align: "center", baseline: "middle" });
    }
  }

  // Axes: digits along the left (actual) and the bottom (predicted), with titles.
  for (let k = 0; k < classes; k++) {
    const mid = k * L.cell + L.cell / 2;
    drawText(canvas, L.gridLeft - 10, L.gridTop + mid, String(k), { scale: LABEL_SCALE, align: "right", baseline: "middle" });
    drawText(canvas, L.gridLeft + mid, L.gridTop + side + 10, String(k), { scale: LABEL_SCALE, align: "center" });
  }
  drawText(canvas, MARGIN, L.gridTop + side / 2, "actual", { scale: LABEL_SCALE, align: "center", vertical: true });
  drawText(canvas, L.gridLeft + side / 2, L.gridTop + side + 10 + CAP_HEIGHT * LABEL_SCALE + 16, "predicted", { scale: LABEL_SCALE, align: "center" });

  // Colour bar, top = the largest count; ticks at 0 and powers of ten (the scale is logarithmic).
  for (let y = 0; y < side; y++) canvas.fillRect(L.barLeft, L.gridTop + y, L.barWidth, 1, blues(1 - y / (side - 1)));
  canvas.strokeRect(L.barLeft - 1, L.gridTop - 1, L.barWidth + 2, side + 2, MUTED);
  const ticks = [0];
  for (let p = 1; p <= Math.max(max, 1); p *= 10) ticks.push(p);
  for (const t of ticks) {
    const y = Math.round(L.gridTop + (side - 1) * (1 - shade(t, Math.max(max, 1))));
    canvas.fillRect(L.barLeft + L.barWidth + 1, y, 4, 1, INK);
    drawText(canvas, L.barLeft + L.barWidth + 8, y, count(t), { baseline: "middle", color: INK });
  }
  drawText(canvas, L.barLeft + L.barWidth / 2, L.gridTop - 14, "count", { align: "center", color: MUTED });
  return canvas;
}
