import { nodeEngine } from "../bindings/node/files.js";
import { loadSplit } from "../bindings/node/data.js";
import { Rng } from "../bindings/model/rng.js";
const arena = (await nodeEngine("wasm")).newArena();
const m = loadSplit("train");
const base = 1 << 20, images = base, labels = images + m.images.length + 64, order = labels + 60064, x = order + 240064, y = x + 32 * 784 * 4 + 64, idx = y + 256, nnz = idx + 32 * 784 * 4 + 64;
arena.reserve(nnz + 4096);
arena.views.u8.set(m.images, images); arena.views.u8.set(m.labels, labels);
const ord = arena.views.i32.subarray(order >> 2, (order >> 2) + 60000);
for (let i = 0; i < 60000; i++) ord[i] = i;
const k = arena.kernels;
for (const mode of ["sequential", "shuffled"]) {
  if (mode === "shuffled") new Rng(1).shuffle(ord);
  for (let rep = 0; rep < 3; rep++) {
    const c0 = process.cpuUsage();
    for (let s = 0; s < 60000; s += 32) k.gather_batch(x, y, idx, nnz, images, labels, order, s, 32, 784, 1 / 255);
    const c = process.cpuUsage(c0);
    console.log(mode, ((c.user + c.system) / 1875).toFixed(1), "µs per batch");
  }
}
