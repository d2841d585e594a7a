// safetensors encode and decode (https://github.com/huggingface/safetensors): 8-byte little-endian header
// length, a JSON header, then raw little-endian tensor bytes. Only F32 tensors are written or accepted.
// Decoding trusts nothing: every size, offset and value is checked before a tensor is built.

export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

export class ModelFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelFileError";
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Headers larger than this are refused before parsing (ours are a few kilobytes). */
export const MAX_HEADER_BYTES = 1 << 20;

export function encodeSafetensors(tensors: NamedTensor[], metadata: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const t of tensors) {
    const bytes = t.data.length * 4;
    header[t.name] = { dtype: "F32", shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  // Pad with spaces so the data starts 8-byte aligned, which readers that map the file appreciate.
  json += " ".repeat((8 - ((8 + new TextEncoder().encode(json).length) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerBytes.length, true);
  view.setUint32(4, 0, true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const t of tensors) {
    for (let i = 0; i < t.data.length; i++) view.setFloat32(at + i * 4, t.data[i], true);
    at += t.data.length * 4;
  }
  return out;
}

export function decodeSafetensors(bytes: Uint8Array): { tensors: NamedTensor[]; metadata: Record<string, string> } {
  if (bytes.length < 8) throw new ModelFileError(bytes.length === 0 ? "the file is empty" : "the file is too short to be safetensors");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthHigh = view.getUint32(4, true);
  const headerLength = view.getUint32(0, true);
  if (lengthHigh !== 0 || headerLength > MAX_HEADER_BYTES) throw new ModelFileError("not a safetensors file (header length is implausible)");
  if (8 + headerLength > bytes.length) throw new ModelFileError(`the header claims ${headerLength} bytes but the file has only ${bytes.length - 8} after the length`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch {
    throw new ModelFileError("not a safetensors file (the header is not valid JSON)");
  }
  if (!header || typeof header !== "object" || Array.isArray(header)) throw new ModelFileError("the safetensors header is not a JSON object");
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const entries: { name: string; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, value] of Object.entries(header as Record<string, unknown>)) {
    if (name === "__metadata__") {
      if (!value || typeof value !== "object" || Array.isArray(value)) throw new ModelFileError("__metadata__ must be an object of strings");
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v !== "string") throw new ModelFileError(`metadata ${k} must be a string`);
        metadata[k] = v;
      }
      continue;
    }
    const info = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (!info || typeof info !== "object") throw new ModelFileError(`tensor ${name} has no description`);
    if (info.dtype !== "F32") throw new ModelFileError(`tensor ${name} has dtype ${String(info.dtype)}; only F32 is supported`);
    const shape = info.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new ModelFileError(`tensor ${name} has an invalid shape`);
    const offsets = info.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw new ModelFileError(`tensor ${name} has invalid data_offsets`);
    }
    const [begin, end] = offsets as number[];
    const elements = (shape as number[]).reduce((a, b) => a * b, 1);
    if (end < begin || end - begin !== elements * 4) throw new ModelFileError(`tensor ${name}: shape [${shape.join(", ")}] needs ${elements * 4} bytes but its offsets span ${end - begin}`);
    if (end > dataLength) throw new ModelFileError(`tensor ${name} ends at byte ${end}, past the ${dataLength} data bytes in the file`);
    entries.push({ name, shape: shape as number[], begin, end });
  }
  // The spec requires the tensors to tile the data exactly: no gaps, no overlaps, nothing after.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin);
  let expected = 0;
  for (const e of sorted) {
    if (e.begin !== expected) throw new ModelFileError(`tensor ${e.name} starts at byte ${e.begin}, expected ${expected} (offsets overlap or leave a gap)`);
    expected = e.end;
  }
  if (expected !== dataLength) throw new ModelFileError(`the tensors cover ${expected} data bytes but the file holds ${dataLength}`);
  const tensors = entries.map((e) => {
    const data = new Float32Array((e.end - e.begin) / 4);
    if (LITTLE_ENDIAN) {
      // The file's bytes are the array's bytes: one copy, then one pass for the check.
      new Uint8Array(data.buffer).set(bytes.subarray(dataStart + e.begin, dataStart + e.end));
    } else {
      for (let i = 0; i < data.length; i++) data[i] = view.getFloat32(dataStart + e.begin + i * 4, true);
    }
    for (let i = 0; i < data.length; i++) {
      // x - x is 0 for every finite x and NaN for NaN and ±Infinity.
      if (data[i] - data[i] !== 0) throw new ModelFileError(`tensor ${e.name} holds a non-finite value at element ${i}`);
    }
    return { name: e.name, shape: e.shape, data };
  });
  return { tensors, metadata };
}
