// What the benchmark ran on in Node, printed beside its numbers: CPU, cores, Node and V8, and whether the
// engine has WebAssembly SIMD (the wasm backend needs it). Node only (node:os); the page fills its own.

import { cpus, platform, arch } from "node:os";
import { simdSupported } from "../bindings/engine/wasm.js";
import type { Machine } from "./report.js";

export function machineInfo(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? "unknown", cores: list.length, platform: `${platform()} ${arch()}`,
    node: process.versions.node, v8: process.versions.v8, simd: simdSupported(),
  };
}
