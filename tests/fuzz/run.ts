// Starts a fuzz worker in a child process with a time limit and returns its summary: worker.ts for the file
// formats, http.ts (which starts its own server process) for HTTP requests.

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface FuzzSummary { format: string; cases: number; accepted: number; refused: number; crashes: string[]; slowestMs: number }

export function runFuzz(format: "png" | "model" | "http" | "library", cases: number, seed: number, limitMs = 120_000): FuzzSummary {
  const own = format === "http" || format === "library";
  const worker = fileURLToPath(new URL(own ? `./${format}.ts` : "./worker.ts", import.meta.url));
  const args = own ? [String(cases), String(seed)] : [format, String(cases), String(seed)];
  const r = spawnSync(process.execPath, ["--import", "tsx", worker, ...args], { encoding: "utf8", timeout: limitMs });
  if (r.error || r.status !== 0) {
    throw new Error(r.error?.message.includes("ETIMEDOUT") || r.signal ? `the ${format} fuzzer did not finish within ${limitMs / 1000} s (a hang)` : `the ${format} fuzzer crashed: ${r.stderr.slice(0, 2000)}`);
  }
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as FuzzSummary;
}
