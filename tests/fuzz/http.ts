// The HTTP fuzzer: `http.ts CASES SEED` starts the demo server in its own process (http-server.ts), sends it
// seeded hostile requests over raw sockets, a few dozen at a time, and prints a JSON summary. Requests mix
// methods, targets (encoded, traversal, NUL, absolute form, 100 kB long), headers (Host, Accept-Encoding,
// lengths, chunking, upgrades, 40 kB values, bare LF, NUL), HTTP versions, pipelining, raw and mutated bytes,
// and clients that stop mid-request. Every case must be answered or closed in time; every answer must carry
// the security headers, and a 200 must be a whitelisted file, byte for byte; the server must outlive it all.

import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";
import { Rng } from "../../bindings/model/rng.js";
import { DATA_FILES, SECURITY_HEADERS } from "../../cli/server.js";
import { siteFiles } from "../../cli/demo.js";
import { mutate } from "./mutate.js";

const [casesArg, seedArg] = process.argv.slice(2);
const cases = Number(casesArg), rng = new Rng(Number(seedArg));
/** Per case: the server must answer or close by then (its own timeouts are at most 1.5 s; a 10 MB download among dozens takes a few). */
const CASE_LIMIT_MS = 10_000;

// ---- what may be served: each whitelisted file's bytes, by hash ----
const files = siteFiles();
const whitelist = new Map<string, string>(); // path → file on disk
for (const f of ["index.html", "style.css", "main.js", "worker.js"]) whitelist.set(`/${f}`, join(files.site, f));
whitelist.set("/wasm-digits.wasm", files.wasm);
whitelist.set("/models/pretrained.safetensors", files.model);
if (files.data) for (const name of DATA_FILES) whitelist.set(`/data/${name}.gz`, join(files.data, name));
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const served = new Set<string>();
const identityOrGzipLengths = new Set<number>(); // the sizes a 200 of a page file, the .wasm or the model may declare
for (const [path, file] of whitelist) {
  const bytes = readFileSync(file);
  served.add(sha(bytes));
  if (!path.endsWith(".gz")) identityOrGzipLengths.add(bytes.length).add(gzipSync(bytes, { level: 9 }).length);
}
/** Text that must never appear in any answer: files next to the site and elsewhere on the machine. */
const FORBIDDEN = ['"optionalDependencies"', "root:x:0:", "SECURITY_HEADERS", "createDemoServer"];

// ---- request generation ----
const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)];
const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => rng.int(256));
const latin1 = (b: Uint8Array) => Buffer.from(b).toString("latin1");

const WHITELISTED = [...whitelist.keys(), "/", "/index.html?v=1"];

/** A hostile request target. */
function target(port: number): string {
  const base = pick([...whitelist.keys(), "/", "/index.html", "/package.json", "/cli/server.ts", "/etc/passwd", "/data/", "/models/"]);
  switch (rng.int(14)) {
    case 13: return base;
    case 0: return `${pick(["/..", "/../..", "//", "/./", "/%2e%2e", "/..%2f..%2f", "/%2E%2E%5C", "/.%00.", "\\..\\"])}${base}`;
    case 1: return `${base}${pick(["%00", "%00.js", "\0", "/", "/.", "/..", "%2f", "?", "?a=1&b=%00", "#frag", ";x", "%", "%zz", "~"])}`;
    case 2: return base.replace(/[a-z]/g, (c) => (rng.uniform() < 0.3 ? `%${c.charCodeAt(0).toString(16)}` : c));
    case 3: return `/${"a".repeat(pick([255, 4096, 20_000, 100_000]))}`;
    case 4: return `${pick(["http", "HTTP", "https", "ftp", "file"])}://${pick([`127.0.0.1:${port}`, `localhost:${port}`, "example.com", `127.0.0.1:${port}@evil`, "", `[::1]:${port}`, `127.0.0.1:${port}:${port}`])}${pick([base, "", "?x"])}`;
    case 5: return pick(["*", "", " ", "example.com:443", "index.html", "..", "\0", "/\r/", "/ /"]);
    case 6: return latin1(randomBytes(1 + rng.int(40)));
    case 7: return `${base}${latin1(Uint8Array.from([0xc3, 0x28, 0xff, 0xfe, 0x80]))}`;
    case 8: return base.toUpperCase();
    case 9: return `${base}?${"q".repeat(rng.int(5000))}`;
    case 10: return `/${"../".repeat(1 + rng.int(30))}etc/passwd`;
    case 11: return encodeURI(`/${pick(["é", "日本", "💥"])}`);
    default: return `/${pick(["data", "models", "web", "dist", "node_modules"])}/${pick(["", "..", "../package.json", "x"])}`;
  }
}

