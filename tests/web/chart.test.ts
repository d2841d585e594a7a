// web/chart.ts's layout, in Node: both panels have their own axis with round ticks covering the data, the
// epoch axis has a tick per epoch while they fit and round steps beyond, epoch boundaries are marked, and
// every point lands inside its panel. The drawing itself is checked in Chromium (demo.test.ts).

import { test } from "uvu";
import * as assert from "uvu/assert";
import { chartLayout, type ChartLayout, type ChartPoint } from "../../web/chart.js";

/** Points as fit() reports them: a running mean per epoch, `perEpoch` reports each. */
function run(epochs: number, perEpoch: number): ChartPoint[] {
  const points: ChartPoint[] = [];
  for (let e = 1; e <= epochs; e++) {
    for (let k = 1; k <= perEpoch; k++) points.push({ at: e - 1 + k / perEpoch, loss: 0.9 / (e + k / perEpoch), accuracy: 0.6 + 0.38 * (1 - 1 / (e + k)) });
  }
  return points;
}

function inside(L: ChartLayout, panel: 0 | 1, v: number): boolean {
  const p = L.panels[panel];
  const y = p.rect.top + p.rect.height - ((v - p.min) / (p.max - p.min)) * p.rect.height;
  return y >= p.rect.top - 1e-9 && y <= p.rect.top + p.rect.height + 1e-9;
}

test("before any training: both panels have axes with ticks (loss from 0, accuracy up to 100) and an epoch axis", () => {
  const L = chartLayout(560, 300, [], 1);
  const [loss, accuracy] = L.panels;
  assert.is(loss.ticks[0].value, 0);
  assert.is(accuracy.ticks[accuracy.ticks.length - 1].label, "100");
  assert.ok(loss.ticks.length >= 2 && accuracy.ticks.length >= 2);
  assert.equal(L.xTicks.map((t) => t.label), ["0", "1"]);
  assert.equal(L.epochMarks, []);
  assert.ok(loss.rect.top + loss.rect.height < accuracy.rect.top, "the panels do not overlap");
  assert.ok(accuracy.rect.top + accuracy.rect.height < 300 && loss.rect.left + loss.rect.width <= 560, "inside the canvas");
});

test("three epochs: a tick per epoch, marks at the two boundaries, every point inside its panel", () => {
  const points = run(3, 8);
  const L = chartLayout(560, 300, points, 3);
  assert.equal(L.xTicks.map((t) => t.label), ["0", "1", "2", "3"]);
  assert.equal(L.epochMarks, [L.xTicks[1].px, L.xTicks[2].px]);
  assert.is(L.xs.length, points.length);
  assert.ok(L.xs.every((x, i) => i === 0 || x > L.xs[i - 1]), "x grows with the points");
  assert.is(L.xs[L.xs.length - 1], L.xTicks[3].px, "the last point sits on the last epoch's tick");
  assert.equal([...new Set(L.epochOf)], [1, 2, 3]);
  assert.is(L.epochOf[7], 1, "the point at 1.0 ends epoch 1");
  for (const p of points) {
    assert.ok(inside(L, 0, p.loss), `loss ${p.loss}`);
    assert.ok(inside(L, 1, 100 * p.accuracy), `accuracy ${p.accuracy}`);
  }
  for (const panel of L.panels) {
    assert.ok(panel.ticks.every((t, i) => i === 0 || (t.value > panel.ticks[i - 1].value && t.px < panel.ticks[i - 1].px)), `${panel.title}: ticks rise up the axis`);
    assert.is(panel.min, panel.ticks[0].value);
    assert.is(panel.max, panel.ticks[panel.ticks.length - 1].value);
  }
  assert.is(L.panels[0].latest, points[points.length - 1].loss.toFixed(3));
  assert.match(L.panels[1].latest, /^\d+\.\d%$/);
});

test("many epochs on a phone-width chart: round epoch steps, labels at least 30 px apart", () => {
  const L = chartLayout(330, 280, run(50, 2), 50);
  const labels = L.xTicks.map((t) => Number(t.label));
  assert.ok(labels.length >= 3 && labels.length <= 10, labels.join(","));
  assert.ok(labels.every((v) => v % 5 === 0), labels.join(","));
  assert.ok(L.xTicks.every((t, i) => i === 0 || t.px - L.xTicks[i - 1].px >= 30));
  assert.is(L.epochMarks.length, 49);
});

test.run();
