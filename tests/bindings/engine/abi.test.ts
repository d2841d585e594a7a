// bindings/engine/abi.ts: the wasm module's exports and the JS twins are both bound against one list of
// names and arities, so a kernel missing or with another signature on either side is refused at load.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { bindKernels, KERNEL_ARITY } from "../../../bindings/engine/abi.js";
import { nodeEngine, wasmPath } from "../../../bindings/node/files.js";

test("the wasm module exports every kernel with the ABI's arity, and nothing of the ABI is missing", async () => {
  const module = await WebAssembly.compile(readFileSync(wasmPath()));
  const exported = new Map(WebAssembly.Module.exports(module).map((e) => [e.name, e.kind]));
  const instance = new WebAssembly.Instance(module, {}).exports as Record<string, (...a: number[]) => unknown>;
  for (const [name, arity] of Object.entries(KERNEL_ARITY)) {
    assert.is(exported.get(name), "function", name);
    assert.is(instance[name].length, arity, `${name} arity`);
  }
});

test("both engines bind: each arena's kernels are the ABI's names with the ABI's arities", async () => {
  for (const kind of ["wasm", "js"] as const) {
    const arena = (await nodeEngine(kind)).newArena();
    assert.equal(Object.keys(arena.kernels).sort(), Object.keys(KERNEL_ARITY).sort(), kind);
    for (const [name, arity] of Object.entries(KERNEL_ARITY)) assert.is((arena.kernels as unknown as Record<string, () => void>)[name].length, arity, `${kind} ${name}`);
  }
});

test("a missing kernel or a wrong arity is refused with the kernel's name", () => {
  const full = Object.fromEntries(Object.entries(KERNEL_ARITY).map(([name, n]) => [name, new Function(...Array.from({ length: n }, (_, i) => `a${i}`), "")]));
  assert.not.throws(() => bindKernels(full, "a test source"));
  const { adam_step: _, ...missing } = full;
  assert.throws(() => bindKernels(missing, "a test source"), /a test source has no kernel adam_step/);
  assert.throws(() => bindKernels({ ...full, dense_forward: (y: number) => y }, "a test source"), /kernel dense_forward takes 1 arguments, the ABI says 8/);
});

test.run();
