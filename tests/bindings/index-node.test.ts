// bindings/index-node.ts: predictFile by path. A readable PNG is predicted; a missing file or a folder is
// one line naming it (no raw ENOENT with a stack of Node internals).

import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadRecognizer, predictFile } from "../../bindings/index-node.js";

const recognizer = await loadRecognizer();
const dir = mkdtempSync(join(tmpdir(), "wasm-digits-predictfile-"));

test("predictFile reads and predicts a PNG by path", () => {
  assert.is(predictFile(recognizer, "docs/examples/chalkboard-1.png").digit, 1);
});

test("a missing file or a folder: one line naming it", () => {
  const missing = join(dir, "nope.png");
  for (const [path, message] of [[missing, `${missing}: no such file`], [dir, `${dir}: is a folder, not a PNG file`]]) {
    try {
      predictFile(recognizer, path);
      assert.unreachable(`${path} should be refused`);
    } catch (e) {
      assert.instance(e, Error);
      assert.is((e as Error).message, message);
      assert.not.match((e as Error).message, /ENOENT|EISDIR|\n/);
    }
  }
});

test.run();
