// bindings/engine/threads/adapt.ts: each look times both modes and keeps the faster one until the next
// look; a machine that gets busy (threads slower) or quiet again (threads faster) is followed.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { ThreadChoice } from "../../../../bindings/engine/threads/adapt.js";

/** Runs `steps` steps where a threaded step takes `threadsMs` and a single one `singleMs`; returns the modes used. */
function run(choice: ThreadChoice, steps: number, threadsMs: number, singleMs: number): boolean[] {
  const used: boolean[] = [];
  for (let i = 0; i < steps; i++) {
    const threads = choice.next();
    used.push(threads);
    choice.record(threads, threads ? threadsMs : singleMs, 32);
  }
  return used;
}

test("a look times both modes, then the faster one runs until the next look", () => {
  const choice = new ThreadChoice();
  const used = run(choice, 600, 0.05, 0.2);
  assert.ok(used.slice(0, 24).every(Boolean) && used.slice(24, 48).every((u) => !u), "24 steps each way first");
  assert.ok(used.slice(48).every(Boolean), "threads, which were faster");
  assert.ok(choice.usingThreads);
});

test("when threads get slower (a busy machine), the next look switches to one thread, and back when quiet", () => {
  const choice = new ThreadChoice();
  run(choice, 600, 0.05, 0.2);
  const busy = run(choice, 600, 0.6, 0.2);
  assert.ok(busy.slice(48).every((u) => !u), "one thread while threads are slower");
  assert.not.ok(choice.usingThreads);
  const quiet = run(choice, 600, 0.05, 0.2);
  assert.ok(quiet.slice(48).every(Boolean), "threads again");
});

test.run();