/** One hostile header line (or several). */
function hostileHeader(): string[] {
  switch (rng.int(12)) {
    case 0: return [`Host: ${pick(["", "evil.example", "a b", "x".repeat(300), "127.0.0.1:99999"])}`];
    case 1: return ["Host: second.example"];
    case 2: return [`Accept-Encoding: ${pick(["*;q=0", "identity;q=0", "br", "gzip;q=abc", "gzip;q=0.5, identity;q=0.6", "", ",,,;;;", "x".repeat(2000)])}`];
    case 3: return [`Content-Length: ${pick(["5", "-1", "99999999999999999999", "abc", "1, 2"])}`];
    case 4: return ["Content-Length: 0", "Content-Length: 7"];
    case 5: return [`Transfer-Encoding: ${pick(["chunked", "gzip, chunked", "identity", "chunked, chunked", "xchunked"])}`];
    case 6: return [`Connection: ${pick(["close", "upgrade", "Keep-Alive, Upgrade", ""])}`, `Upgrade: ${pick(["websocket", "h2c", "HTTP/2.0"])}`];
    case 7: return [`Expect: ${pick(["100-continue", "200-ok", "x"])}`];
    case 8: return [`X-Big: ${"b".repeat(pick([8_000, 17_000, 40_000]))}`];
    case 9: return Array.from({ length: pick([100, 2100]) }, (_, i) => `X-Many-${i}: v`);
    default: return [pick(["no colon here", ": empty name", "X-Nul: a\0b", "X-Fold: a\r\n folded", "X-CR: a\rb", "Bad Name: v", "X-Utf8: é"])];
  }
}

/** A well-formed request, then 0 to 4 of its parts spoilt: each case is a little or very hostile. */
function request(port: number): string {
  let method = pick(["GET", "GET", "HEAD"]);
  let path = pick(WHITELISTED);
  let version = pick(["HTTP/1.1", "HTTP/1.1", "HTTP/1.0"]);
  let eol = "\r\n";
  let body = "";
  const lines = [`Host: ${pick(["127.0.0.1", `127.0.0.1:${port}`, "localhost"])}`];
  if (rng.uniform() < 0.5) lines.push(`Accept-Encoding: ${pick(["gzip", "gzip, deflate, br", "gzip;q=0, identity", "*", "identity"])}`);
  if (rng.uniform() < 0.3) lines.push(`Connection: ${pick(["close", "keep-alive"])}`);
  const spoils = pick([0, 0, 0, 1, 1, 1, 2, 2, 3, 4]);
  for (let i = 0; i < spoils; i++) {
    switch (rng.int(6)) {
      case 0: method = pick(["POST", "PUT", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PATCH", "get", "G\0ET", "FOO", "", "GET GET", "M".repeat(100)]); break;
      case 1: path = pick(["/package.json", "/cli/server.ts", "/etc/passwd", "/README.md", "/dist/cli.js", "/.git/config"]); break;
      case 2: path = target(port); break;
      case 3: version = pick(["", "HTTP/0.9", "HTTP/2.0", "HTTP/9.9", "http/1.1", "HTTP/1.1x", "HTTP/1.10"]); break;
      case 4: if (rng.uniform() < 0.3) lines.shift(); else lines.push(...hostileHeader()); break;
      default: if (rng.uniform() < 0.5) eol = "\n"; else body = pick(["hello", "0\r\n\r\n", "5\r\nhello\r\n0\r\n\r\n", "zz\r\n"]);
    }
  }
  const line = [method, path, version].filter((part, j) => j < 2 || part).join(" ");
  return `${line}${eol}${lines.join(eol)}${eol}${eol}${body}`;
}

/** One case: the bytes to send, in pieces (with a pause before each later one), and whether the client then half-closes. */
interface Case { pieces: Uint8Array[]; pauseMs: number; end: boolean }

function makeCase(port: number): Case {
  const kind = rng.int(10);
  let bytes: Uint8Array;
  if (kind === 0) {
    bytes = randomBytes(1 + rng.int(2000)); // noise
  } else {
    const count = kind === 1 ? 2 + rng.int(3) : 1; // pipelined requests
    bytes = Uint8Array.from(Buffer.from(Array.from({ length: count }, () => request(port)).join(""), "latin1"));
    if (kind === 2) bytes = mutate(bytes, rng);
  }
  // Sometimes the bytes go out in several writes, or the client stops halfway and waits.
  const pieces: Uint8Array[] = [];
  if (rng.uniform() < 0.15 && bytes.length > 2) {
    const cut = 1 + rng.int(bytes.length - 1);
    pieces.push(bytes.subarray(0, cut), bytes.subarray(cut));
  } else {
    pieces.push(bytes);
  }
  const stall = rng.uniform() < 0.1;
  if (stall) pieces.length = 1;
  return { pieces, pauseMs: 5 + rng.int(50), end: !stall && rng.uniform() < 0.7 };
}

// ---- checking the answers ----
interface Summary { format: string; cases: number; accepted: number; refused: number; crashes: string[]; slowestMs: number }
const summary: Summary = { format: "http", cases, accepted: 0, refused: 0, crashes: [], slowestMs: 0 };
const problem = (n: number, what: string) => {
  if (summary.crashes.length < 10) summary.crashes.push(`case ${n}: ${what}`);
  else if (summary.crashes.length === 10) summary.crashes.push("...");
};

/** Splits the bytes a server sent into responses and checks each; returns how many were 200s. */
function check(n: number, got: Buffer): number {
  const text = got.toString("latin1");
  for (const f of FORBIDDEN) if (text.includes(f)) problem(n, `the answer contains '${f}'`);
  let at = 0;
  let ok = 0;
  while (at < got.length) {
    const end = got.indexOf("\r\n\r\n", at);
    if (!text.startsWith("HTTP/1.1 ", at) || end < 0) { problem(n, `unparseable answer at byte ${at}: ${JSON.stringify(text.slice(at, at + 40))}`); break; }
    const [statusLine, ...lines] = text.slice(at, end).split("\r\n");
    const status = Number(statusLine.split(" ")[1]);
    const h: Record<string, string> = {};
    for (const line of lines) h[line.slice(0, line.indexOf(":")).toLowerCase()] = line.slice(line.indexOf(":") + 1).trim();
    if (status !== 100) {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (h[name] !== value) problem(n, `${status} without ${name}`);
    }
    if (![100, 200, 400, 404, 405, 406, 408, 417, 431].includes(status)) problem(n, `unexpected status ${statusLine}`);
    const length = Number(h["content-length"] ?? 0);
    let next = end + 4 + length;
    // A HEAD answer declares a length but carries no body: the next answer starts right away.
    if (length > 0 && text.startsWith("HTTP/1.1 ", end + 4)) next = end + 4;
    const body = got.subarray(end + 4, Math.min(next, got.length));
    if (status === 200) {
      ok++;
      const whole = body.length === length;
      const gz = h["content-type"] === "application/gzip";
      if (!gz && !identityOrGzipLengths.has(length)) problem(n, `a 200 of ${length} bytes matches no whitelisted file`);
      else if (whole && !served.has(sha(gz || h["content-encoding"] === "gzip" ? gunzipSync(body) : body))) problem(n, "a 200 whose bytes are no whitelisted file");
    } else if (length > 200) {
      problem(n, `a ${status} with a ${length}-byte body`);
    }
    if (next > got.length) break;
    at = next;
  }
  return ok;
}

function runCase(n: number, port: number, { pieces, pauseMs, end }: Case): Promise<void> {
  return new Promise((done) => {
    const t0 = performance.now();
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    let received = 0;
    let finished = false;
    const finish = (hung: boolean) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      socket.destroy();
      const ms = performance.now() - t0;
      summary.slowestMs = Math.max(summary.slowestMs, ms);
      if (hung) problem(n, `neither answered nor closed within ${CASE_LIMIT_MS} ms (got ${received} bytes)`);
      if (check(n, Buffer.concat(chunks)) > 0) summary.accepted++;
      else summary.refused++;
      done();
    };
    const timer = setTimeout(() => finish(true), CASE_LIMIT_MS);
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      // A client that stalled mid-request has been answered once a whole response is in (a 408 or an early 400).
      if (!end && pieces.length === 1 && received - chunk.length < 65536) {
        const head = Buffer.concat(chunks).toString("latin1");
        const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
        if (head.includes("\r\n\r\n") && received >= head.indexOf("\r\n\r\n") + 4 + length) finish(false);
      }
    });
    socket.on("error", () => finish(false)); // a reset is a close
    socket.on("close", () => finish(false));
    socket.on("connect", async () => {
      for (const [i, piece] of pieces.entries()) {
        if (i > 0) await new Promise((r) => setTimeout(r, pauseMs));
        if (!socket.destroyed) socket.write(piece);
      }
      if (end && !socket.destroyed) socket.end();
    });
  });
}

