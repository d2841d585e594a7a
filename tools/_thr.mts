import { nodeEngine } from "../bindings/node/files.js";
import { loadSplit } from "../bindings/node/data.js";
import { sliceDataset } from "../bindings/model/idx.js";
import { resolveTraining, trainModel } from "../bindings/model/training.js";
import { createHash } from "node:crypto";
const engine = await nodeEngine("wasm");
const train = loadSplit("train"), test = sliceDataset(loadSplit("test"), 0, 1000);
for (const preset of ["seed", "release"]) {
  const n = preset === "seed" ? 60000 : 6000;
  for (const threads of [1, 2, 3, 4]) {
    const o = await trainModel(engine, { train: sliceDataset(train, 0, n), test, source: "x" }, resolveTraining({ preset, epochs: 1, threads }));
    console.log(preset, threads, o.fit.seconds.toFixed(3), "s", Math.round(o.fit.samplesPerSecond), "sps", createHash("sha256").update(o.model.toSafetensors()).digest("hex").slice(0, 16), o.evaluation.accuracy);
  }
}
