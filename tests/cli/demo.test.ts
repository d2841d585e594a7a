// cli/demo.ts without a browser: --static writes the whole site (page, the CLI's .wasm, the model,
// gzipped MNIST) into a folder; --help; bad options. The served page is tested in tests/web.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

const cli = (...args: string[]) => spawnSync(process.execPath, ["dist/cli.js", "demo", ...args], { encoding: "utf8" });

test("demo --static writes a site any static host can serve, with the same .wasm and MNIST gzipped", () => {
  const out = join(mkdtempSync(join(tmpdir(), "wasm-digits-site-")), "site");
  const r = cli("--static", out);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /wrote the demo site \(14 files\)/);
  assert.equal(readdirSync(out).sort(), ["_headers", "bench-worker.js", "data", "index.html", "main.js", "models", "style.css", "thread.js", "wasm-digits-shared.wasm", "wasm-digits.wasm", "worker.js"]);
  assert.equal(Buffer.compare(readFileSync(join(out, "wasm-digits.wasm")), readFileSync("dist/wasm-digits.wasm")), 0);
  assert.equal(Buffer.compare(readFileSync(join(out, "wasm-digits-shared.wasm")), readFileSync("dist/wasm-digits-shared.wasm")), 0);
  assert.match(readFileSync(join(out, "_headers"), "utf8"), /^\/\*\n  Cross-Origin-Opener-Policy: same-origin\n  Cross-Origin-Embedder-Policy: require-corp\n/);
  assert.equal(Buffer.compare(readFileSync(join(out, "models/pretrained.safetensors")), readFileSync("models/pretrained.safetensors")), 0);
  const labels = gunzipSync(readFileSync(join(out, "data/t10k-labels-idx1-ubyte.gz")));
  assert.is(labels.length, 10_008);
});

test("demo --help and a port out of range", () => {
  assert.match(cli("--help").stdout, /Usage: wasm-digits demo/);
  const bad = cli("--port", "-1");
  assert.is(bad.status, 2);
  assert.match(bad.stderr, /--port must be between 0 and 65535/);
});

test.run();
