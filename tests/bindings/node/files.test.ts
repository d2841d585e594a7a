// bindings/node/files.ts saving: only over regular files (a device, a named pipe, a socket or a folder is
// refused and left as it was, /dev/null included), through symbolic links to their targets (the link
// stays), keeping an overwritten file's mode (and owner, run as root), leaving no temporary file behind.
// Reading model files is bounded like every read (tests/bindings/node/read.test.ts).

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileProblem, nodeEngine, readModelFile, writeFileAtomic } from "../../../bindings/node/files.js";

const bytes = new TextEncoder().encode("new model bytes");
const fresh = () => mkdtempSync(join(tmpdir(), "wasm-digits-save-"));

function refused(path: string, pattern: RegExp): void {
  try {
    writeFileAtomic(path, bytes);
  } catch (e) {
    assert.instance(e, FileProblem, String(e));
    assert.match((e as Error).message, pattern);
    assert.not.match((e as Error).message, /\n/);
    return;
  }
  assert.unreachable(`saved over ${path}`);
}

test("/dev/null, a named pipe, a socket and a folder are refused and stay what they were", async () => {
  refused("/dev/null", /^\/dev\/null: could not save: it is a character device, not a regular file; nothing was written$/);
  assert.ok(lstatSync("/dev/null").isCharacterDevice(), "/dev/null is still a device");
  const dir = fresh();
  const fifo = join(dir, "pipe.safetensors");
  assert.is(spawnSync("mkfifo", [fifo]).status, 0);
  refused(fifo, /pipe\.safetensors: could not save: it is a named pipe \(FIFO\)/);
  assert.ok(lstatSync(fifo).isFIFO());
  const socketPath = join(dir, "sock.safetensors");
  const server = createServer();
  await new Promise<void>((done) => server.listen(socketPath, () => done()));
  refused(socketPath, /sock\.safetensors: could not save: it is a socket/);
  server.close();
  const folder = join(dir, "folder.safetensors");
  mkdirSync(folder);
  writeFileSync(join(folder, "inside"), "kept");
  refused(folder, /folder\.safetensors: could not save: it is a folder/);
  assert.is(readFileSync(join(folder, "inside"), "utf8"), "kept");
  assert.equal(readdirSync(dir).sort(), ["folder.safetensors", "pipe.safetensors"], "no temporary file left (the socket went with its server)");
});

test("an overwritten file keeps its mode, and its owner when saved by root; a new file gets the usual mode", () => {
  const dir = fresh();
  const file = join(dir, "model.safetensors");
  writeFileSync(file, "old");
  chmodSync(file, 0o640);
  const root = process.getuid?.() === 0;
  if (root) chownSync(file, 1234, 5678);
  writeFileAtomic(file, bytes);
  assert.equal(readFileSync(file), Buffer.from(bytes));
  assert.is(statSync(file).mode & 0o777, 0o640);
  if (root) assert.equal([statSync(file).uid, statSync(file).gid], [1234, 5678]);
  chmodSync(file, 0o604);
  writeFileAtomic(file, bytes);
  assert.is(statSync(file).mode & 0o777, 0o604, "even a mode the umask would clear");
  const made = join(dir, "new.safetensors");
  writeFileAtomic(made, bytes);
  assert.is(statSync(made).mode & 0o777, 0o666 & ~process.umask());
  assert.equal(readdirSync(dir).sort(), ["model.safetensors", "new.safetensors"], "no temporary file left");
});

test("a symbolic link is followed: its target is written and the link stays; a link to a device is refused", () => {
  const dir = fresh();
  const target = join(dir, "real.safetensors");
  writeFileSync(target, "old");
  chmodSync(target, 0o600);
  const link = join(dir, "link.safetensors");
  symlinkSync("real.safetensors", link);
  const chain = join(dir, "chain.safetensors");
  symlinkSync(link, chain);
  writeFileAtomic(chain, bytes);
  assert.ok(lstatSync(link).isSymbolicLink() && lstatSync(chain).isSymbolicLink(), "the links are still links");
  assert.is(readlinkSync(link), "real.safetensors");
  assert.equal(readFileSync(target), Buffer.from(bytes));
  assert.is(statSync(target).mode & 0o777, 0o600);
  // A dangling link: the file it names is created.
  const dangling = join(dir, "later.safetensors");
  symlinkSync(join(dir, "sub", "made.safetensors"), dangling);
  writeFileAtomic(dangling, bytes);
  assert.equal(readFileSync(join(dir, "sub", "made.safetensors")), Buffer.from(bytes));
  assert.ok(lstatSync(dangling).isSymbolicLink());
  const toNull = join(dir, "null.safetensors");
  symlinkSync("/dev/null", toNull);
  refused(toNull, /null\.safetensors: could not save: \/dev\/null is a character device, not a regular file/);
  assert.ok(lstatSync("/dev/null").isCharacterDevice());
  const loop = join(dir, "loop.safetensors");
  symlinkSync(loop, loop);
  refused(loop, /too many levels of symbolic links/);
});

test("models are read bounded and refused by kind, naming the file", async () => {
  const engine = await nodeEngine("js");
  assert.throws(() => readModelFile("/dev/zero", engine), /^\/dev\/zero: is a character device, not a model file$/);
  assert.throws(() => readModelFile(fresh(), engine), /is a folder, not a model file/);
  assert.is(readModelFile("models/pretrained.safetensors", engine).network.inputs, 784);
});

test.run();
