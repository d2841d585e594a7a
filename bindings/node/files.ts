// Node-only plumbing for the bindings: finding and reading the .wasm (once per process), reading and
// atomically writing model files, and the default model locations. The browser entry never imports this.
// Reading is bounded by read.ts; saving goes through a temporary file and a rename, over regular files only.

import { closeSync, existsSync, fchmodSync, fchownSync, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, readlinkSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, dirname, join, resolve } from "node:path";
import { homedir } from "node:os";
import { fileURLToPath } from "node:url";
import { createEngine, type Engine, type EngineChoice } from "../engine/engine.js";
import { Model } from "../model/model.js";
import { spawnNodeThread } from "./threads.js";
import { ModelFileError } from "../model/safetensors.js";
import { describeErrno, FileProblem, MODEL_LIMIT, notRegular, readBounded } from "./read.js";

export { FileProblem } from "./read.js";

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

export function readModelFile(path: string, engine: Engine): Model {
  const bytes = readBounded(path, MODEL_LIMIT);
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

/** Where saving to `path` writes, and what the file there now is (undefined: no file yet). */
interface SaveTarget {
  path: string;
  existing?: { mode: number; uid: number; gid: number };
}

/**
 * Resolves where a save to `path` lands and refuses what it must not replace. A symbolic link is followed
 * (to the end of a chain, even to a file not yet there) and its target is written, so the link stays a
 * link; anything at the end that is not a regular file (a device such as /dev/null, a named pipe, a
 * socket, a folder) is refused. Throws a FileProblem naming `path`.
 */
export function saveTarget(path: string): SaveTarget {
  let at = resolve(path);
  for (let hops = 0; ; hops++) {
    let stats;
    try {
      stats = lstatSync(at);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return { path: at };
      throw new FileProblem(path, `could not save: ${describeErrno(e)}`);
    }
    if (stats.isSymbolicLink()) {
      if (hops === 40) throw new FileProblem(path, "could not save: too many levels of symbolic links");
      at = resolve(dirname(at), readlinkSync(at));
      continue;
    }
    const kind = notRegular(stats);
    if (kind) throw new FileProblem(path, `could not save: ${at === resolve(path) ? "it" : at} is ${kind}, not a regular file; nothing was written`);
    return { path: at, existing: { mode: stats.mode & 0o777, uid: stats.uid, gid: stats.gid } };
  }
}

/**
 * Writes to a temporary file beside the target, then renames it over the target: a failure never leaves a
 * half-written file. Saves only over regular files (see saveTarget); an overwritten file keeps its
 * permissions (and, when run as root, its owner).
 */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const target = saveTarget(path);
  const dir = dirname(target.path);
  // A random name opened with O_EXCL: a link planted at a guessable name cannot redirect the write.
  const tmp = join(dir, `.${basename(target.path)}.${randomBytes(6).toString("hex")}.tmp`);
  let created = false;
  try {
    makeFolders(dir);
    const fd = openSync(tmp, "wx", target.existing?.mode ?? 0o666);
    created = true;
    try {
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
      if (target.existing) {
        fchmodSync(fd, target.existing.mode); // exactly, whatever the umask
        if (process.getuid?.() === 0) fchownSync(fd, target.existing.uid, target.existing.gid);
      }
      fsyncSync(fd); // the bytes are on disk before the name points at them
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target.path);
  } catch (e) {
    if (created) try { unlinkSync(tmp); } catch { /* already gone */ }
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "its folder cannot be created" : code === "EISDIR" ? "it is a folder" : describeErrno(e);
    throw new FileProblem(path, `could not save: ${why}; any previous file there is unchanged`);
  }
}
