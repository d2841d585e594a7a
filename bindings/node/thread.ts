// The entry of one training helper thread in Node (a worker_threads Worker; bundled as dist/thread.js):
// takes its ThreadInit from the coordinator, answers "ready", and runs the platform-neutral thread
// loop until the stop command. Augmentation is wired here because the engine knows only "a transform".

import { parentPort } from "node:worker_threads";
import { runThread } from "../engine/threads/thread.js";
import type { ThreadInit } from "../engine/engine.js";
import { applyAugment, augmentScratch } from "../model/augment.js";

const port = parentPort!;
port.once("message", (init: ThreadInit) => {
  const scratch = augmentScratch();
  runThread(init, (input, draws, r0, r1) => applyAugment(input, draws, r0, r1, scratch), () => port.postMessage("ready"));
  port.close();
});
