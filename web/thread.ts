// The entry of one training helper thread in the page (a Web Worker started by the training worker when
// the page is cross-origin isolated): takes its ThreadInit, answers "ready", and runs the same thread
// loop as Node's helpers until the stop command.

import { runThread } from "../bindings/engine/threads/thread.js";
import type { ThreadInit } from "../bindings/engine/engine.js";
import { applyAugment, augmentScratch } from "../bindings/model/augment.js";

self.onmessage = (event: MessageEvent<ThreadInit>) => {
  const scratch = augmentScratch();
  runThread(event.data, (input, draws, r0, r1) => applyAugment(input, draws, r0, r1, scratch), () => self.postMessage("ready"));
  self.close();
};
