// Reading whole files in Node, bounded: only regular files (or standard input, named "-"), and never more
// than the largest size that kind of file can have, so a device (/dev/zero), a named pipe, a folder or a
// huge file fails at once with one sentence instead of reading forever. Every reader of PNG, model and
// data files goes through readBounded. Not here: what the bytes mean (png.ts, safetensors.ts, idx.ts).

import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { MAX_PNG_BYTES, MAX_PIXELS } from "../image/png.js";
import { MAX_HEADER_BYTES } from "../model/safetensors.js";

/** A one-line problem with a named file, for the CLI to print as it is. */
export class FileProblem extends Error {
  constructor(readonly file: string, readonly problem: string) {
    super(`${file}: ${problem}`);
    this.name = "FileProblem";
  }
}

/** The most a reader takes from a file, and why, for the message when a file is larger. */
export interface ReadLimit {
  bytes: number;
  why: string;
  /** What the file should be, for refusals: "a model file" (default "a regular file"). */
  noun?: string;
}

/** A limit that depends on the file: `decide` gets its first `head` bytes (fewer if it is shorter) and may
 *  throw to refuse the file. */
export interface HeadLimit {
  head: number;
  decide: (head: Uint8Array) => ReadLimit;
  noun?: string;
}

/** PNG files: the pixel limit bounds the file (png.ts derives MAX_PNG_BYTES from MAX_PIXELS). */
export const PNG_LIMIT: ReadLimit = {
  bytes: MAX_PNG_BYTES,
  why: `the most a PNG within the ${MAX_PIXELS.toLocaleString("en")}-pixel limit can need`,
  noun: "a PNG file",
};

/** 1 GiB of weights is the largest network the engine can hold: with its gradients and Adam's two moments
 *  it fills the 4 GiB of wasm memory. */
const MAX_WEIGHT_BYTES = 2 ** 30;
export const MODEL_LIMIT: ReadLimit = {
  bytes: 8 + MAX_HEADER_BYTES + MAX_WEIGHT_BYTES,
  why: "the largest model the engine can hold (1 GiB of weights: with their training state they fill its 4 GiB of memory)",
  noun: "a model file",
};

/** A sentence for an errno, completing "<file>: ...". */
export function describeErrno(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code ?? "";
  const why: Record<string, string> = {
    ENOENT: "no such file", EACCES: "permission denied", EPERM: "permission denied", EISDIR: "is a folder",
    ENOTDIR: "part of the path is a file, not a folder", ELOOP: "too many levels of symbolic links", ENAMETOOLONG: "the name is too long",
    EIO: "the disk could not be read (I/O error)", EROFS: "the file system is read-only", ENOSPC: "the disk is full", EDQUOT: "the disk quota is used up",
  };
  return why[code] ?? (code || (e as Error).message);
}

/** What a file that is not a regular file is, or undefined for a regular file. */
export function notRegular(s: Stats): string | undefined {
  if (s.isFile()) return undefined;
  if (s.isDirectory()) return "a folder";
  if (s.isCharacterDevice()) return "a character device";
  if (s.isBlockDevice()) return "a block device";
  if (s.isFIFO()) return "a named pipe (FIFO)";
  if (s.isSocket()) return "a socket";
  return "not a regular file";
}

const bytesText = (n: number) => `${n.toLocaleString("en")} bytes`;

function tooLarge(path: string, size: number | undefined, limit: ReadLimit): FileProblem {
  // Unknown size (a stream): reading stopped at the limit, so saying it once is all there is to say.
  if (size === undefined) return new FileProblem(path, `is more than ${bytesText(limit.bytes)}, ${limit.why}`);
  return new FileProblem(path, `is ${bytesText(size)}, larger than ${bytesText(limit.bytes)}, ${limit.why}`);
}

/** readSync that waits out EAGAIN (standard input may be non-blocking, e.g. a terminal). */
function readSome(fd: number, into: Uint8Array, at: number, length: number): number {
  for (;;) {
    try {
      return readSync(fd, into, at, length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

/**
 * Reads a whole regular file (or standard input for "-"), refusing anything else and anything larger than
 * `limit`, which may depend on the file's first bytes (an IDX header declares its size).
 */
export function readBounded(path: string, limit: ReadLimit | HeadLimit): Uint8Array {
  const stdin = path === "-";
  const refuse = (kind: string) => new FileProblem(path, `is ${kind}, not ${limit.noun ?? "a regular file"}`);
  let fd: number;
  try {
    // stat first, so a named pipe is refused without opening it (opening one waits for a writer).
    const kind = stdin ? undefined : notRegular(statSync(path));
    if (kind) throw refuse(kind);
    fd = stdin ? 0 : openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    throw e instanceof FileProblem ? e : new FileProblem(path, describeErrno(e));
  }
  try {
    // fstat the open file too: the path may have been swapped between the stat and the open.
    const stats = stdin ? undefined : fstatSync(fd);
    const kind = stats && notRegular(stats);
    if (kind) throw refuse(kind);
    const size = stats && stats.size > 0 ? stats.size : undefined; // /proc files say 0 and still hold bytes
    const headBytes = "head" in limit ? limit.head : 0;
    let bound = "head" in limit ? undefined : limit;
    if (bound && size !== undefined && size > bound.bytes) throw tooLarge(path, size, bound);
    let buffer = new Uint8Array(Math.max(headBytes, Math.min(size ?? 65536, bound?.bytes ?? Infinity) + 1));
    let filled = 0;
    /** Reads until `upTo` bytes are in or the file ends. */
    const fill = (upTo: number) => {
      while (filled < upTo) {
        if (filled === buffer.length) {
          const grown = new Uint8Array(Math.min(buffer.length * 2, upTo));
          grown.set(buffer);
          buffer = grown;
        }
        const n = readSome(fd, buffer, filled, Math.min(buffer.length, upTo) - filled);
        if (n === 0) return;
        filled += n;
      }
    };
    if (!bound) {
      fill(headBytes);
      bound = (limit as HeadLimit).decide(buffer.subarray(0, filled));
      if (size !== undefined && size > bound.bytes) throw tooLarge(path, size, bound);
    }
    // One byte past the bound proves the file too large.
    fill(bound.bytes + 1);
    if (filled > bound.bytes) throw tooLarge(path, undefined, bound);
    return buffer.subarray(0, filled);
  } catch (e) {
    throw e instanceof FileProblem || !(e as NodeJS.ErrnoException).code ? e : new FileProblem(path, describeErrno(e));
  } finally {
    if (!stdin) closeSync(fd);
  }
}

/** A stream (standard input, read without blocking the answers already known) read whole, bounded like
 *  readBounded: more than `limit` is refused as soon as it arrives. `name` is what errors call it. */
export async function readStreamBounded(stream: AsyncIterable<Uint8Array>, name: string, limit: ReadLimit): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += chunk.length;
    if (total > limit.bytes) throw tooLarge(name, undefined, limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
