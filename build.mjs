// Builds the package: the wasm module (asc, release target in asconfig.json) and the TypeScript bundles
// (esbuild). One .wasm file serves the CLI, the library and the web page.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, rmSync } from "node:fs";

// Two builds of the same kernels: one with its own memory (prediction, single-threaded training) and one
// importing a shared memory (training threads). Same source, same optimiser: the same arithmetic.
for (const target of ["release", "shared"]) {
  execFileSync(process.execPath, ["node_modules/assemblyscript/bin/asc.js", "assembly/index.ts", "--target", target], { stdio: "inherit" });
}
rmSync("dist/cli", { recursive: true, force: true });
// The command line in chunks (dist/cli/): each command is loaded when it is named, so a cold `predict`
// reads only what predicting needs.
await build({
  entryPoints: { cli: "cli/main.ts" },
  outdir: "dist",
  bundle: true,
  splitting: true,
  chunkNames: "cli/[name]-[hash]",
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  banner: { js: "#!/usr/bin/env node" },
  logLevel: "warning",
});
chmodSync("dist/cli.js", 0o755);

// The library: a Node entry (dependencies stay external, installed with the package) and a browser entry
// (one self-contained ES module, no Node built-ins), plus TypeScript declarations for both.
const library = { bundle: true, format: "esm", logLevel: "warning" };
await build({ ...library, entryPoints: { index: "bindings/index-node.ts", thread: "bindings/node/thread.ts", "see-thread": "bindings/node/see-thread.ts" }, outdir: "dist", platform: "node", target: "node20", packages: "external" });
await build({ ...library, entryPoints: { browser: "bindings/index-browser.ts" }, outdir: "dist", platform: "browser", target: "es2022" });
execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });

// The demo page: page script, training worker, training threads and benchmark worker bundled for the
// browser and minified (visitors download them; the library bundles above stay readable); the page
// fetches the same dist/wasm-digits.wasm the CLI uses (the demo server serves it).
await build({
  ...library, entryPoints: { main: "web/main.ts", worker: "web/worker.ts", thread: "web/thread.ts", "bench-worker": "web/bench-worker.ts" },
  outdir: "dist/web", platform: "browser", target: "es2022", minify: true,
});
mkdirSync("dist/web", { recursive: true });
for (const f of ["index.html", "style.css"]) copyFileSync(`web/${f}`, `dist/web/${f}`);
