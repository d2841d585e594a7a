// Whether a step should use the helper threads, decided from measured time: every model is the same on
// any thread count, so the choice can change at any step without changing a bit. On a busy machine
// (fewer free cores than threads) two threads meeting at a barrier wait for each other's turn on a core,
// and one thread is faster; this finds out, and looks again now and then as the load changes.

/** Steps timed in each mode per look, and steps between looks. */
const PROBE_STEPS = 24;
const LOOK_EVERY = 600;

export class ThreadChoice {
  private step = 0;
  private readonly spent = { threads: 0, single: 0 };
  private readonly samples = { threads: 0, single: 0 };
  private useThreads = true;

  /** Whether the next step uses the threads. */
  next(): boolean {
    const at = this.step % LOOK_EVERY;
    if (at < PROBE_STEPS) return true;
    if (at < 2 * PROBE_STEPS) return false;
    return this.useThreads;
  }

  /** The step just taken, in the mode next() gave, took `ms` for `rows` samples. */
  record(threads: boolean, ms: number, rows: number): void {
    const at = this.step % LOOK_EVERY;
    this.step++;
    if (at >= 2 * PROBE_STEPS) return;
    const mode = threads ? "threads" : "single";
    this.spent[mode] += ms;
    this.samples[mode] += rows;
    if (at === 2 * PROBE_STEPS - 1) {
      this.useThreads = this.spent.threads / this.samples.threads <= this.spent.single / this.samples.single;
      this.spent.threads = this.spent.single = this.samples.threads = this.samples.single = 0;
    }
  }

  /** What most steps use now, for reports. */
  get usingThreads(): boolean {
    return this.useThreads;
  }
}
