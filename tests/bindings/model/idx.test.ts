// bindings/idx.ts and data-node.ts on damaged data files: wrong magic, a header that disagrees with the
// file size, images and labels that do not pair, labels that are not digits, a bad gzip; each one a
// clear DataFileError or a message naming the file.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DataFileError, makeDataset, parseIdx } from "../../../bindings/model/idx.js";
import { loadSplit } from "../../../bindings/node/data.js";

function idx(dims: number[], data: Uint8Array, magic = [0, 0, 8, dims.length]): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out.set(magic);
  dims.forEach((d, i) => new DataView(out.buffer).setUint32(4 + 4 * i, d));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

const images = (n: number) => idx([n, 2, 2], new Uint8Array(n * 4).fill(7));
const labels = (values: number[]) => idx([values.length], Uint8Array.from(values));

function refuses(f: () => unknown, pattern: RegExp): void {
  try { f(); } catch (e) { assert.instance(e, DataFileError); assert.match((e as Error).message, pattern); return; }
  assert.unreachable(`accepted; expected ${pattern}`);
}

test("a valid pair reads back its shape and values", () => {
  const d = makeDataset(parseIdx(images(3)), parseIdx(labels([1, 2, 9])));
  assert.equal([d.count, d.rows, d.cols, Array.from(d.labels)], [3, 2, 2, [1, 2, 9]]);
});

test("wrong magic, element type, rank, short header, size that disagrees with the header", () => {
  refuses(() => parseIdx(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4)), /wrong magic number/);
  refuses(() => parseIdx(idx([2], Uint8Array.of(1, 2), [0, 0, 0x0d, 1])), /element type 0xd/);
  refuses(() => parseIdx(Uint8Array.of(0, 0, 8, 9)), /rank 9/);
  refuses(() => parseIdx(Uint8Array.of(0, 0, 8, 3, 0, 0)), /header is truncated/);
  refuses(() => parseIdx(images(3).subarray(0, 20)), /says 3x2x2 = 12 bytes of data but the file has 4 \(truncated\?\)/);
  refuses(() => parseIdx(new Uint8Array([...images(3), 1, 2])), /12 bytes of data but the file has 14/);
});

test("images and labels that do not pair, and labels that are not digits", () => {
  refuses(() => makeDataset(parseIdx(images(3)), parseIdx(labels([1, 2]))), /3 images but 2 labels/);
  refuses(() => makeDataset(parseIdx(labels([1])), parseIdx(labels([1]))), /images file has rank 1/);
  refuses(() => makeDataset(parseIdx(images(2)), parseIdx(labels([1, 12]))), /label 12 at index 1/);
});

test("loadSplit names the folder or file: missing folder, missing file, bad gzip, mismatched counts", () => {
  const dir = mkdtempSync(join(tmpdir(), "wasm-digits-idx-"));
  const problem = (folder: string, pattern: RegExp) => {
    try { loadSplit("test", folder); } catch (e) { assert.match((e as Error).message, pattern); return; }
    assert.unreachable("accepted");
  };
  problem(join(dir, "nope"), /nope: no such folder/);
  problem(dir, /no t10k-images-idx3-ubyte \(or \.gz\) in this folder/);
  writeFileSync(join(dir, "t10k-images-idx3-ubyte.gz"), Uint8Array.of(0x1f, 0x8b, 1, 2, 3));
  writeFileSync(join(dir, "t10k-labels-idx1-ubyte"), labels([1, 2]));
  problem(dir, /t10k-images-idx3-ubyte\.gz: is not a valid gzip file/);
  writeFileSync(join(dir, "t10k-images-idx3-ubyte.gz"), gzipSync(images(3)));
  problem(dir, /t10k-labels-idx1-ubyte: 3 images but 2 labels/);
});

test.run();
