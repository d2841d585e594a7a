// Colour scales for the pictures: a sequential blue ramp (counts), a diverging blue-white-red ramp
// (signed weights) and the series colours of the line charts. Piecewise-linear in sRGB between a few
// hand-picked stops: simple, and monotone in lightness, which is what makes a heatmap readable.

import type { Rgb } from "./canvas.js";

type Stop = readonly [number, Rgb];

function ramp(stops: readonly Stop[]): (t: number) => Rgb {
  return (t: number) => {
    const x = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
    let i = 1;
    while (i < stops.length - 1 && x > stops[i][0]) i++;
    const [t0, c0] = stops[i - 1], [t1, c1] = stops[i];
    const f = t1 === t0 ? 0 : (x - t0) / (t1 - t0);
    return [0, 1, 2].map((k) => Math.round(c0[k] + (c1[k] - c0[k]) * f)) as unknown as Rgb;
  };
}

/** 0 → near white, 1 → dark navy; lightness falls monotonically, so darker always means more. */
export const blues = ramp([
  [0, [247, 251, 255]],
  [0.25, [198, 219, 239]],
  [0.5, [107, 174, 214]],
  [0.75, [33, 113, 181]],
  [1, [8, 48, 107]],
]);

/** −1 → blue, 0 → white, +1 → red: the sign of a weight at a glance. */
export const blueWhiteRed = ((inner) => (v: number) => inner((v + 1) / 2))(ramp([
  [0, [33, 102, 172]],
  [0.25, [146, 197, 222]],
  [0.5, [247, 247, 247]],
  [0.75, [244, 165, 130]],
  [1, [178, 24, 43]],
]));

/** Relative luminance (0..1, sRGB weights), to choose dark or light text over a fill. */
export function luminance(c: Rgb): number {
  return (0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]) / 255;
}

/** Text colour that stays readable over `fill`. */
export function textOn(fill: Rgb): Rgb {
  return luminance(fill) > 0.5 ? [20, 20, 20] : [255, 255, 255];
}

/** Train and validation series: blue and orange, apart in hue and in lightness (colour-blind safe). */
export const SERIES: readonly Rgb[] = [[31, 119, 180], [230, 120, 20]];

/** MNIST stores ink bright on black; pictures show dark ink on white paper, like handwriting. */
export const paper = (v: number): Rgb => {
  const g = 255 - v;
  return [g, g, g];
};
