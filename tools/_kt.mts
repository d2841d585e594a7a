import { nodeEngine } from "../bindings/node/files.js";
import { loadSplit } from "../bindings/node/data.js";
import { sliceDataset } from "../bindings/model/idx.js";
import { resolveTraining, trainModel } from "../bindings/model/training.js";
const engine = await nodeEngine("wasm");
const train = loadSplit("train"), test = sliceDataset(loadSplit("test"), 0, 1000);
const spent: Record<string, number> = {};
await trainModel(engine, { train, test, source: "x" }, resolveTraining({ preset: process.argv[2] ?? "seed", epochs: 1, threads: 1 }), {
  onStart: (model) => {
    const k = model.network.arena.kernels as unknown as Record<string, (...a: number[]) => number>;
    for (const name of Object.keys(k)) {
      const f = k[name];
      k[name] = (...a: number[]) => { const t0 = performance.now(); const r = f(...a); spent[name] = (spent[name] ?? 0) + performance.now() - t0; return r; };
    }
  },
});
const total = Object.values(spent).reduce((a, b) => a + b, 0);
for (const [n, ms] of Object.entries(spent).sort((a, b) => b[1] - a[1])) console.log(n.padEnd(32), (ms / 1875 * 1000).toFixed(1).padStart(7), "µs/step");
console.log("total".padEnd(32), (total / 1875 * 1000).toFixed(1).padStart(7));
