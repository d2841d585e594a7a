// What the benchmark ran on, printed beside its numbers: CPU, cores, Node and V8, and whether the
// engine has WebAssembly SIMD (the wasm backend needs it).

import { cpus, platform, arch } from "node:os";
import { simdSupported } from "../bindings/engine/wasm.js";

export interface Machine { cpu: string; cores: number; platform: string; node: string; v8: string; simd: boolean }

export function machineInfo(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? "unknown", cores: list.length, platform: `${platform()} ${arch()}`,
    node: process.versions.node, v8: process.versions.v8, simd: simdSupported(),
  };
}
