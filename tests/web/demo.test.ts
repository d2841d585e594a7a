// The demo in a real headless Chromium: the server's files and refusals, digits drawn on the pad with the
// mouse and recognised, one epoch trained in the page (progress, accuracy) giving the same model bytes as
// the CLI, and screenshots of the page at desktop and phone widths.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { request } from "node:http";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { chromium, type Browser, type Page } from "playwright-core";
import { createDemoServer } from "../../cli/server.js";
import { siteFiles } from "../../cli/demo.js";

const server = createDemoServer(siteFiles());
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

/** Every Content-Security-Policy refusal any page reported (the page and its worker run under the server's CSP). */
const violations: string[] = [];

async function openPage(width = 1100, height = 900): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  page.on("pageerror", (e) => { throw e; });
  page.on("console", (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  await page.goto(`${base}/`);
  await page.waitForFunction(() => document.body.dataset.ready === "true");
  return page;
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

test("the page works under the strict CSP, cross-origin isolated, with no policy violation", async () => {
  const page = await openPage();
  const headers = (await raw("/")).headers;
  assert.match(String(headers["content-security-policy"]), /default-src 'none'/);
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
  assert.ok(violations.some((v) => /inline script/.test(v)), "and reported as a violation");
  violations.length = 0; // the refusal just provoked
  await page.close();
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
  await page.click("#undo");
  await page.click("#undo");
  await settle(page, "?");
  assert.is(await page.getByTestId("prediction").textContent(), "?", "undo back to an empty pad");
  await page.close();
});

test("one epoch trained in the page: progress, a sane accuracy, and the CLI's bytes for the same seed", async () => {
  const page = await openPage();
  await page.fill("#seed", "3");
  await page.fill("#epochs", "1");
  await page.getByTestId("train").click();
  await page.waitForFunction(() => (window as unknown as { trainedModel?: Uint8Array }).trainedModel !== undefined, undefined, { timeout: 90_000 });
  assert.is(await page.getByTestId("progress").evaluate((p) => (p as HTMLProgressElement).value), 1);
  const text = (await page.getByTestId("status").textContent()) ?? "";
  const accuracy = Number(/test accuracy ([\d.]+)%/.exec(text)?.[1]);
  assert.ok(accuracy > 90 && accuracy < 100, text);
  const inPage = Buffer.from(await page.evaluate(() => Array.from((window as unknown as { trainedModel: Uint8Array }).trainedModel)));
  const out = join(mkdtempSync(join(tmpdir(), "wasm-digits-demo-")), "cli.safetensors");
  const cli = spawnSync(process.execPath, ["dist/cli.js", "train", "--preset", "seed", "--epochs", "1", "--seed", "3", "--out", out], { encoding: "utf8" });
  assert.is(cli.status, 0, cli.stderr);
  assert.equal(Buffer.compare(inPage, readFileSync(out)), 0, "the page's model has the CLI's bytes");
  assert.is(await page.workers()[0]?.evaluate(() => self.crossOriginIsolated), true, "the training worker is cross-origin isolated too");
  await page.close();
});

// SCREENSHOTS=docs/images refreshes the README's pictures; by default they go to a temporary folder.
const shots = process.env.SCREENSHOTS ?? mkdtempSync(join(tmpdir(), "wasm-digits-shots-"));

test("screenshots at desktop and phone width (demo.png, demo-phone.png), no sideways scrolling", async () => {
  for (const [file, width, height] of [["demo.png", 1100, 1000], ["demo-phone.png", 390, 1500]] as const) {
    const page = await openPage(width, height);
    await draw(page, [[[70, 55], [215, 55], [120, 245]]]);
    await settle(page, "7");
    await page.screenshot({ path: join(shots, file), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${file}: no sideways scrolling (${overflow}px)`);
    await page.close();
  }
  assert.ok(readdirSync(shots).includes("demo-phone.png"));
});

test("no page or worker broke the Content-Security-Policy in any test above", () => {
  assert.equal([...new Set(violations)], []);
});

test.run();
