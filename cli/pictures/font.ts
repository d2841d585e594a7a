// A built-in 5x7 bitmap font (with two descender rows) for the text in the pictures: digits, letters and
// the punctuation charts need. Drawn by hand for this project, so the PNGs need no font files and look
// the same everywhere. Not proportional, no kerning: every glyph advances 6 pixels times the scale.

import { Canvas, rotateLeft, type Mask, type Rgb } from "./canvas.js";

export const GLYPH_WIDTH = 5;
/** Cap height: capitals and digits sit on rows 0..6; rows 7..8 hold descenders (g, j, p, q, y, comma). */
export const CAP_HEIGHT = 7;
export const GLYPH_ROWS = 9;
export const ADVANCE = GLYPH_WIDTH + 1;

// One glyph per line: rows top to bottom separated by spaces, '#' is ink. Rows left out are blank.
const GLYPHS: Record<string, string> = {
  "0": ".###. #...# #..## #.#.# ##..# #...# .###.",
  "1": "..#.. .##.. #.#.. ..#.. ..#.. ..#.. #####",
  "2": ".###. #...# ....# ...#. ..#.. .#... #####",
  "3": "##### ...#. ..#.. ...#. ....# #...# .###.",
  "4": "...#. ..##. .#.#. #..#. ##### ...#. ...#.",
  "5": "##### #.... ####. ....# ....# #...# .###.",
  "6": "..##. .#... #.... ####. #...# #...# .###.",
  "7": "##### ....# ...#. ..#.. .#... .#... .#...",
  "8": ".###. #...# #...# .###. #...# #...# .###.",
  "9": ".###. #...# #...# .#### ....# ...#. .##..",
  A: ".###. #...# #...# ##### #...# #...# #...#",
  B: "####. #...# #...# ####. #...# #...# ####.",
  C: ".###. #...# #.... #.... #.... #...# .###.",
  D: "###.. #..#. #...# #...# #...# #..#. ###..",
  E: "##### #.... #.... ####. #.... #.... #####",
  F: "##### #.... #.... ####. #.... #.... #....",
  G: ".###. #...# #.... #.### #...# #...# .####",
  H: "#...# #...# #...# ##### #...# #...# #...#",
  I: "##### ..#.. ..#.. ..#.. ..#.. ..#.. #####",
  J: "..### ...#. ...#. ...#. ...#. #..#. .##..",
  K: "#...# #..#. #.#.. ##... #.#.. #..#. #...#",
  L: "#.... #.... #.... #.... #.... #.... #####",
  M: "#...# ##.## #.#.# #.#.# #...# #...# #...#",
  N: "#...# #...# ##..# #.#.# #..## #...# #...#",
  O: ".###. #...# #...# #...# #...# #...# .###.",
  P: "####. #...# #...# ####. #.... #.... #....",
  Q: ".###. #...# #...# #...# #.#.# #..#. .##.#",
  R: "####. #...# #...# ####. #.#.. #..#. #...#",
  S: ".#### #.... #.... .###. ....# ....# ####.",
  T: "##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..",
  U: "#...# #...# #...# #...# #...# #...# .###.",
  V: "#...# #...# #...# #...# #...# .#.#. ..#..",
  W: "#...# #...# #...# #.#.# #.#.# #.#.# .#.#.",
  X: "#...# #...# .#.#. ..#.. .#.#. #...# #...#",
  Y: "#...# #...# .#.#. ..#.. ..#.. ..#.. ..#..",
  Z: "##### ....# ...#. ..#.. .#... #.... #####",
  a: "..... ..... .###. ....# .#### #...# .####",
  b: "#.... #.... #.##. ##..# #...# #...# ####.",
  c: "..... ..... .#### #.... #.... #.... .####",
  d: "....# ....# .##.# #..## #...# #...# .####",
  e: "..... ..... .###. #...# ##### #.... .###.",
  f: "..##. .#..# .#... ###.. .#... .#... .#...",
  g: "..... ..... .#### #...# #...# #...# .#### ....# .###.",
  h: "#.... #.... #.##. ##..# #...# #...# #...#",
  i: "..#.. ..... .##.. ..#.. ..#.. ..#.. .###.",
  j: "...#. ..... ..##. ...#. ...#. ...#. ...#. #..#. .##..",
  k: "#.... #.... #..#. #.#.. ##... #.#.. #..#.",
  l: ".##.. ..#.. ..#.. ..#.. ..#.. ..#.. .###.",
  m: "..... ..... ##.#. #.#.# #.#.# #.#.# #.#.#",
  n: "..... ..... #.##. ##..# #...# #...# #...#",
  o: "..... ..... .###. #...# #...# #...# .###.",
  p: "..... ..... ####. #...# #...# #...# ####. #.... #....",
  q: "..... ..... .#### #...# #...# #...# .#### ....# ....#",
  r: "..... ..... #.##. ##..# #.... #.... #....",
  s: "..... ..... .###. #.... .###. ....# ####.",
  t: ".#... .#... ###.. .#... .#... .#..# ..##.",
  u: "..... ..... #...# #...# #...# #..## .##.#",
  v: "..... ..... #...# #...# #...# .#.#. ..#..",
  w: "..... ..... #...# #...# #.#.# #.#.# .#.#.",
  x: "..... ..... #...# .#.#. ..#.. .#.#. #...#",
  y: "..... ..... #...# #...# #...# #...# .#### ....# .###.",
  z: "..... ..... ##### ...#. ..#.. .#... #####",
  " ": "",
  ".": "..... ..... ..... ..... ..... .##.. .##..",
  ",": "..... ..... ..... ..... ..... .##.. .##.. ..#.. .#...",
  ":": "..... .##.. .##.. ..... .##.. .##.. .....",
  ";": "..... .##.. .##.. ..... .##.. .##.. ..#.. .#...",
  "-": "..... ..... ..... .###. ..... ..... .....",
  "+": "..... ..#.. ..#.. ##### ..#.. ..#.. .....",
  "=": "..... ..... ##### ..... ##### ..... .....",
  "%": "##... ##..# ...#. ..#.. .#... #..## ...##",
  "/": "..... ....# ...#. ..#.. .#... #.... .....",
  "\\": "..... #.... .#... ..#.. ...#. ....# .....",
  "(": "...#. ..#.. .#... .#... .#... ..#.. ...#.",
  ")": ".#... ..#.. ...#. ...#. ...#. ..#.. .#...",
  "[": ".###. .#... .#... .#... .#... .#... .###.",
  "]": ".###. ...#. ...#. ...#. ...#. ...#. .###.",
  "|": "..#.. ..#.. ..#.. ..#.. ..#.. ..#.. ..#..",
  "<": "...#. ..#.. .#... #.... .#... ..#.. ...#.",
  ">": ".#... ..#.. ...#. ....# ...#. ..#.. .#...",
  "_": "..... ..... ..... ..... ..... ..... #####",
  "'": "..#.. ..#.. .#... ..... ..... ..... .....",
  '"': ".#.#. .#.#. ..... ..... ..... ..... .....",
  "#": ".#.#. .#.#. ##### .#.#. ##### .#.#. .#.#.",
  "?": ".###. #...# ....# ...#. ..#.. ..... ..#..",
  "!": "..#.. ..#.. ..#.. ..#.. ..#.. ..... ..#..",
  "*": "..... ..#.. #.#.# .###. #.#.# ..#.. .....",
  "→": "..... ..#.. ...#. ##### ...#. ..#.. .....",
  "×": "..... ..... #...# .#.#. ..#.. .#.#. #...#",
  "·": "..... ..... ..... .##.. .##.. ..... .....",
  "−": "..... ..... ..... ##### ..... ..... .....",
  "±": "..#.. ..#.. ##### ..#.. ..#.. ..... #####",
};

