// The page's "Benchmark in your browser" panel: runs bench-worker.ts (one worker for the page's life, so
// MNIST is loaded once), shows its progress, then the table `npm run bench` prints. The page keeps
// training and benchmarking apart, since each would slow the other and spoil the numbers.

import type { FromBench, ToBench } from "./messages.js";

/** Per kernel and backend: short enough for a visitor to wait, long enough for a stable median. */
const KERNEL_TIME_MS = 150;
/** A tenth of an epoch: the JS backend takes about a second for it. */
const EPOCH_IMAGES = 6_000;

export interface BenchPanel {
  /** Off while training runs. */
  setEnabled(on: boolean): void;
}

export function benchPanel(onBusy: (running: boolean) => void): BenchPanel {
  const run = document.getElementById("bench-run") as HTMLButtonElement;
  const bar = document.getElementById("bench-progress") as HTMLProgressElement;
  const status = document.getElementById("bench-status")!;
  const table = document.getElementById("bench-table")!;
  let worker: Worker | undefined;
  let running = false;
  let enabled = true;

  const say = (text: string, error = false) => {
    status.textContent = text;
    status.classList.toggle("error", error);
  };
  const finish = () => {
    running = false;
    run.disabled = !enabled;
    bar.hidden = true;
    onBusy(false);
  };
  const onMessage = (m: FromBench) => {
    if (m.type === "progress") {
      bar.value = m.fraction;
      say(`${m.what}…`);
    } else if (m.type === "done") {
      table.textContent = m.table;
      table.hidden = false;
      say(`done: one epoch slice runs ${m.report.epochSpeedup.toFixed(1)}x faster on wasm SIMD than on plain JavaScript here`);
      finish();
    } else {
      say(m.message, true);
      finish();
    }
  };

  run.addEventListener("click", () => {
    if (running) return;
    if (!worker) {
      worker = new Worker(new URL("bench-worker.js", location.href), { type: "module" });
      worker.onmessage = (e: MessageEvent<FromBench>) => onMessage(e.data);
      worker.onerror = (e) => {
        worker?.terminate();
        worker = undefined;
        onMessage({ type: "error", message: `the benchmark failed: ${e.message}` });
      };
    }
    running = true;
    run.disabled = true;
    bar.hidden = false;
    bar.value = 0;
    onBusy(true);
    say("starting…");
    worker.postMessage({ type: "run", kernelTimeMs: KERNEL_TIME_MS, epochImages: EPOCH_IMAGES } satisfies ToBench);
  });

  return {
    setEnabled(on: boolean) {
      enabled = on;
      run.disabled = running || !on;
    },
  };
}
