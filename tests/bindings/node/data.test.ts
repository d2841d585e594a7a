// bindings/node/data.ts on hostile data folders: a .gz that claims a small IDX file and inflates to 2 GB
// fails fast in little memory (measured in a child process), a raw file longer than its header declares is
// refused from its size, data files that are devices or pipes are refused, and an empty split is an error
// naming the folder. The happy paths (raw and gzipped MNIST) are tested through the CLI in tests/cli.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateRawSync, gzipSync, constants } from "node:zlib";
import { defaultDataDir, loadSplit } from "../../../bindings/node/data.js";

const mnist = defaultDataDir();
const idxHeader = (...dims: number[]) => {
  const b = new Uint8Array(4 + 4 * dims.length);
  b.set([0, 0, 8, dims.length]);
  dims.forEach((d, i) => new DataView(b.buffer).setUint32(4 + 4 * i, d));
  return b;
};

/** A gzip file of `head` followed by `zeros` zero bytes, built from one compressed 16 MiB block repeated
 *  (so 2 GB costs a few milliseconds to make). Its CRC is wrong: nothing may ever inflate that far. */
function gzipBomb(head: Uint8Array, zeros: number): Uint8Array {
  const block = 1 << 24;
  const flushed = (b: Uint8Array) => deflateRawSync(b, { finishFlush: constants.Z_FULL_FLUSH });
  const zeroBlock = flushed(new Uint8Array(block));
  const parts = [Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3), flushed(head)];
  for (let n = 0; n < zeros; n += block) parts.push(zeroBlock);
  parts.push(Uint8Array.of(3, 0), new Uint8Array(8)); // the final empty block; a zero trailer
  return Buffer.concat(parts);
}

