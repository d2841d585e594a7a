// The messages between the page (main.ts) and the training worker (worker.ts).

export type ToWorker =
  | { type: "train"; preset: string; epochs: number; seed: number }
  | { type: "pause" } | { type: "resume" } | { type: "cancel" };

export type FromWorker =
  | { type: "status"; text: string }
  | { type: "threads"; threads: number; isolated: boolean }
  | { type: "progress"; fraction: number; epoch: number; epochs: number; batch: number; batches: number; loss: number; accuracy: number; samplesPerSecond: number; eta: number }
  | { type: "done"; bytes: Uint8Array; preset: string; seed: number; testAccuracy: number; seconds: number; samplesPerSecond: number }
  | { type: "cancelled" }
  | { type: "error"; message: string };
