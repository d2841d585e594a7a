// A small RGBA raster for the CLI's pictures: rectangles, anti-aliased lines and dots, grayscale images
// scaled by whole factors, and glyph masks (from font.ts). Drawing only: PNG encoding lives in png.ts.
// Not a general 2-D library: no paths, no transforms, no sub-pixel text.

export type Rgb = readonly [number, number, number];

export const WHITE: Rgb = [255, 255, 255];
export const BLACK: Rgb = [0, 0, 0];
export const INK: Rgb = [34, 34, 34];
export const GRID: Rgb = [225, 225, 225];
export const MUTED: Rgb = [110, 110, 110];

/** A coverage mask: [height, width] alpha values in 0..1 (text and other stencils). */
export interface Mask {
  width: number;
  height: number;
  alpha: Float32Array;
}

export class Canvas {
  readonly width: number;
  readonly height: number;
  /** [height, width, 4] bytes, opaque: every picture is drawn on a solid background. */
  readonly rgba: Uint8Array;

  constructor(width: number, height: number, background: Rgb = WHITE) {
    if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) throw new Error(`a canvas needs a whole positive size, got ${width}x${height}`);
    this.width = width;
    this.height = height;
    this.rgba = new Uint8Array(width * height * 4);
    this.fillRect(0, 0, width, height, background);
  }

  get(x: number, y: number): Rgb {
    const i = (y * this.width + x) * 4;
    return [this.rgba[i], this.rgba[i + 1], this.rgba[i + 2]];
  }

  /** Mixes `color` into one pixel with coverage `alpha` (0..1); pixels outside the canvas are ignored. */
  blend(x: number, y: number, color: Rgb, alpha = 1): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height || alpha <= 0) return;
    const i = (y * this.width + x) * 4;
    const a = Math.min(alpha, 1);
    for (let c = 0; c < 3; c++) this.rgba[i + c] = Math.round(this.rgba[i + c] * (1 - a) + color[c] * a);
    this.rgba[i + 3] = 255;
  }

  fillRect(x: number, y: number, w: number, h: number, color: Rgb): void {
    const x0 = Math.max(0, Math.round(x)), y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + w)), y1 = Math.min(this.height, Math.round(y + h));
    for (let py = y0; py < y1; py++) {
      for (let px = x0; px < x1; px++) {
        const i = (py * this.width + px) * 4;
        this.rgba[i] = color[0]; this.rgba[i + 1] = color[1]; this.rgba[i + 2] = color[2]; this.rgba[i + 3] = 255;
      }
    }
  }

  /** A rectangle's outline drawn inside its bounds, `thickness` pixels wide. */
  strokeRect(x: number, y: number, w: number, h: number, color: Rgb, thickness = 1): void {
    this.fillRect(x, y, w, thickness, color);
    this.fillRect(x, y + h - thickness, w, thickness, color);
    this.fillRect(x, y, thickness, h, color);
    this.fillRect(x + w - thickness, y, thickness, h, color);
  }

  /**
   * An anti-aliased line `width` pixels wide with round ends. Each pixel near the segment gets coverage
   * from its distance to the segment, which is exact enough for charts and needs no special cases for
   * steep or short segments.
   */
  line(x0: number, y0: number, x1: number, y1: number, color: Rgb, width = 1): void {
    const r = width / 2;
    const dx = x1 - x0, dy = y1 - y0;
    const len2 = dx * dx + dy * dy;
    const minX = Math.floor(Math.min(x0, x1) - r - 1), maxX = Math.ceil(Math.max(x0, x1) + r + 1);
    const minY = Math.floor(Math.min(y0, y1) - r - 1), maxY = Math.ceil(Math.max(y0, y1) + r + 1);
    for (let py = minY; py <= maxY; py++) {
      for (let px = minX; px <= maxX; px++) {
        // Pixel centres sit at +0.5.
        const cx = px + 0.5, cy = py + 0.5;
        const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((cx - x0) * dx + (cy - y0) * dy) / len2));
        const ex = cx - (x0 + t * dx), ey = cy - (y0 + t * dy);
        const coverage = r + 0.5 - Math.sqrt(ex * ex + ey * ey);
        if (coverage > 0) this.blend(px, py, color, coverage);
      }
    }
  }

  /** A filled anti-aliased disc of radius `r` centred on (cx, cy). */
  disc(cx: number, cy: number, r: number, color: Rgb): void {
    this.line(cx, cy, cx, cy, color, 2 * r);
  }

  /**
   * A grayscale image (`gray`: [h, w] bytes) scaled up by a whole factor, each value coloured by `map`.
   * Whole factors keep every source pixel a crisp square, which is how digits should look.
   */
  image(x: number, y: number, gray: ArrayLike<number>, w: number, h: number, scale: number, map: (v: number) => Rgb): void {
    for (let sy = 0; sy < h; sy++) {
      for (let sx = 0; sx < w; sx++) this.fillRect(x + sx * scale, y + sy * scale, scale, scale, map(gray[sy * w + sx]));
    }
  }

  /** Paints `color` through a coverage mask with its top-left corner at (x, y). */
  stamp(mask: Mask, x: number, y: number, color: Rgb): void {
    for (let my = 0; my < mask.height; my++) {
      for (let mx = 0; mx < mask.width; mx++) {
        const a = mask.alpha[my * mask.width + mx];
        if (a > 0) this.blend(x + mx, y + my, color, a);
      }
    }
  }
}

/** The mask turned a quarter counter-clockwise, for y-axis titles that read bottom to top. */
export function rotateLeft(mask: Mask): Mask {
  const out = new Float32Array(mask.alpha.length);
  const w = mask.height, h = mask.width;
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) out[(mask.width - 1 - x) * w + y] = mask.alpha[y * mask.width + x];
  }
  return { width: w, height: h, alpha: out };
}
