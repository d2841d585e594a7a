import { chromium } from "playwright-core";
import { createDemoServer } from "../cli/server.js";
import { siteFiles } from "../cli/demo.js";
const server = createDemoServer(siteFiles());
await new Promise<void>((d) => server.listen(0, "127.0.0.1", () => d()));
const port = (server.address() as { port: number }).port;
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"] });
const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
await page.goto(`http://127.0.0.1:${port}/`);
await page.waitForFunction(() => document.body.dataset.ready === "true");
const box = (await page.getByTestId("pad").boundingBox())!;
for (let k = 0; k < 6; k++) {
  await page.click("#clear");
  await page.mouse.move(box.x + 70, box.y + 55); await page.mouse.down();
  for (const [x, y] of [[215, 55], [120, 245]]) await page.mouse.move(box.x + x, box.y + y, { steps: 20 });
  await page.mouse.up();
}
await page.waitForTimeout(300);
console.log(((await page.textContent("#info")) ?? "").match(/stroke to answer.*?answers[^:]*/)?.[0]);
await browser.close(); server.close();
