// How a step's work is shared between threads, decided once per training run: pure functions of the
// architecture, the batch and the thread count. Rows are split evenly; the params phase is split into
// contiguous runs of work items of about equal cost. A split never cuts a floating-point sum, so it
// changes which thread computes a number, never the number.

import type { Architecture } from "../layers.js";
import type { WorkItem } from "../step.js";

/** Rows r0..r1 of a batch of `rows` for thread `t` of `threads`. */
export function rowRange(rows: number, t: number, threads: number): [number, number] {
  return [Math.floor((t * rows) / threads), Math.floor(((t + 1) * rows) / threads)];
}

/**
 * Every layer's weight rows in blocks of four (a block's parameters start on a multiple of four floats,
 * so Adam's vectors never straddle two threads) and its bias, split into `threads` contiguous runs of
 * about equal cost (one unit per weight or bias value), adjacent blocks of a layer merged back into one item.
 */
export function splitWork(arch: Architecture, threads: number): WorkItem[][] {
  const blocks: (WorkItem & { cost: number })[] = [];
  arch.layers.forEach((layer, l) => {
    for (let from = 0; from < layer.inputs; from += 4) {
      const to = Math.min(layer.inputs, from + 4);
      blocks.push({ layer: l, from, to, bias: false, cost: (to - from) * layer.outputs });
    }
    blocks.push({ layer: l, from: 0, to: 0, bias: true, cost: layer.outputs });
  });
  const total = blocks.reduce((sum, b) => sum + b.cost, 0);
  const shares: WorkItem[][] = Array.from({ length: threads }, () => []);
  let done = 0, t = 0;
  for (const b of blocks) {
    // Move to the next thread once this one holds its share (the last thread takes what is left).
    while (t < threads - 1 && done >= ((t + 1) * total) / threads) t++;
    const items = shares[t];
    const last = items[items.length - 1];
    if (last && !last.bias && !b.bias && last.layer === b.layer && last.to === b.from) last.to = b.to;
    else items.push({ layer: b.layer, from: b.from, to: b.to, bias: b.bias });
    done += b.cost;
  }
  return shares;
}
