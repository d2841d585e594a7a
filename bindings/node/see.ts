// Seeing PNG files (read, check, decode, preprocess) in Node, in this thread or on a pool of worker
// threads (dist/see-thread.js), for `predict` over many files. The work is the library's seeImage either
// way, so an image's 28x28 is the same bytes whichever thread made it; only the network's forward pass
// stays on the main thread (Recognizer.answer).

import { existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { seeImage, type Seen } from "../recognizer.js";
import type { ImageWorkspace } from "../image/workspace.js";
import "./zlib.js";
import { packageRoot } from "./files.js";
import { FileProblem, PNG_LIMIT, readBounded } from "./read.js";

/** Reads and sees one PNG file; its problem as an Error (one sentence) when it cannot be seen. */
export function seeFile(path: string, ws: ImageWorkspace): Seen | Error {
  let bytes: Uint8Array;
  try {
    bytes = readBounded(path, PNG_LIMIT);
  } catch (e) {
    if (e instanceof FileProblem) return new Error(e.problem);
    throw e;
  }
  try {
    return seeImage(bytes, ws);
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

/** What a see thread answers for a path: its Seen, or the message of its error. */
export type SeeReply = { id: number; seen: Seen } | { id: number; error: string };

const here = dirname(fileURLToPath(import.meta.url));

function seeScript(): string {
  const candidates = [join(here, "see-thread.js"), join(packageRoot, "dist", "see-thread.js")];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`the image threads' script is not built (looked for ${candidates.join(", ")}); run npm run build`);
  return found;
}

/** How many image threads may die and be replaced in one run. */
const MAX_RESTARTS = 8;

/** Worker threads that see files; each takes the next path as soon as it is free. */
export class SeePool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, (r: Seen | Error) => void>();
  private readonly queue: { id: number; path: string }[] = [];
  private readonly idle: Worker[] = [];
  /** Which worker holds which job, so a worker that dies fails only its own. */
  private readonly assigned = new Map<number, Worker>();
  private nextId = 0;
  private closing = false;
  private restarts = 0;

  constructor(threads: number) {
    this.workers = Array.from({ length: threads }, () => this.start());
  }

  private start(): Worker {
    const worker = new Worker(seeScript());
    worker.on("message", (reply: SeeReply) => {
      this.settle(reply.id, "seen" in reply ? reply.seen : new Error(reply.error));
      this.dispatch(worker);
    });
    // A thread that dies fails only what it was doing; a new thread takes its place for the rest.
    // Threads that keep dying (say, at start) are not replaced forever: the images left fail instead.
    const lost = (why: string) => {
      const at = this.workers.indexOf(worker);
      if (this.closing || at < 0) return;
      const failure = new Error(`the image thread failed: ${why}`);
      for (const [id, holder] of this.assigned) if (holder === worker) this.settle(id, failure);
      if (this.idle.includes(worker)) this.idle.splice(this.idle.indexOf(worker), 1);
      if (this.restarts++ >= MAX_RESTARTS) {
        this.workers.splice(at, 1);
        if (this.workers.length === 0) for (const job of this.queue.splice(0)) this.settle(job.id, failure);
        return;
      }
      this.workers[at] = this.start();
      while (this.queue.length && this.idle.length) this.dispatch(this.idle.pop()!);
    };
    worker.on("error", (e: unknown) => lost(e instanceof Error ? e.message : String(e)));
    worker.on("exit", (code) => lost(`it stopped (exit code ${code})`));
    this.idle.push(worker);
    return worker;
  }

  private settle(id: number, result: Seen | Error): void {
    this.waiting.get(id)?.(result);
    this.waiting.delete(id);
    this.assigned.delete(id);
  }

  private dispatch(worker: Worker): void {
    const job = this.queue.shift();
    if (!job) {
      this.idle.push(worker);
      return;
    }
    this.assigned.set(job.id, worker);
    worker.postMessage(job);
  }

  see(path: string): Promise<Seen | Error> {
    const id = this.nextId++;
    const result = new Promise<Seen | Error>((resolve) => this.waiting.set(id, resolve));
    this.queue.push({ id, path });
    const worker = this.idle.pop();
    if (worker) this.dispatch(worker);
    return result;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
