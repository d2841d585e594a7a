// cli/demo.ts without a browser: --static writes the whole site (page, the CLI's .wasm, the model,
// gzipped MNIST) into a folder; --help; bad options; Ctrl-C with connections held open. The server's
// answers are tested in tests/cli/server.test.ts, the served page in tests/web.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn, spawnSync } from "node:child_process";
import { connect, type Socket } from "node:net";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { SECURITY_HEADERS } from "../../cli/server.js";

// The time limit turns a server that wrongly starts listening into a failure instead of a hung suite.
const cli = (...args: string[]) => spawnSync(process.execPath, ["dist/cli.js", "demo", ...args], { encoding: "utf8", timeout: 20_000 });

test("demo --static writes a site any static host can serve, with the same .wasm and MNIST gzipped", () => {
  const out = join(mkdtempSync(join(tmpdir(), "wasm-digits-site-")), "site");
  const r = cli("--static", out);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /wrote the demo site \(14 files\)/);
  assert.equal(readdirSync(out).sort(), ["_headers", "bench-worker.js", "data", "index.html", "main.js", "models", "style.css", "thread.js", "wasm-digits-shared.wasm", "wasm-digits.wasm", "worker.js"]);
  assert.equal(Buffer.compare(readFileSync(join(out, "wasm-digits.wasm")), readFileSync("dist/wasm-digits.wasm")), 0);
  assert.equal(Buffer.compare(readFileSync(join(out, "wasm-digits-shared.wasm")), readFileSync("dist/wasm-digits-shared.wasm")), 0);
  // The demo server's headers, every one, for hosts that read _headers (Netlify, Cloudflare Pages).
  const expected = `/*\n${Object.entries(SECURITY_HEADERS).map(([name, value]) => `  ${name}: ${value}\n`).join("")}`;
  assert.is(readFileSync(join(out, "_headers"), "utf8"), expected);
  assert.match(expected, /content-security-policy: default-src 'none'.*\n  cross-origin-opener-policy: same-origin\n  cross-origin-embedder-policy: require-corp\n/);
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

test("--host with no address is wrong usage, not every interface", () => {
  for (const host of ["", " "]) {
    const r = cli("--host", host, "--port", "0");
    assert.is(r.status, 2, r.stderr);
    assert.match(r.stderr, /--host needs an address/);
  }
});

test("Ctrl-C stops the server at once while clients hold idle and kept-alive connections", async () => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    const demo = spawn(process.execPath, ["dist/cli.js", "demo", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    const port = await new Promise<number>((done, fail) => {
      let out = "";
      demo.stdout.on("data", (c) => {
        out += c;
        const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
        if (m) done(Number(m[1]));
      });
      demo.once("exit", () => fail(new Error(`demo exited before listening: ${out}`)));
    });
    const silent = connect(port, "127.0.0.1");
    const kept = await new Promise<Socket>((done) => {
      const socket = connect(port, "127.0.0.1", () => socket.write("GET / HTTP/1.1\r\nhost: x\r\n\r\n"));
      socket.once("data", () => done(socket));
    });
    const exited = new Promise<number | null>((done) => demo.once("exit", (code) => done(code)));
    const t0 = performance.now();
    demo.kill(signal);
    const code = await Promise.race([exited, new Promise<string>((done) => setTimeout(() => done("still running"), 3000))]);
    if (code === "still running") demo.kill("SIGKILL");
    assert.is(code, 0, `${signal}: the demo exits 0 (after ${(performance.now() - t0).toFixed(0)} ms)`);
    silent.destroy();
    kept.destroy();
  }
});

test.run();
