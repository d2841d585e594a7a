// IDX reader (the MNIST file format: http://yann.lecun.com/exdb/mnist/). Pure: bytes in, arrays out, so the
// browser can use it too; gunzip happens before (bindings/data-node.ts in Node). Validates the magic number,
// the element type, the dimensions and that the file size matches the header exactly.

export class DataFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DataFileError";
  }
}

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/** The longest IDX header: magic (4 bytes) and up to 4 dimensions of 4 bytes. */
export const IDX_MAX_HEADER_BYTES = 20;

/** Checks an IDX header (the file's first bytes) and returns its dimensions and size: header plus data. */
export function readIdxHeader(bytes: Uint8Array): { dims: number[]; headerBytes: number; totalBytes: number } {
  if (bytes.length < 4) throw new DataFileError("too short to be an IDX file");
  if (bytes[0] !== 0 || bytes[1] !== 0) throw new DataFileError("not an IDX file (wrong magic number)");
  if (bytes[2] !== 0x08) throw new DataFileError(`IDX element type 0x${bytes[2].toString(16)} is not supported (expected unsigned bytes, 0x08)`);
  const rank = bytes[3];
  if (rank < 1 || rank > 4) throw new DataFileError(`IDX rank ${rank} is not supported`);
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) throw new DataFileError("the IDX header is truncated");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i, false));
  return { dims, headerBytes, totalBytes: headerBytes + dims.reduce((a, b) => a * b, 1) };
}

/** Parses an unsigned-byte IDX file (type 0x08), the only type MNIST-style data sets use. */
export function parseIdx(bytes: Uint8Array): IdxArray {
  const { dims, headerBytes, totalBytes } = readIdxHeader(bytes);
  const count = totalBytes - headerBytes;
  const have = bytes.length - headerBytes;
  if (have !== count) {
    throw new DataFileError(`the header says ${dims.join("x")} = ${count} bytes of data but the file has ${have}${have < count ? " (truncated?)" : ""}`);
  }
  return { dims, data: bytes.subarray(headerBytes) };
}

export interface Dataset {
  /** [count, rows*cols] u8 pixels, ink bright on black as MNIST stores them. */
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  rows: number;
  cols: number;
}

/** Pairs an images file (rank 3) with a labels file (rank 1). */
export function makeDataset(images: IdxArray, labels: IdxArray): Dataset {
  if (images.dims.length !== 3) throw new DataFileError(`the images file has rank ${images.dims.length}, expected 3 (count, rows, cols)`);
  if (labels.dims.length !== 1) throw new DataFileError(`the labels file has rank ${labels.dims.length}, expected 1`);
  const [count, rows, cols] = images.dims;
  if (labels.dims[0] !== count) throw new DataFileError(`${count} images but ${labels.dims[0]} labels`);
  for (let i = 0; i < count; i++) {
    if (labels.data[i] > 9) throw new DataFileError(`label ${labels.data[i]} at index ${i} is not a digit class 0..9`);
  }
  return { images: images.data, labels: labels.data, count, rows, cols };
}

/** A new data set holding samples [from, to) of `d` (views, no copy). */
export function sliceDataset(d: Dataset, from: number, to: number): Dataset {
  const px = d.rows * d.cols;
  return { images: d.images.subarray(from * px, to * px), labels: d.labels.subarray(from, to), count: to - from, rows: d.rows, cols: d.cols };
}
