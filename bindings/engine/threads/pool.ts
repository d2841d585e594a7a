// The coordinator's side of multi-threaded training: starts the helpers once per training run, hands
// each step out through the control block and takes its own share as thread 0. Two barriers per step:
// after the rows phase (every row's gradients exist) and after the params phase (every weight updated).

import type { SharedArena, ThreadHandle, ThreadSupport } from "../engine.js";
import type { Architecture } from "../layers.js";
import type { MemoryPlan } from "../plan.js";
import type { StepArgs, StepContext } from "../step.js";
import { COMMAND, Control, MAX_THREADS, WORD } from "./control.js";
import { splitWork } from "./split.js";
import { takeShare } from "./thread.js";

export class ThreadPool {
  private closed = false;

  private constructor(
    private readonly control: Control,
    private readonly helpers: ThreadHandle[],
    private readonly items: ReturnType<typeof splitWork>[number],
  ) {}

  get threads(): number {
    return this.control.threads;
  }

  /** Starts threads - 1 helpers on the network's shared arena and waits until each is ready. */
  static async start(support: ThreadSupport, arena: SharedArena, plan: MemoryPlan, architecture: Architecture, threads: number): Promise<ThreadPool> {
    if (threads < 2 || threads > MAX_THREADS) throw new RangeError(`a thread pool has 2 to ${MAX_THREADS} threads, got ${threads}`);
    const control = new Control(arena.memory.buffer as ArrayBuffer, plan.training!.control, threads);
    control.words.fill(0);
    const started = await Promise.allSettled(Array.from({ length: threads - 1 }, (_, i) => support.spawn({
      module: arena.module, memory: arena.memory, plan, architecture, thread: i + 1, threads,
    })));
    const helpers = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    const failed = started.find((s) => s.status === "rejected") as PromiseRejectedResult | undefined;
    const pool = new ThreadPool(control, helpers, splitWork(architecture, threads)[0]);
    if (failed) {
      await pool.close();
      throw new Error(`could not start a training thread: ${failed.reason instanceof Error ? failed.reason.message : String(failed.reason)}`);
    }
    return pool;
  }

  /** One step on every thread; returns the correct answers (the row losses are in memory). */
  step(ctx: StepContext, args: StepArgs): number {
    if (this.closed) throw new Error("the training threads were stopped");
    this.control.post(COMMAND.step, args);
    takeShare(ctx, this.control, 0, this.items);
    const failure = this.control.failure();
    if (failure) throw new Error(failure);
    let correct = 0;
    for (let t = 0; t < this.threads; t++) correct += this.control.words[WORD.correct + t];
    return correct;
  }

  /** Stops and ends every helper; safe to call twice, and after a failure. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.control.post(COMMAND.stop);
    await Promise.all(this.helpers.map((h) => h.terminate()));
  }
}
