// Training threads in the page: the shared-memory module and a Web Worker per helper (thread.js), for
// createEngine. Only used where shared memory is allowed (a cross-origin isolated page).

import type { ThreadHandle, ThreadInit, ThreadPlatform } from "../bindings/engine/engine.js";

function spawnWebThread(init: ThreadInit): Promise<ThreadHandle> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("thread.js", self.location.href), { type: "module" });
    worker.onerror = (e) => reject(new Error(e.message || "a training thread could not start"));
    worker.onmessage = (e) => {
      if (e.data !== "ready") return reject(new Error(`unexpected message from a training thread: ${String(e.data)}`));
      resolve({ terminate: () => worker.terminate() });
    };
    worker.postMessage(init);
  });
}

export const webThreads: ThreadPlatform = {
  wasm: () => new URL("wasm-digits-shared.wasm", self.location.href),
  spawn: spawnWebThread,
};

/** Threads for training here: the cores the browser reports, at most 4, when shared memory is allowed. */
export function pageThreads(): number {
  if (!self.crossOriginIsolated) return 1;
  return Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1));
}
