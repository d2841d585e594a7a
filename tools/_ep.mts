import { nodeEngine } from "../bindings/node/files.js";
import { loadSplit } from "../bindings/node/data.js";
import { sliceDataset } from "../bindings/model/idx.js";
import { resolveTraining, trainModel } from "../bindings/model/training.js";
const engine = await nodeEngine("wasm");
const train = loadSplit("train"), test = sliceDataset(loadSplit("test"), 0, 1000);
const preset = process.argv[2] ?? "seed", threads = Number(process.argv[3] ?? 1), n = Number(process.argv[4] ?? 60000);
for (let rep = 0; rep < 3; rep++) {
  const c0 = process.cpuUsage();
  const o = await trainModel(engine, { train: sliceDataset(train, 0, n), test, source: "x" }, resolveTraining({ preset, epochs: 1, threads }));
  const c = process.cpuUsage(c0);
  console.log(preset, threads, "wall", o.fit.seconds.toFixed(3), "s", Math.round(o.fit.samplesPerSecond), "sps; cpu", ((c.user + c.system) / 1e6).toFixed(3));
}
