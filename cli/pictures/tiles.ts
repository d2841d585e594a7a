// Pictures made of 28x28 tiles: the sample grid (MNIST images with their labels), the most confused pairs
// (thumbnails of misclassified test images per actual → predicted pair), and the first layer's weights
// (one tile per hidden unit). Images are drawn as dark ink on white paper; each tile pixel is a
// whole-number square so strokes stay crisp.

import { Canvas, INK, MUTED, type Rgb } from "./canvas.js";
import { blueWhiteRed, paper } from "./colors.js";
import { drawTitle, MARGIN, titleHeight } from "./chart.js";
import { count, plural } from "./numbers.js";
import { CAP_HEIGHT, drawText, textWidth } from "./font.js";

export interface Sample {
  /** [side, side] bytes, MNIST style: ink bright (255) on black (0). */
  pixels: Uint8Array;
  label: number;
}

export interface GridLayout {
  cols: number;
  rows: number;
  /** Edge of the drawn image in pixels (side x scale). */
  tile: number;
  /** Distance between neighbouring tiles' origins, across and down (the label sits under each tile). */
  pitchX: number;
  pitchY: number;
  left: number;
  top: number;
  width: number;
  height: number;
}

const LABEL_SCALE = 2;

/** Where each tile of a sample grid goes: about square, at most `maxCols` across. */
export function gridLayout(tiles: number, side = 28, scale = 2, maxCols = 12, subtitle?: string): GridLayout {
  const cols = Math.max(1, Math.min(maxCols, Math.ceil(Math.sqrt(tiles))));
  const rows = Math.max(1, Math.ceil(tiles / cols));
  const tile = side * scale;
  const pitchX = tile + 12;
  const pitchY = tile + 8 + CAP_HEIGHT * LABEL_SCALE + 12;
  const left = MARGIN, top = titleHeight(subtitle);
  const titleWidth = textWidth("MNIST samples", 2);
  const width = Math.max(left + cols * pitchX - 12 + MARGIN, MARGIN * 2 + titleWidth, MARGIN * 2 + textWidth(subtitle ?? ""));
  return { cols, rows, tile, pitchX, pitchY, left, top, width, height: top + rows * pitchY - 12 + MARGIN };
}

export interface SampleGridOptions {
  side?: number;
  scale?: number;
  title?: string;
  subtitle?: string;
}

/** MNIST images in rows, each with its label under it. */
export function sampleGrid(samples: Sample[], options: SampleGridOptions = {}): Canvas {
  const side = options.side ?? 28, scale = options.scale ?? 2;
  const L = gridLayout(samples.length, side, scale, 12, options.subtitle);
  const canvas = new Canvas(L.width, L.height);
  drawTitle(canvas, options.title ?? "MNIST samples", options.subtitle);
  samples.forEach((s, i) => {
    const x = L.left + (i % L.cols) * L.pitchX, y = L.top + Math.floor(i / L.cols) * L.pitchY;
    canvas.image(x, y, s.pixels, side, side, scale, paper);
    // A hairline frame shows where the 28x28 field ends: MNIST digits float in an empty margin.
    canvas.strokeRect(x - 1, y - 1, L.tile + 2, L.tile + 2, [215, 215, 215]);
    drawText(canvas, x + L.tile / 2, y + L.tile + 8, String(s.label), { scale: LABEL_SCALE, align: "center", color: INK });
  });
  return canvas;
}

export interface ConfusedPair {
  actual: number;
  predicted: number;
  count: number;
  /** How many test images of the actual digit there are, to say "19 of 1009". */
  support: number;
  /** Some of the misclassified images, [side*side] bytes each. */
  images: Uint8Array[];
}

/** The off-diagonal cells of a confusion matrix, largest first (ties: lower actual, then lower predicted). */
export function mostConfused(confusion: number[][], limit: number): { actual: number; predicted: number; count: number; support: number }[] {
  const pairs: { actual: number; predicted: number; count: number; support: number }[] = [];
  confusion.forEach((row, i) => {
    const support = row.reduce((a, b) => a + b, 0);
    row.forEach((n, j) => { if (i !== j && n > 0) pairs.push({ actual: i, predicted: j, count: n, support }); });
  });
  pairs.sort((a, b) => b.count - a.count || a.actual - b.actual || a.predicted - b.predicted);
  return pairs.slice(0, limit);
}

export const THUMBS_PER_PAIR = 10;

