// Runs the uvu suite (TypeScript through tsx) and ends with the plain line "N passed, N failed", which
// CI reads; the exit status is uvu's. Arguments pass through: `node tests/run.mjs tests/cli predict`.
import { spawn } from "node:child_process";

const args = process.argv.slice(2);
const child = spawn(process.execPath, ["--import", "tsx", "node_modules/uvu/bin.js", ...(args.length ? args : ["tests", ".test.ts"])], {
  stdio: ["ignore", "pipe", "inherit"],
});
let text = "";
child.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  text += chunk;
});
child.on("close", (code) => {
  const plain = text.replace(/\x1b\[[0-9;]*m/g, "");
  const total = Number(/Total:\s+(\d+)/.exec(plain)?.[1] ?? 0);
  const passed = Number(/Passed:\s+(\d+)/.exec(plain)?.[1] ?? 0);
  const skipped = Number(/Skipped:\s+(\d+)/.exec(plain)?.[1] ?? 0);
  // A suite that crashed before uvu's summary counts as a failure even if the totals look clean.
  const failed = total - passed - skipped + (code !== 0 && total === passed + skipped ? 1 : 0);
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  process.exitCode = code ?? 1;
});
