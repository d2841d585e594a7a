// The paper side's parts checked against plain references: the separable van Herk max/min filter of
// paper.ts against a naive square scan, lines.ts dividing ruled lines out while keeping a stroke that
// crosses them, and edgeRotation finding a turned sheet's angle from its outline.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { squareFilter } from "../../../bindings/image/paper.js";
import { divideLines, edgeRotation } from "../../../bindings/image/lines.js";
import { Rng } from "../../../bindings/model/rng.js";

/** The naive twin of squareFilter: scan the square around each cell. */
function naiveSquare(src: Float32Array, use: Uint8Array | null, w: number, h: number, r: number, grow: boolean): Float32Array {
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let m = grow ? -1 : 2;
      for (let j = Math.max(0, y - r); j <= Math.min(h - 1, y + r); j++) {
        for (let i = Math.max(0, x - r); i <= Math.min(w - 1, x + r); i++) {
          if (use && !use[j * w + i]) continue;
          m = grow ? Math.max(m, src[j * w + i]) : Math.min(m, src[j * w + i]);
        }
      }
      out[y * w + x] = m;
    }
  }
  return out;
}

test("squareFilter equals a naive scan of the square, with and without a mask, at every radius", () => {
  const rng = new Rng(3);
  for (const [w, h, r] of [[1, 1, 1], [7, 3, 1], [13, 9, 2], [40, 25, 6], [9, 30, 20]]) {
    const src = Float32Array.from({ length: w * h }, () => rng.uniform());
    const use = Uint8Array.from({ length: w * h }, () => (rng.uniform() < 0.7 ? 1 : 0));
    for (const mask of [null, use]) {
      for (const grow of [true, false]) {
        const out = new Float32Array(w * h), tmp = new Float32Array(w * h);
        squareFilter(src, mask, w, h, r, grow, out, tmp);
        const want = naiveSquare(src, mask, w, h, r, grow);
        const worst = out.reduce((m, v, i) => Math.max(m, Math.abs(v - want[i])), 0);
        assert.is(worst, 0, `${w}x${h} r=${r} ${grow ? "max" : "min"} ${mask ? "masked" : ""}`);
      }
    }
  }
});

/** A darkness plane with ruled lines every 20 px (tilted by `degrees`) and an upright stroke across them. */
function ruled(w: number, h: number, degrees: number): Float32Array {
  const ink = new Float32Array(w * h), t = (degrees * Math.PI) / 180;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const across = y * Math.cos(t) - x * Math.sin(t);
      const line = Math.max(0, 1 - Math.abs(across - 20 * Math.round(across / 20)) / 1.2) * 0.3;
      const stroke = x >= 150 && x < 158 && y >= 60 && y < 240 ? 0.85 : 0;
      // Ink darkens multiplicatively, as on paper.
      ink[y * w + x] = 1 - (1 - line) * (1 - stroke);
    }
  }
  return ink;
}

test("divideLines removes ruled lines at the sheet's tilt and keeps a stroke written across them", () => {
  for (const degrees of [0, 7, -12]) {
    const w = 320, h = 300, ink = ruled(w, h, degrees);
    const found = divideLines({ ink, width: w, height: h, paper: null }, 0.1);
    assert.ok(found.lines >= 10, `${degrees} deg: ${found.lines} lines found`);
    assert.ok(Math.abs((found.rotation ?? 99) - degrees) < 0.3, `${degrees} deg: rotation ${found.rotation}`);
    let leftover = 0, stroke = 0, strokeCount = 0;
    for (let y = 20; y < h - 20; y++) {
      for (let x = 20; x < w - 20; x++) {
        const v = ink[y * w + x];
        if (x >= 151 && x < 157 && y >= 62 && y < 238) { stroke += v; strokeCount++; } else if (x < 140 || x > 170) leftover = Math.max(leftover, v);
      }
    }
    assert.ok(leftover < 0.08, `${degrees} deg: darkest line pixel left ${leftover}`);
    assert.ok(Math.abs(stroke / strokeCount - 0.85) < 0.05, `${degrees} deg: the stroke's darkness ${stroke / strokeCount}`);
  }
});

test("edgeRotation finds the angle of a turned rectangle from its outline", () => {
  for (const degrees of [0, 10, -25, 33]) {
    const t = (degrees * Math.PI) / 180, points: number[] = [];
    for (let s = -40; s <= 40; s += 0.5) {
      for (const [u, v] of [[s, -30], [s, 30], [-40, s * 0.75], [40, s * 0.75]]) {
        points.push(Math.round(60 + u * Math.cos(t) - v * Math.sin(t)), Math.round(60 + u * Math.sin(t) + v * Math.cos(t)));
      }
    }
    const found = edgeRotation(Int32Array.from(points), 120, 120);
    // A rectangle's rows and columns are 90 degrees apart: either gives its rotation.
    assert.ok(Math.abs(found - degrees) < 1.5, `${degrees} deg: found ${found}`);
  }
});

test.run();