export function confusedPairs(pairs: ConfusedPair[], options: { side?: number; title?: string; subtitle?: string } = {}): Canvas {
  const side = options.side ?? 28, scale = 2, tile = side * scale;
  const labelWidth = textWidth("0→0", 3) + 24;
  const countWidth = textWidth("99 of 9999", 1) + 20;
  const rowHeight = tile + 14;
  const top = titleHeight(options.subtitle);
  const width = Math.max(MARGIN + labelWidth + countWidth + THUMBS_PER_PAIR * (tile + 6) + MARGIN, MARGIN * 2 + textWidth(options.subtitle ?? ""));
  const height = top + Math.max(1, pairs.length) * rowHeight + MARGIN;
  const canvas = new Canvas(width, height);
  drawTitle(canvas, options.title ?? "Most confused digits (actual → predicted)", options.subtitle);
  if (pairs.length === 0) drawText(canvas, MARGIN, top + 10, "no mistakes: nothing to show", { scale: 2, color: MUTED });
  pairs.forEach((p, r) => {
    const y = top + r * rowHeight;
    const mid = y + tile / 2;
    drawText(canvas, MARGIN, mid, `${p.actual}→${p.predicted}`, { scale: 3, baseline: "middle", color: INK });
    drawText(canvas, MARGIN + labelWidth, mid - 8, plural(p.count, "time"), { baseline: "middle", color: INK });
    drawText(canvas, MARGIN + labelWidth, mid + 8, `of ${count(p.support)}`, { baseline: "middle", color: MUTED });
    p.images.slice(0, THUMBS_PER_PAIR).forEach((img, k) => {
      const x = MARGIN + labelWidth + countWidth + k * (tile + 6);
      canvas.image(x, y, img, side, side, scale, paper);
      canvas.strokeRect(x - 1, y - 1, tile + 2, tile + 2, [215, 215, 215]);
    });
  });
  return canvas;
}

/** Where weightTiles puts unit j's tile (top-left corner) and how big the picture is. */
export function weightsLayout(inputs: number, units: number, subtitle?: string) {
  const side = Math.round(Math.sqrt(inputs));
  const scale = units > 100 ? 2 : 3;
  const tile = side * scale, gap = 6;
  const cols = Math.min(units, units > 100 ? 16 : 10);
  const rows = Math.ceil(units / cols);
  const top = titleHeight(subtitle);
  const legendHeight = WEIGHT_BAR_HEIGHT + 36;
  const width = Math.max(MARGIN * 2 + cols * (tile + gap) - gap, MARGIN * 2 + textWidth(subtitle ?? ""), 360);
  const height = top + rows * (tile + gap) - gap + 20 + legendHeight + MARGIN;
  const origin = (j: number) => ({ x: MARGIN + (j % cols) * (tile + gap), y: top + Math.floor(j / cols) * (tile + gap) });
  return { side, scale, tile, cols, rows, width, height, legendHeight, origin };
}

const WEIGHT_BAR_HEIGHT = 12;

/**
 * First-layer weights, one tile per hidden unit: tile j shows weight[:, j] ([inputs, units] row-major, the
 * safetensors layout) as a side x side image. Each tile has its own scale (its 99th percentile of
 * |weight|), since units differ in overall size and one shared scale would leave most tiles washed out.
 */
export function weightTiles(weights: Float32Array, inputs: number, units: number, options: { title?: string; subtitle?: string } = {}): Canvas {
  const L = weightsLayout(inputs, units, options.subtitle);
  if (L.side * L.side !== inputs || weights.length !== inputs * units) throw new Error(`weights must be [${inputs}, ${units}] with a square input, got ${weights.length} values`);
  const canvas = new Canvas(L.width, L.height);
  drawTitle(canvas, options.title ?? `What the first layer looks for (${units} hidden units)`, options.subtitle);
  const colors = new Array<Rgb>(inputs);
  const index = Uint16Array.from(colors.keys());
  const magnitudes = new Float32Array(inputs);
  for (let j = 0; j < units; j++) {
    // The 99th percentile of |w|, not the maximum: a handful of outliers (about 1.5x larger after training)
    // would otherwise wash out the rest of the tile. The few beyond it are drawn at full colour.
    for (let i = 0; i < inputs; i++) magnitudes[i] = Math.abs(weights[i * units + j]);
    magnitudes.sort();
    const top = magnitudes[Math.floor(0.99 * (inputs - 1))];
    for (let i = 0; i < inputs; i++) colors[i] = blueWhiteRed(top === 0 ? 0 : weights[i * units + j] / top);
    const { x, y } = L.origin(j);
    canvas.image(x, y, index, L.side, L.side, L.scale, (k) => colors[k]);
  }
  // Legend: the diverging scale, from minus to plus each tile's own scale.
  const barY = L.height - MARGIN - L.legendHeight + 20, barW = 240, barH = WEIGHT_BAR_HEIGHT;
  for (let k = 0; k < barW; k++) canvas.fillRect(MARGIN + k, barY, 1, barH, blueWhiteRed((k / (barW - 1)) * 2 - 1));
  canvas.strokeRect(MARGIN - 1, barY - 1, barW + 2, barH + 2, MUTED);
  drawText(canvas, MARGIN, barY + barH + 8, "−scale", { color: MUTED });
  drawText(canvas, MARGIN + barW / 2, barY + barH + 8, "0", { align: "center", color: MUTED });
  drawText(canvas, MARGIN + barW, barY + barH + 8, "+scale", { align: "right", color: MUTED });
  drawText(canvas, MARGIN + barW + 16, barY + barH / 2, "red: ink here raises the unit, blue: ink here lowers it (each tile on its own scale)", { baseline: "middle", color: MUTED });
  return canvas;
}
