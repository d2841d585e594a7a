// Seeded byte mutations for the fuzzers: flip bits, overwrite, insert and cut bytes, truncate, and
// (for chunked formats) re-fix checksums so damage reaches past the CRC check. Shared by the fuzz workers.

import { Rng } from "../../bindings/model/rng.js";

export function mutate(input: Uint8Array, rng: Rng, fixCrc?: (bytes: Uint8Array) => void): Uint8Array {
  let bytes = input.slice();
  const edits = 1 + rng.int(4);
  for (let e = 0; e < edits; e++) {
    const at = rng.int(Math.max(1, bytes.length));
    switch (rng.int(6)) {
      case 0: bytes[at] ^= 1 << rng.int(8); break;
      case 1: bytes[at] = rng.int(256); break;
      case 2: { // insert a few random bytes
        const n = 1 + rng.int(8);
        const out = new Uint8Array(bytes.length + n);
        out.set(bytes.subarray(0, at));
        for (let i = 0; i < n; i++) out[at + i] = rng.int(256);
        out.set(bytes.subarray(at), at + n);
        bytes = out;
        break;
      }
      case 3: { // cut a span
        const n = 1 + rng.int(16);
        bytes = Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(at + n)]);
        break;
      }
      case 4: bytes = bytes.slice(0, at); break; // truncate
      case 5: { // a 32-bit field set to an extreme (lengths, dimensions, header sizes)
        const v = [0, 0xffffffff, 0x7fffffff, 0x80000000, 1 << 20][rng.int(5)];
        for (let i = 0; i < 4 && at + i < bytes.length; i++) bytes[at + i] = (v >>> (24 - 8 * i)) & 0xff;
        break;
      }
    }
  }
  if (fixCrc && rng.uniform() < 0.5) fixCrc(bytes);
  return bytes;
}
