// Builds the package: the wasm module (asc, release target in asconfig.json) and the TypeScript bundles
// (esbuild). One .wasm file serves the CLI, the library and the web page.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { chmodSync } from "node:fs";

execFileSync(process.execPath, ["node_modules/assemblyscript/bin/asc.js", "assembly/index.ts", "--target", "release"], { stdio: "inherit" });
await build({
  entryPoints: { cli: "cli/main.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  banner: { js: "#!/usr/bin/env node" },
  logLevel: "warning",
});
chmodSync("dist/cli.js", 0o755);
