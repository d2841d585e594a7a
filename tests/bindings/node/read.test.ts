// bindings/node/read.ts: whole regular files come back byte for byte up to their limit and not one byte past
// it; devices, named pipes, sockets and folders are refused without being read (a pipe without a writer
// would block forever); standard input and /proc files, whose size is unknown, are bounded while read.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileProblem, MODEL_LIMIT, PNG_LIMIT, readBounded } from "../../../bindings/node/read.js";
import { MAX_PIXELS } from "../../../bindings/image/png.js";

const dir = mkdtempSync(join(tmpdir(), "wasm-digits-read-"));
const limit = (bytes: number) => ({ bytes, why: "a test's limit" });

function refused(run: () => unknown, pattern: RegExp): void {
  try {
    run();
  } catch (e) {
    assert.instance(e, FileProblem, String(e));
    assert.match((e as Error).message, pattern);
    return;
  }
  assert.unreachable(`not refused: ${pattern}`);
}

test("a regular file up to its limit comes back whole; one byte more is refused, naming the size and the reason", () => {
  const bytes = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 31) % 251);
  const file = join(dir, "data.bin");
  writeFileSync(file, bytes);
  assert.equal(Buffer.compare(readBounded(file, limit(100_000)), bytes), 0);
  refused(() => readBounded(file, limit(99_999)), /data\.bin: is 100,000 bytes, larger than 99,999 bytes, a test's limit/);
  const empty = join(dir, "empty.bin");
  writeFileSync(empty, "");
  assert.is(readBounded(empty, limit(10)).length, 0);
});

test("devices, named pipes, sockets and folders are refused by kind, without reading", async () => {
  refused(() => readBounded("/dev/zero", limit(10)), /^\/dev\/zero: is a character device, not a regular file$/);
  const fifo = join(dir, "pipe");
  assert.is(spawnSync("mkfifo", [fifo]).status, 0);
  refused(() => readBounded(fifo, limit(10)), /pipe: is a named pipe \(FIFO\), not a regular file/);
  const socketPath = join(dir, "sock");
  const server = createServer();
  await new Promise<void>((done) => server.listen(socketPath, () => done()));
  refused(() => readBounded(socketPath, limit(10)), /sock: is a socket, not a regular file/);
  server.close();
  const folder = join(dir, "folder.png");
  mkdirSync(folder);
  refused(() => readBounded(folder, limit(10)), /folder\.png: is a folder, not a regular file/);
  refused(() => readBounded(folder, PNG_LIMIT), /folder\.png: is a folder, not a PNG file/);
  refused(() => readBounded(join(dir, "missing"), limit(10)), /missing: no such file$/);
  refused(() => readBounded(join(dir, "data.bin", "inner"), limit(10)), /part of the path is a file, not a folder/);
  const link = join(dir, "zero-link.png");
  symlinkSync("/dev/zero", link);
  refused(() => readBounded(link, limit(10)), /zero-link\.png: is a character device/);
});

test("files whose size is unknown are bounded while read: /proc files and standard input", () => {
  const status = readBounded("/proc/self/status", limit(1 << 20));
  assert.match(Buffer.from(status).toString(), /^Name:/, "a /proc file says size 0 but its bytes are read");
  refused(() => readBounded("/proc/self/status", limit(20)), /status: is more than 20 bytes, a test/);
  const reader = `import { readBounded } from "./bindings/node/read.ts";
    try { console.log(String(readBounded("-", { bytes: 4096, why: "stdin's limit" }).length)); } catch (e) { console.log(e.message); }`;
  const run = (input: Buffer) => spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", reader], { input, encoding: "utf8" }).stdout.trim();
  assert.is(run(Buffer.alloc(4096, 1)), "4096");
  assert.is(run(Buffer.alloc(50_000, 1)), "-: is more than 4,096 bytes, stdin's limit");
});

test("a limit can depend on the file's first bytes; the function may refuse the file itself", () => {
  const file = join(dir, "declared.bin");
  writeFileSync(file, Uint8Array.of(0, 0, 0, 12, 1, 2, 3, 4, 5, 6, 7, 8)); // says: 12 bytes in all
  const declared = { head: 4, decide: (head: Uint8Array) => ({ bytes: new DataView(head.buffer, head.byteOffset).getUint32(0), why: "what its header declares" }) };
  assert.is(readBounded(file, declared).length, 12);
  writeFileSync(file, Uint8Array.of(0, 0, 0, 6, 1, 2, 3, 4, 5, 6, 7, 8));
  refused(() => readBounded(file, declared), /is 12 bytes, larger than 6 bytes, what its header declares/);
  assert.throws(() => readBounded(file, { head: 4, decide: () => { throw new RangeError("not my format"); } }), /not my format/);
  // The head is whatever the file has when it is shorter than asked for.
  let seen = -1;
  readBounded(file, { head: 1000, decide: (head) => { seen = head.length; return limit(100); } });
  assert.is(seen, 12);
});

test("a huge file is refused from its size before a byte is read", () => {
  const huge = join(dir, "huge.safetensors");
  writeFileSync(huge, "");
  truncateSync(huge, 5 * 2 ** 30); // 5 GiB, sparse: costs no disk
  const t0 = performance.now();
  refused(() => readBounded(huge, MODEL_LIMIT), /huge\.safetensors: is 5,368,709,120 bytes, larger than 1,074,790,408 bytes, the largest model the engine can hold/);
  refused(() => readBounded(huge, PNG_LIMIT), /is 5,368,709,120 bytes, larger than 198,577,216 bytes, the most a PNG within the 20,000,000-pixel limit can need/);
  assert.ok(performance.now() - t0 < 1000, "refused without reading");
});

test("the limits: a PNG from the pixel limit, a model from what the engine can hold", () => {
  assert.ok(PNG_LIMIT.bytes > MAX_PIXELS * 9 && PNG_LIMIT.bytes < MAX_PIXELS * 10, String(PNG_LIMIT.bytes));
  assert.match(PNG_LIMIT.why, /20,000,000-pixel limit/);
  assert.is(MODEL_LIMIT.bytes, 8 + (1 << 20) + 2 ** 30);
  assert.ok(readBounded("models/pretrained.safetensors", MODEL_LIMIT).length === readFileSync("models/pretrained.safetensors").length);
});

test.run();
