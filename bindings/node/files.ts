// Node-only plumbing for the bindings: finding and reading the .wasm (once per process), reading and
// atomically writing model files, and the default model locations. The browser entry never imports this.

import { existsSync, readFileSync, writeFileSync, renameSync, unlinkSync, statSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { homedir } from "node:os";
import { fileURLToPath } from "node:url";
import { createEngine, type Engine, type EngineChoice } from "../engine/engine.js";
import { Model } from "../model/model.js";
import { spawnNodeThread } from "./threads.js";
import { ModelFileError } from "../model/safetensors.js";

const here = dirname(fileURLToPath(import.meta.url));

/** The package root: the nearest folder above this module holding package.json (dist/ when bundled, bindings/node/ from source). */
export const packageRoot = findPackageRoot(here);

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) return join(from, "..");
  }
}

export function wasmPath(): string {
  const candidates = [join(here, "wasm-digits.wasm"), join(packageRoot, "dist", "wasm-digits.wasm")];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`the wasm module is not built (looked for ${candidates.join(", ")}); run npm run build`);
  return found;
}

let wasmBytes: Uint8Array | undefined;
let sharedWasmBytes: Uint8Array | undefined;

/**
 * The engine for a choice, from the .wasm next to this module; the file is read and compiled once per
 * process. It can train on threads: the shared-memory build (wasm-digits-shared.wasm) is read when a
 * training run first asks for it.
 */
export function nodeEngine(choice: EngineChoice = "auto"): Promise<Engine> {
  return createEngine(choice, () => (wasmBytes ??= readFileSync(wasmPath())), {
    wasm: () => (sharedWasmBytes ??= readFileSync(join(dirname(wasmPath()), "wasm-digits-shared.wasm"))),
    spawn: spawnNodeThread,
  });
}

/** Where `train` saves by default and `predict` looks first: $WASM_DIGITS_HOME or ~/.wasm-digits. */
export function defaultModelPath(): string {
  const home = process.env.WASM_DIGITS_HOME || join(homedir(), ".wasm-digits");
  return join(home, "model.safetensors");
}

/** The pretrained model shipped in the package. */
export function pretrainedModelPath(): string {
  return join(packageRoot, "models", "pretrained.safetensors");
}

/** A one-line problem with a named file, for the CLI to print as it is. */
export class FileProblem extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = "FileProblem";
  }
}

/** A file's bytes, or a FileProblem naming it ("no such file", "is a folder, not a PNG file", ...). */
export function readNamedFile(path: string, kind: string): Uint8Array {
  try {
    if (statSync(path).isDirectory()) throw new FileProblem(path, `is a folder, not ${kind}`);
    return readFileSync(path);
  } catch (e) {
    if (e instanceof FileProblem) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new FileProblem(path, code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : (e as Error).message);
  }
}

export function readModelFile(path: string, engine: Engine): Model {
  const bytes = readNamedFile(path, "a model file");
  try {
    return Model.fromSafetensors(engine, bytes);
  } catch (e) {
    if (e instanceof ModelFileError) throw new FileProblem(path, `not a usable model: ${e.message}`);
    throw e;
  }
}

/**
 * Creates a folder and its missing parents one level at a time. (Node's recursive mkdir never returns
 * for some paths, e.g. under /proc; this fails with the first level that cannot be made.)
 */
function makeFolders(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) makeFolders(parent);
  mkdirSync(dir);
}

/** Writes to a temporary file in the same folder, then renames: a failure never leaves a half-written model. */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${Date.now().toString(36)}-${process.pid}.tmp`);
  try {
    makeFolders(dir);
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* it may never have been created */ }
    const code = (e as NodeJS.ErrnoException).code ?? "";
    const why: Record<string, string> = {
      ENOENT: "its folder cannot be created", ENOTDIR: "part of the path is a file, not a folder", EACCES: "permission denied",
      EPERM: "permission denied", EROFS: "the file system is read-only", ENOSPC: "the disk is full", EISDIR: "it is a folder", EDQUOT: "the disk quota is used up",
    };
    throw new FileProblem(path, `could not save: ${why[code] ?? (code || (e as Error).message)}; any previous file there is unchanged`);
  }
}
