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
  const seen = seeFile(path, ws);
  if (seen instanceof Error) {
    port.postMessage({ id, error: seen.message } satisfies SeeReply);
    return;
  }
  // The digits of a number share one buffer: each buffer is transferred once (a repeat is a DataCloneError).
  port.postMessage({ id, seen } satisfies SeeReply, [...new Set(seen.digits.map((d) => d.pixels.buffer as ArrayBuffer))]);
});
