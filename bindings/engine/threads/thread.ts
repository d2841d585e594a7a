// A helper thread's whole life, platform-neutral (the Node and page entries only wire messages): join
// the shared memory, say it is ready, then take steps until told to stop. Each step is its rows, a
// barrier, its work items, a barrier; an error is recorded for the coordinator and the barriers are
// still met, so no thread is ever left waiting.

import { bindKernels } from "../abi.js";
import type { ThreadInit } from "../engine.js";
import { MemoryViews } from "../memory.js";
import { backwardRows, forwardRows, paramsPhase, sparseBatch, type RowTransform, type StepContext } from "../step.js";
import { COMMAND, Control, WORD } from "./control.js";
import { rowRange, splitWork } from "./split.js";

/** Runs thread `init.thread` until the stop command; calls `ready` once it can take steps. */
export function runThread(init: ThreadInit, transform: RowTransform | undefined, ready: () => void): void {
  const { memory, plan, architecture, thread, threads } = init;
  const instance = new WebAssembly.Instance(init.module, { env: { memory } });
  const ctx: StepContext = {
    kernels: bindKernels(instance.exports as Record<string, unknown>, "the shared wasm module"),
    views: new MemoryViews(() => memory.buffer as ArrayBuffer),
    plan, architecture, transform,
  };
  const control = new Control(memory.buffer as ArrayBuffer, plan.training!.control, threads);
  const items = splitWork(architecture, threads)[thread];
  let seen = Atomics.load(control.words, WORD.sequence);
  ready();
  for (;;) {
    seen = control.next(seen);
    if (control.command() === COMMAND.stop) return;
    takeShare(ctx, control, thread, items);
  }
}

/** One thread's share of a step; the coordinator runs it too, as thread 0. */
export function takeShare(ctx: StepContext, control: Control, thread: number, items: ReturnType<typeof splitWork>[number]): void {
  const args = control.args();
  const w = control.words;
  try {
    const [r0, r1] = rowRange(args.rows, thread, control.threads);
    const { nonzero, correct } = forwardRows(ctx, args, r0, r1);
    backwardRows(ctx, r0, r1);
    w[WORD.nonzero + thread] = nonzero;
    w[WORD.correct + thread] = correct;
  } catch (e) {
    control.fail(thread, e instanceof Error ? e.message : String(e));
  }
  control.barrier();
  try {
    let nonzero = 0;
    for (let t = 0; t < control.threads; t++) nonzero += w[WORD.nonzero + t];
    const inputs = ctx.architecture.layers[0].inputs;
    if (Atomics.load(w, WORD.failed) === 0) paramsPhase(ctx, args, items, sparseBatch(args, nonzero, inputs));
  } catch (e) {
    control.fail(thread, e instanceof Error ? e.message : String(e));
  }
  control.barrier();
}
