// Where the commands may write, checked before any work starts, one rule for all of them: a file given
// with --out goes into a folder that already exists (nothing is created on the way to it), and a folder
// given with --plots, --explain or --static is created if missing, but only its last level: its parent
// must exist. A typo in a path then fails at once with its name, never after a training run and never by
// creating folders nobody asked for. (The default model place, ~/.wasm-digits, is created on first save.)

import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { FileProblem, saveTarget } from "../bindings/node/files.js";

/** The one line every command's --help says about output paths. */
export const OUTPUT_RULE = "a FILE's folder must exist; a DIR is created if missing, but not its parent";

const isFolder = (path: string) => existsSync(path) && statSync(path).isDirectory();

/** `--out FILE`: refuses a path whose folder is missing or is a file, and a path that is a folder. */
export function outFile(flag: string, path: string): string {
  const folder = dirname(resolve(path));
  if (!existsSync(folder)) throw new FileProblem(path, `cannot write there: the folder ${folder} does not exist (create it first)`);
  if (!isFolder(folder)) throw new FileProblem(path, `cannot write there: ${folder} is a file, not a folder`);
  if (isFolder(path)) throw new FileProblem(path, `is a folder; --${flag} takes a file name`);
  saveTarget(path); // a device (/dev/null), a named pipe or a socket is refused here too, before any work
  return path;
}

/** `--plots DIR` and the like: an existing folder, or a new one whose parent exists. */
export function outFolder(flag: string, path: string): string {
  if (existsSync(path)) {
    if (!isFolder(path)) throw new FileProblem(path, `is a file; --${flag} takes a folder`);
    return path;
  }
  const parent = dirname(resolve(path));
  if (!existsSync(parent)) throw new FileProblem(path, `cannot create it: its parent folder ${parent} does not exist (create it first)`);
  if (!isFolder(parent)) throw new FileProblem(path, `cannot create it: ${parent} is a file, not a folder`);
  return path;
}
