// The control block the threads of one training run share (in the arena, plan.training.control): the
// command word the helpers wait on, a reusable barrier, per-thread counts, the step's scalars, and the
// text of a thread's error. Atomics on shared memory only; the barrier spins briefly (a step lasts tens
// of microseconds, shorter than a sleep and a wake-up) and then sleeps in Atomics.wait.

import type { StepArgs } from "../step.js";

/** i32 word indices. */
export const WORD = {
  /** Bumped by the coordinator to hand out a command; helpers wait for it to change. */
  sequence: 0,
  command: 1,
  start: 2,
  rows: 3,
  transform: 4,
  barrierCount: 5,
  barrierGeneration: 6,
  /** 1 when a thread failed; its message is in the text area. */
  failed: 7,
  sparse: 40,
  /** Per thread: nonzero inputs of its rows (8..23), correct answers (24..39). */
  nonzero: 8,
  correct: 24,
} as const;

export const COMMAND = { step: 1, stop: 2 } as const;

/** f64 scalar indices, after the 64 i32 words. */
const SCALAR = { lrT: 0, beta1: 1, beta2: 2, epsilon: 3 } as const;
const SCALARS_AT = 64 * 4;
const TEXT_AT = SCALARS_AT + 16 * 8;
const TEXT_BYTES = 256;
export const MAX_THREADS = 16;

/** How long a barrier spins before it sleeps, and how long it waits in all before calling a thread lost. */
const SPINS = 1000;
const LOST_MS = 120_000;

export class Control {
  readonly words: Int32Array;
  private readonly scalars: Float64Array;
  private readonly text: Uint8Array;

  constructor(buffer: SharedArrayBuffer | ArrayBuffer, at: number, readonly threads: number) {
    this.words = new Int32Array(buffer, at, 64);
    this.scalars = new Float64Array(buffer, at + SCALARS_AT, 16);
    this.text = new Uint8Array(buffer, at + TEXT_AT, TEXT_BYTES);
  }

  /** Coordinator: publish a step (scalars first, then the sequence number that releases the helpers). */
  post(command: number, args?: StepArgs): void {
    const w = this.words;
    if (args) {
      w[WORD.start] = args.start;
      w[WORD.rows] = args.rows;
      w[WORD.transform] = args.transform ? 1 : 0;
      w[WORD.sparse] = args.sparse ? 1 : 0;
      this.scalars[SCALAR.lrT] = args.lrT;
      this.scalars[SCALAR.beta1] = args.beta1;
      this.scalars[SCALAR.beta2] = args.beta2;
      this.scalars[SCALAR.epsilon] = args.epsilon;
    }
    Atomics.store(w, WORD.command, command);
    Atomics.add(w, WORD.sequence, 1);
    Atomics.notify(w, WORD.sequence);
  }

  /** Helper: waits for the sequence number to move past `seen`; returns the new one. */
  next(seen: number): number {
    const w = this.words;
    for (let spin = 0; spin < SPINS; spin++) {
      const now = Atomics.load(w, WORD.sequence);
      if (now !== seen) return now;
    }
    for (;;) {
      Atomics.wait(w, WORD.sequence, seen, 1000);
      const now = Atomics.load(w, WORD.sequence);
      if (now !== seen) return now;
    }
  }

  command(): number {
    return Atomics.load(this.words, WORD.command);
  }

  args(): StepArgs {
    const w = this.words, s = this.scalars;
    return {
      start: w[WORD.start], rows: w[WORD.rows], transform: w[WORD.transform] === 1, sparse: w[WORD.sparse] === 1,
      lrT: s[SCALAR.lrT], beta1: s[SCALAR.beta1], beta2: s[SCALAR.beta2], epsilon: s[SCALAR.epsilon],
    };
  }

  /** Every thread calls it; all return once the last has arrived. Throws if a thread is lost. */
  barrier(): void {
    const w = this.words;
    const generation = Atomics.load(w, WORD.barrierGeneration);
    if (Atomics.add(w, WORD.barrierCount, 1) === this.threads - 1) {
      Atomics.store(w, WORD.barrierCount, 0);
      Atomics.add(w, WORD.barrierGeneration, 1);
      Atomics.notify(w, WORD.barrierGeneration);
      return;
    }
    for (let spin = 0; spin < SPINS; spin++) if (Atomics.load(w, WORD.barrierGeneration) !== generation) return;
    const deadline = Date.now() + LOST_MS;
    while (Atomics.load(w, WORD.barrierGeneration) === generation) {
      if (Date.now() > deadline) throw new Error(`a training thread stopped responding for ${LOST_MS / 1000} s`);
      Atomics.wait(w, WORD.barrierGeneration, generation, 100);
    }
  }

  /** Records a thread's failure (the first one wins); the coordinator throws it after the step. */
  fail(thread: number, message: string): void {
    if (Atomics.compareExchange(this.words, WORD.failed, 0, 1) !== 0) return;
    const bytes = new TextEncoder().encode(`training thread ${thread} failed: ${message}`.slice(0, TEXT_BYTES / 2));
    this.text.fill(0);
    this.text.set(bytes.subarray(0, TEXT_BYTES));
  }

  failure(): string | undefined {
    if (Atomics.load(this.words, WORD.failed) === 0) return undefined;
    const end = this.text.indexOf(0);
    return new TextDecoder().decode(this.text.slice(0, end < 0 ? TEXT_BYTES : end));
  }
}
