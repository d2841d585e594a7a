// Seeded fuzzing of the library's inputs (tests/fuzz/library.ts): 2,000 hostile images, pixel arrays, PNG
// look-alikes and training options. Each must be answered sanely or refused with one of the library's own
// one-line errors; never an internal error, never a digit from nonsense, never a hang.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { runFuzz } from "./run.js";

test("2,000 hostile library calls: sane answers or clean one-line errors, no crash, no hang", () => {
  const s = runFuzz("library", 2000, 5);
  assert.equal(s.crashes, [], s.crashes.join("\n"));
  assert.is(s.accepted + s.refused, 2000);
  assert.ok(s.accepted > 200 && s.refused > 500, `both answered and refused calls were tried (${s.accepted} answered, ${s.refused} refused)`);
  console.log(`  library fuzz: ${s.cases} cases, ${s.accepted} answered, ${s.refused} refused, 0 crashes, slowest ${s.slowestMs.toFixed(0)} ms`);
});

test.run();