// An unknown character draws as a hollow box, visibly wrong rather than silently missing.
const MISSING = "##### #...# #...# #...# #...# #...# #####";

/** Each glyph as GLYPH_ROWS x GLYPH_WIDTH booleans, parsed once. */
const BITMAPS = new Map<string, Uint8Array>();
function bitmap(ch: string): Uint8Array {
  let b = BITMAPS.get(ch);
  if (!b) {
    b = new Uint8Array(GLYPH_ROWS * GLYPH_WIDTH);
    const rows = (GLYPHS[ch] ?? MISSING).split(" ").filter((r) => r.length > 0);
    rows.forEach((row, y) => { for (let x = 0; x < GLYPH_WIDTH; x++) b![y * GLYPH_WIDTH + x] = row[x] === "#" ? 1 : 0; });
    BITMAPS.set(ch, b);
  }
  return b;
}

export function hasGlyph(ch: string): boolean {
  return ch in GLYPHS;
}

/** Width in pixels of `text` at `scale`, without the trailing gap. */
export function textWidth(text: string, scale = 1): number {
  const n = [...text].length;
  return n === 0 ? 0 : (n * ADVANCE - 1) * scale;
}

/**
 * The text as a mask GLYPH_ROWS*scale tall; the baseline is at row CAP_HEIGHT*scale. Each font pixel
 * becomes a scale x scale square: bitmap fonts only stay crisp at whole factors.
 */
