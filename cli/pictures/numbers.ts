// Numbers as charts and messages print them: "nice" axis ticks (steps of 1, 2 or 5 times a power of
// ten), tick labels, counts and plurals. Pure functions with no imports, so the page's training chart
// (web/chart.ts) uses the very same ticks as the PNG pictures.

/** About `target` evenly spaced round values covering [lo, hi]; returns the ticks and the step. */
export function niceTicks(lo: number, hi: number, target = 5): { ticks: number[]; step: number } {
  if (!(hi > lo)) { hi = lo + 1; }
  const raw = (hi - lo) / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  // Rounding each tick to the step's decimals keeps 0.30000000000000004 out of the labels.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toFixed(decimals)));
  return { ticks, step };
}

/** A tick label with as many decimals as the step needs and no more. */
export function tickLabel(v: number, step: number): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return v.toFixed(decimals);
}

/** 12,345 style, as the terminal output prints counts. */
export function count(n: number): string {
  return n.toLocaleString("en");
}

/** "1 epoch", "10 epochs", "60,000 images": the count and the word in the number it needs. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}
