// Seeded mutation fuzzing of model files: 3,000 damaged variants of valid safetensors models. Every case
// must load as a model or be refused with a one-line ModelFileError, within the run's time limit.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { runFuzz } from "./run.js";

test("3,000 mutated model files: no crash, no hang, every failure a clean ModelFileError", () => {
  const s = runFuzz("model", 3000, 2);
  assert.equal(s.crashes, [], s.crashes.join("\n"));
  assert.is(s.accepted + s.refused, 3000);
  console.log(`  model fuzz: ${s.cases} cases, ${s.accepted} loaded, ${s.refused} refused, 0 crashes, slowest ${s.slowestMs.toFixed(0)} ms`);
});

test.run();
