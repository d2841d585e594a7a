// The printed-digit set: the digits 0-9 in every font family this machine has (fc-list), regular, bold,
// italic and bold italic, drawn by headless Chromium on a 200x200 canvas (black on white, the digit about
// 120 px tall), read by the library's recognizer from the canvas's RGBA. Scored per family.
// A development tool: `npm run fontset [-- --model FILE]`. Needs Debian's chromium (as the web tests do).

import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { loadRecognizer } from "../bindings/index-node.js";

const STYLES = [["normal", "normal"], ["bold", "normal"], ["normal", "italic"], ["bold", "italic"]] as const;
const SIDE = 200;

function families(): string[] {
  const out = execFileSync("fc-list", [":", "family"], { encoding: "utf8" });
  // "DejaVu Sans,DejaVu Sans Condensed" names one face under two families: the first is enough.
  return [...new Set(out.split("\n").map((l) => l.split(",")[0].trim()).filter((f) => f && !/Math/.test(f)))].sort();
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { model: { type: "string" } } });
  const recognizer = await loadRecognizer({ model: values.model });
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  const page = await browser.newPage();
  let right = 0, total = 0;
  const wrong: string[] = [];
  for (const family of families()) {
    let familyRight = 0, familyTotal = 0;
    for (const [weight, style] of STYLES) {
      for (let d = 0; d < 10; d++) {
        const rgba = await page.evaluate(({ family, weight, style, d, side }) => {
          const canvas = document.createElement("canvas");
          canvas.width = canvas.height = side;
          const g = canvas.getContext("2d")!;
          g.fillStyle = "#fff";
          g.fillRect(0, 0, side, side);
          g.fillStyle = "#000";
          g.font = `${style} ${weight} ${Math.round(side * 0.6)}px "${family}"`;
          g.textAlign = "center";
          g.textBaseline = "middle";
          g.fillText(String(d), side / 2, side / 2);
          return Array.from(g.getImageData(0, 0, side, side).data);
        }, { family, weight, style, d, side: SIDE });
        const p = recognizer.predictImage({ width: SIDE, height: SIDE, data: Uint8Array.from(rgba) });
        familyTotal++;
        if (p.number === String(d)) familyRight++;
        else wrong.push(`${family} ${weight} ${style} ${d}: ${p.blank ? "no digit" : p.number}`);
      }
    }
    console.log(`  ${family.padEnd(28)} ${((familyRight / familyTotal) * 100).toFixed(1).padStart(5)}%  (${familyRight}/${familyTotal})`);
    right += familyRight;
    total += familyTotal;
  }
  await browser.close();
  console.log(`  overall                      ${((right / total) * 100).toFixed(1).padStart(5)}%  (${right}/${total})`);
  if (wrong.length) console.log(`  wrong: ${wrong.join("; ")}`);
}

await main();
