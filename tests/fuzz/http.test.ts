// Seeded HTTP fuzzing of the demo server (tests/fuzz/http.ts): 1,000 hostile requests, from slightly odd to
// pure noise. The server must never crash, never serve a byte outside its whitelist, put its security
// headers on every answer, and answer or close every connection in time.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { runFuzz } from "./run.js";

test("1,000 hostile HTTP requests: no crash, no hang, nothing off the whitelist, headers on every answer", () => {
  const s = runFuzz("http", 1000, 3);
  assert.equal(s.crashes, [], s.crashes.join("\n"));
  assert.is(s.accepted + s.refused, 1000);
  assert.ok(s.accepted > 150 && s.refused > 300, `both served and refused requests were tried (${s.accepted} served, ${s.refused} refused)`);
  console.log(`  http fuzz: ${s.cases} cases, ${s.accepted} answered 200, ${s.refused} refused or closed, 0 crashes, slowest ${s.slowestMs.toFixed(0)} ms`);
});

test.run();
