// Node's native zlib for the PNG guard's bounded inflate (bindings/image/inflate.ts): the output is capped
// at the size the image needs (maxOutputLength), and a stream that would give more falls back to pako,
// which keeps the first bytes as before. Imported for its effect by every Node entry that decodes PNGs.

import { constants, inflateSync } from "node:zlib";
import { useNativeInflate } from "../image/inflate.js";

useNativeInflate((compressed, want) => {
  try {
    // Z_SYNC_FLUSH: a truncated stream gives what it has (the guard then says the data is incomplete).
    const out = inflateSync(compressed, { maxOutputLength: Math.max(1, want), finishFlush: constants.Z_SYNC_FLUSH });
    return { bytes: new Uint8Array(out.buffer, out.byteOffset, out.length) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ERR_BUFFER_TOO_LARGE") return undefined;
    return { bytes: new Uint8Array(0), error: (e as Error).message };
  }
});