// ---- the run ----
const server = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./http-server.ts", import.meta.url))], { stdio: ["pipe", "pipe", "pipe"] });
let serverErr = "";
server.stderr.on("data", (c) => { serverErr += c; });
const port = await new Promise<number>((done, fail) => {
  server.stdout.once("data", (c) => done(Number(String(c).trim())));
  server.once("exit", (code) => fail(new Error(`the server exited (${code}) before listening: ${serverErr}`)));
});
let died = "";
server.once("exit", (code, signal) => { died = `the server process exited (${code ?? signal}): ${serverErr.slice(0, 1500)}`; });

// Generated up front, so a seed always gives the same cases whatever order they finish in.
const all = Array.from({ length: cases }, () => makeCase(port));
const PARALLEL = 24;
let next = 0;
await Promise.all(Array.from({ length: PARALLEL }, async () => {
  while (next < cases && !died) {
    const n = next++;
    await runCase(n, port, all[n]);
  }
}));

// Still alive, still serving the page.
if (!died) {
  const page = await new Promise<Buffer>((done) => {
    const socket = connect(port, "127.0.0.1", () => socket.end("GET /index.html HTTP/1.0\r\n\r\n"));
    let got = Buffer.alloc(0);
    socket.on("data", (c) => { got = Buffer.concat([got, c]); });
    socket.on("close", () => done(got));
  });
  if (!page.toString("latin1").startsWith("HTTP/1.1 200")) summary.crashes.push(`after the run the page is not served: ${page.toString("latin1").slice(0, 80)}`);
}
if (died) summary.crashes.push(died);
if (serverErr.trim()) summary.crashes.push(`the server wrote to stderr: ${serverErr.slice(0, 1500)}`);
server.kill("SIGTERM");
console.log(JSON.stringify(summary));
