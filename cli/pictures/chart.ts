// Pieces every chart shares: a title block and the margins. Layout arithmetic only; each chart file
// decides its own geometry (axis ticks and number labels come from numbers.ts).

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
