// Inflating with a bound: at most `want` bytes come out, and the compressed input is fed in slices so that
// data past that point is never inflated (a few kilobytes can claim gigabytes). zlib or gzip, told apart
// by pako from the header. Used by the PNG guard and for the header of gzipped IDX files. Where the
// platform has a native inflater (Node's zlib), whole streams go through it: several times faster.

import pako from "pako";

/** A platform's inflater for a whole zlib stream, bounded: `want` bytes at most, or undefined to let pako do it. */
export type NativeInflate = (compressed: Uint8Array, want: number) => { bytes: Uint8Array; error?: string } | undefined;

let native: NativeInflate | undefined;

/** Installed once by the Node side (bindings/node/zlib.ts); the browser keeps pako. */
export function useNativeInflate(inflate: NativeInflate): void {
  native = inflate;
}

/**
 * Up to `want` inflated bytes of `compressed`, and zlib's complaint if the data is damaged. `whole` says
 * `compressed` is the entire stream (so ending early is an error); otherwise it may be a prefix.
 */
export function inflateAtMost(compressed: Uint8Array, want: number, step: number, whole: boolean): { bytes: Uint8Array; error?: string } {
  const fast = whole && native ? native(compressed, want) : undefined;
  if (fast) return fast;
  const out = new Uint8Array(want);
  let filled = 0;
  const inflator = new pako.Inflate();
  inflator.onData = (chunk: Uint8Array) => {
    const take = Math.min(chunk.length, want - filled);
    out.set(chunk.subarray(0, take), filled);
    filled += take;
  };
  for (let i = 0; i < compressed.length && filled < want && !inflator.ended; i += step) {
    inflator.push(compressed.subarray(i, i + step), whole && i + step >= compressed.length);
  }
  const error = inflator.err ? inflator.msg || `zlib error ${inflator.err}` : undefined;
  return { bytes: out.subarray(0, filled), error };
}
