// MNIST test through the PNG path against the raw pixels: every test digit is written as a 28x28 grey PNG,
// decoded and preprocessed as a user's image is, and predicted; the gap to the model's accuracy on the raw
// pixels shows what the image recipe costs on data that needs none of it.
// A development tool: `npm run mnistpng [-- --model FILE --count N]`.

import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadRecognizer } from "../bindings/index-node.js";
import { loadSplit } from "../bindings/node/data.js";
import { encodePng } from "../tests/fixtures/png-encoder.js";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { model: { type: "string" }, count: { type: "string" } } });
  const recognizer = await loadRecognizer({ model: values.model });
  const test = loadSplit("test");
  const count = Math.min(test.labels.length, Number(values.count ?? test.labels.length));
  let raw = 0, png = 0, blank = 0;
  const batch = 500;
  for (let start = 0; start < count; start += batch) {
    const end = Math.min(count, start + batch);
    const pngs: Uint8Array[] = [], pixels: Float32Array[] = [];
    for (let n = start; n < end; n++) {
      const digit = test.images.subarray(n * 784, n * 784 + 784);
      const rgba = new Uint8Array(784 * 4);
      for (let i = 0; i < 784; i++) rgba.set([255 - digit[i], 255 - digit[i], 255 - digit[i], 255], i * 4);
      pngs.push(encodePng({ width: 28, height: 28, rgba }, { colorType: 0, bitDepth: 8 }));
      pixels.push(Float32Array.from(digit, (v) => v / 255));
    }
    const fromPng = recognizer.predictMany(pngs);
    const fromRaw = pixels.map((p) => recognizer.predictPixels(p));
    for (let i = 0; i < end - start; i++) {
      const label = test.labels[start + i];
      if (fromPng[i].blank) blank++;
      if (fromPng[i].digit === label) png++;
      if (fromRaw[i].digit === label) raw++;
    }
  }
  const pct = (n: number) => ((n / count) * 100).toFixed(2).padStart(6);
  console.log(`MNIST test, ${count} digits, black on white 28x28 PNG`);
  console.log(`  raw pixels   ${pct(raw)}%`);
  console.log(`  PNG path     ${pct(png)}%   blank: ${blank}   gap: ${(((raw - png) / count) * 100).toFixed(2)} points`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
