// Seeded mutation fuzzing of PNG decoding (and preprocessing what decodes): 3,000 damaged variants of
// valid files of every colour type, bit depth and interlace. Every case must decode to a whole image or
// be refused with a one-line PngError; a per-run time limit catches endless loops.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { runFuzz } from "./run.js";

test("3,000 mutated PNG files: no crash, no hang, every failure a clean PngError", () => {
  const s = runFuzz("png", 3000, 1);
  assert.equal(s.crashes, [], s.crashes.join("\n"));
  assert.is(s.accepted + s.refused, 3000);
  assert.ok(s.refused > 1000, `most mutations are refused (${s.refused})`);
  console.log(`  png fuzz: ${s.cases} cases, ${s.accepted} decoded, ${s.refused} refused, 0 crashes, slowest ${s.slowestMs.toFixed(0)} ms`);
});

test.run();
