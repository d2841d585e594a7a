// Starting training helper threads in Node: a worker_threads Worker per helper, running dist/thread.js
// (the bundle of bindings/node/thread.ts; also when the bindings run from source, as in the tests).

import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import type { ThreadHandle, ThreadInit } from "../engine/engine.js";
import { packageRoot } from "./files.js";

const here = dirname(fileURLToPath(import.meta.url));

function threadScript(): string {
  const candidates = [join(here, "thread.js"), join(packageRoot, "dist", "thread.js")];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`the training thread's script is not built (looked for ${candidates.join(", ")}); run npm run build`);
  return found;
}

/** Starts one helper and resolves once it is ready to take steps. */
export function spawnNodeThread(init: ThreadInit): Promise<ThreadHandle> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(threadScript());
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the training thread exited (code ${code}) before it was ready`)));
    worker.once("message", (m) => {
      if (m !== "ready") return reject(new Error(`unexpected message from a training thread: ${String(m)}`));
      worker.removeAllListeners("exit");
      worker.removeAllListeners("error");
      // A helper that fails reports through shared memory; an error event after start must not crash the process.
      worker.on("error", () => {});
      resolve({ terminate: () => worker.terminate() });
    });
    worker.postMessage(init);
  });
}

/** The default thread count for training: the cores this process may use, at most 4. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}
