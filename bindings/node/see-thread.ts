// One image thread of `predict` (a worker_threads Worker; bundled as dist/see-thread.js): sees the files
// it is sent and answers each with the 28x28 of its digits (transferred, not copied) or its error.

import { parentPort } from "node:worker_threads";
import { seeFile, type SeeReply } from "./see.js";
import { ImageWorkspace } from "../image/workspace.js";
import { nodeEngine } from "./files.js";

const port = parentPort!;
// This thread's own workspace, on the same engine choice as a recognizer's (wasm where there is SIMD).
const ws = new ImageWorkspace(await nodeEngine("auto"));
port.on("message", ({ id, path }: { id: number; path: string }) => {
  let seen: ReturnType<typeof seeFile>;
  try {
    seen = seeFile(path, ws);
  } catch (e) {
    // Anything unforeseen fails this image only; the thread goes on with the next.
    seen = e instanceof Error ? e : new Error(String(e));
  }
  if (seen instanceof Error) {
    port.postMessage({ id, error: seen.message } satisfies SeeReply);
    return;
  }
  // The digits of one image may share one buffer: each buffer is transferred once.
  port.postMessage({ id, seen } satisfies SeeReply, [...new Set(seen.digits.map((d) => d.pixels.buffer as ArrayBuffer))]);
});