export function textMask(text: string, scale = 1): Mask {
  const chars = [...text];
  const width = Math.max(1, textWidth(text, scale));
  const height = GLYPH_ROWS * scale;
  const alpha = new Float32Array(width * height);
  chars.forEach((ch, i) => {
    const b = bitmap(ch);
    const left = i * ADVANCE * scale;
    for (let gy = 0; gy < GLYPH_ROWS; gy++) {
      for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
        if (!b[gy * GLYPH_WIDTH + gx]) continue;
        for (let sy = 0; sy < scale; sy++) alpha.fill(1, (gy * scale + sy) * width + left + gx * scale, (gy * scale + sy) * width + left + (gx + 1) * scale);
      }
    }
  });
  return { width, height, alpha };
}

export interface TextOptions {
  scale?: number;
  color?: Rgb;
  /** Which point of the text's cap box (x) sits at the given coordinate. */
  align?: "left" | "center" | "right";
  /** Which point of the cap box (y) sits at the given coordinate: its top, its middle, or the baseline. */
  baseline?: "top" | "middle" | "bottom";
  /** Read bottom to top (y-axis titles); alignment then applies along the rotated text. */
  vertical?: boolean;
}

/** The top-left corner where drawText puts the (unrotated) mask of `text`: lets tests find drawn labels. */
export function textOrigin(x: number, y: number, text: string, options: TextOptions = {}): { left: number; top: number } {
  const scale = options.scale ?? 1;
  const along = Math.max(1, textWidth(text, scale)), cap = CAP_HEIGHT * scale;
  const shiftAlong = options.align === "center" ? Math.floor(along / 2) : options.align === "right" ? along : 0;
  const shiftAcross = options.baseline === "middle" ? Math.floor(cap / 2) : options.baseline === "bottom" ? cap : 0;
  // Rotated text runs upwards from (x, y + shiftAlong) with its cap box's top edge facing left.
  if (options.vertical) return { left: Math.round(x - shiftAcross), top: Math.round(y - (along - shiftAlong)) };
  return { left: Math.round(x - shiftAlong), top: Math.round(y - shiftAcross) };
}

/** Draws one line of text; returns its width in pixels (along the text). */
export function drawText(canvas: Canvas, x: number, y: number, text: string, options: TextOptions = {}): number {
  const mask = textMask(text, options.scale ?? 1);
  const { left, top } = textOrigin(x, y, text, options);
  canvas.stamp(options.vertical ? rotateLeft(mask) : mask, left, top, options.color ?? [34, 34, 34]);
  return mask.width;
}