function folder(files: Record<string, Uint8Array | string>): string {
  const dir = mkdtempSync(join(tmpdir(), "wasm-digits-data-"));
  for (const [name, content] of Object.entries(files)) {
    if (typeof content === "string") copyFileSync(content, join(dir, name));
    else writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** loadSplit("test") in a child process: its error message, the seconds it took and its peak memory growth. */
function loadInChild(dir: string): { message: string; seconds: number; growthMB: number } {
  const script = `import { loadSplit } from "./bindings/node/data.ts";
    const before = process.resourceUsage().maxRSS, t0 = performance.now();
    let message = "loaded";
    try { loadSplit("test", ${JSON.stringify(dir)}); } catch (e) { message = e.message; }
    console.log(JSON.stringify({ message, seconds: (performance.now() - t0) / 1000, growthMB: (process.resourceUsage().maxRSS - before) / 1024 }));`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", timeout: 60_000 });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

test("a .gz declaring 10,008 label bytes but inflating to 2 GB is refused from its compressed size", () => {
  const bomb = gzipBomb(idxHeader(10_000), 2 ** 31);
  const dir = folder({ "t10k-images-idx3-ubyte": join(mnist, "t10k-images-idx3-ubyte"), "t10k-labels-idx1-ubyte.gz": bomb });
  const r = loadInChild(dir);
  assert.match(r.message, /t10k-labels-idx1-ubyte\.gz: is [\d,]+ bytes, larger than [\d,]+ bytes, the most a gzip of the 10,008 bytes its IDX header declares can take/);
  assert.ok(r.seconds < 5, `${r.seconds} s`);
});

test("a .gz declaring 7.8 MB of images but inflating to 2 GB stops inflating at 7.8 MB, in little memory", () => {
  const bomb = gzipBomb(idxHeader(10_000, 28, 28), 2 ** 31);
  const dir = folder({ "t10k-images-idx3-ubyte.gz": bomb, "t10k-labels-idx1-ubyte": join(mnist, "t10k-labels-idx1-ubyte") });
  const r = loadInChild(dir);
  assert.match(r.message, /t10k-images-idx3-ubyte\.gz: inflates to more than the 7,840,016 bytes its IDX header declares/);
  // Inflating the whole 2 GB (as before) takes seconds and gigabytes; stopping at the declared size takes neither.
  assert.ok(r.seconds < 5, `${r.seconds} s`);
  assert.ok(r.growthMB < 200, `peak memory grew ${r.growthMB.toFixed(0)} MB`);
});

test("a real gzipped split still loads, the same as the raw files", () => {
  const raw = loadSplit("test");
  const dir = folder({
    "t10k-images-idx3-ubyte.gz": gzipSync(readFileSync(join(mnist, "t10k-images-idx3-ubyte"))),
    "t10k-labels-idx1-ubyte.gz": gzipSync(readFileSync(join(mnist, "t10k-labels-idx1-ubyte"))),
  });
  const zipped = loadSplit("test", dir);
  assert.is(zipped.count, raw.count);
  assert.equal(Buffer.compare(zipped.images, raw.images), 0);
  assert.equal(Buffer.compare(zipped.labels, raw.labels), 0);
});

test("raw files longer than declared, truncated, devices and pipes are refused naming the file", () => {
  const labels = (extra: number) => Buffer.concat([idxHeader(3), Uint8Array.of(1, 2, 3), new Uint8Array(extra)]);
  const images = Buffer.concat([idxHeader(3, 28, 28), new Uint8Array(3 * 784)]);
  const long = folder({ "t10k-images-idx3-ubyte": images, "t10k-labels-idx1-ubyte": labels(5) });
  assert.throws(() => loadSplit("test", long), /t10k-labels-idx1-ubyte: is 16 bytes, larger than 11 bytes, the size its IDX header declares \(3 bytes of data and a 8-byte header\)/);
  const short = folder({ "t10k-images-idx3-ubyte": images.subarray(0, 1000), "t10k-labels-idx1-ubyte": labels(0) });
  assert.throws(() => loadSplit("test", short), /t10k-images-idx3-ubyte: the header says 3x28x28 = 2352 bytes of data but the file has 984 \(truncated\?\)/);
  assert.is(loadSplit("test", folder({ "t10k-images-idx3-ubyte": images, "t10k-labels-idx1-ubyte": labels(0) })).count, 3);
  const dev = folder({ "t10k-labels-idx1-ubyte": labels(0) });
  symlinkSync("/dev/zero", join(dev, "t10k-images-idx3-ubyte"));
  assert.throws(() => loadSplit("test", dev), /t10k-images-idx3-ubyte: is a character device, not an IDX data file/);
  const pipe = folder({ "t10k-labels-idx1-ubyte": labels(0) });
  assert.is(spawnSync("mkfifo", [join(pipe, "t10k-images-idx3-ubyte")]).status, 0);
  assert.throws(() => loadSplit("test", pipe), /is a named pipe \(FIFO\), not an IDX data file/);
  const huge = folder({ "t10k-images-idx3-ubyte": idxHeader(0xffffffff, 28, 28), "t10k-labels-idx1-ubyte": labels(0) });
  assert.throws(() => loadSplit("test", huge), /its IDX header declares 4294967295x28x28 bytes of data and a 16-byte header, more than the engine's 4 GiB of memory can hold/);
  const notGzip = folder({ "t10k-images-idx3-ubyte.gz": Uint8Array.of(0x1f, 0x8b, 1, 2, 3, 4, 5, 6, 7, 8), "t10k-labels-idx1-ubyte": labels(0) });
  assert.throws(() => loadSplit("test", notGzip), /t10k-images-idx3-ubyte\.gz: is not a valid gzip file/);
});

test("an empty split is an error naming the folder, for train and test alike", () => {
  const dir = folder({ "t10k-images-idx3-ubyte": idxHeader(0, 28, 28), "t10k-labels-idx1-ubyte": idxHeader(0) });
  assert.throws(() => loadSplit("test", dir), new RegExp(`^${dir}: the test set is empty \\(t10k-images-idx3-ubyte holds no images\\)$`));
  mkdirSync(join(dir, "train"));
  writeFileSync(join(dir, "train", "train-images-idx3-ubyte"), idxHeader(0, 28, 28));
  writeFileSync(join(dir, "train", "train-labels-idx1-ubyte"), idxHeader(0));
  assert.throws(() => loadSplit("train", join(dir, "train")), /the training set is empty \(train-images-idx3-ubyte holds no images\)/);
});

test.run();
