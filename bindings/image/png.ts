// PNG decoding to RGBA8, shared by the CLI, the library and the web page: the chunk structure walked and
// checked (CRCs, IHDR, chunk order, palette rules), the image data inflated no further than the header
// says the image needs, the row filters reversed, interlaced passes scattered and the samples widened by
// the png_* kernels in an image workspace (png-pixels.ts for sub-byte interlaced pixels and unusual
// depths). Every failure is a PngError with one sentence.

import { inflateAtMost } from "./inflate.js";
import { deinterlace, toRgba8 } from "./png-pixels.js";
import { defaultWorkspace, type ImageWorkspace } from "./workspace.js";

/** Largest image accepted, in pixels (width x height), checked from the header before any allocation:
 *  enough for a 20-megapixel photo; its RGBA is 80 MB. */
export const MAX_PIXELS = 20_000_000;

/** Largest PNG file accepted, in bytes, from the pixel limit: 16-bit RGBA (8 bytes a pixel) plus a filter byte
 *  a row (9 a pixel for a 1-pixel-wide image), stored uncompressed, 1% for deflate's stored-block and IDAT
 *  chunk headers, and 16 MiB for metadata chunks (text, colour profiles, Exif). About 198 MB. */
export const MAX_PNG_BYTES = Math.ceil(MAX_PIXELS * 9 * 1.01) + 16 * 2 ** 20;

export class PngError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PngError";
  }
}

export interface RgbaImage {
  width: number;
  height: number;
  /** [height, width, 4] bytes, straight (not premultiplied) alpha. */
  rgba: Uint8Array;
}

export interface PngHeader { width: number; height: number; bitDepth: number; colorType: number; interlace: number }

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const KNOWN_CRITICAL = new Set(["IHDR", "PLTE", "IDAT", "IEND"]);

// CRC-32 by slicing-by-8 (https://create.stephan-brumme.com/crc32/#slicing-by-8): eight tables, eight
// bytes per step; table k gives a byte's contribution k bytes before the end of the step.
const CRC_TABLES = (() => {
  const t = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let k = 1; k < 8; k++) for (let n = 0; n < 256; n++) t[k * 256 + n] = (t[(k - 1) * 256 + n] >>> 8) ^ t[t[(k - 1) * 256 + n] & 0xff];
  return t;
})();

function crc32(bytes: Uint8Array, start: number, end: number): number {
  const t = CRC_TABLES;
  let c = ~0, i = start;
  for (; i + 8 <= end; i += 8) {
    const one = c ^ (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24));
    const two = bytes[i + 4] | (bytes[i + 5] << 8) | (bytes[i + 6] << 16) | (bytes[i + 7] << 24);
    c = t[1792 + (one & 0xff)] ^ t[1536 + ((one >>> 8) & 0xff)] ^ t[1280 + ((one >>> 16) & 0xff)] ^ t[1024 + (one >>> 24)] ^
      t[768 + (two & 0xff)] ^ t[512 + ((two >>> 8) & 0xff)] ^ t[256 + ((two >>> 16) & 0xff)] ^ t[two >>> 24];
  }
  for (; i < end; i++) c = t[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

const u32 = (b: Uint8Array, at: number) => ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;

/** What a file that is not a PNG probably is, for the message. */
function sniff(bytes: Uint8Array): string {
  const ascii = (from: number, n: number) => String.fromCharCode(...bytes.subarray(from, from + n));
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "it is a JPEG image";
  if (ascii(0, 4) === "GIF8") return "it is a GIF image";
  if (ascii(0, 4) === "RIFF" && ascii(8, 4) === "WEBP") return "it is a WebP image";
  if (ascii(0, 2) === "BM") return "it looks like a BMP image";
  if (ascii(0, 4) === "%PDF") return "it is a PDF document";
  if (ascii(0, 4) === "II*\0" || ascii(0, 4) === "MM\0*") return "it is a TIFF image";
  if (ascii(4, 8) === "ftypheic" || ascii(4, 8) === "ftypmif1") return "it is a HEIC image";
  if (ascii(0, 5).toLowerCase() === "<svg " || ascii(0, 5) === "<?xml") return "it looks like an SVG or XML file";
  const head = bytes.subarray(0, 512);
  if (head.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 128)) return "it looks like a text file";
  return "wrong signature";
}

interface Chunk { type: string; start: number; length: number } // start of the data

/** Walks and checks the chunk structure; returns the header and the chunks upng-js should see. */
export function checkStructure(bytes: Uint8Array): { header: PngHeader; chunks: Chunk[] } {
  if (bytes.length === 0) throw new PngError("the file is empty");
  if (bytes.length > MAX_PNG_BYTES) {
    throw new PngError(`the file is ${bytes.length.toLocaleString("en")} bytes, more than any PNG within the ${MAX_PIXELS.toLocaleString("en")}-pixel limit can need`);
  }
  if (bytes.length < 8 || !SIGNATURE.every((b, i) => bytes[i] === b)) {
    if (bytes.length < 8 && SIGNATURE.slice(0, bytes.length).every((b, i) => bytes[i] === b)) throw new PngError("the file is truncated (it ends inside the PNG signature)");
    throw new PngError(`not a PNG file (${sniff(bytes)})`);
  }
  const chunks: Chunk[] = [];
  let header: PngHeader | undefined;
  let at = 8, ended = false, idatRun = 0; // idatRun: 0 none yet, 1 inside the IDAT run, 2 after it
  while (!ended) {
    if (at + 12 > bytes.length) {
      throw new PngError(at === bytes.length ? "the file is truncated (no IEND chunk)" : "the file is truncated (it ends inside a chunk header)");
    }
    const length = u32(bytes, at);
    const type = String.fromCharCode(bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]);
    if (!/^[A-Za-z]{4}$/.test(type)) throw new PngError(`the PNG data is corrupt (invalid chunk type at byte ${at + 4})`);
    if (length > 0x7fffffff || at + 12 + length > bytes.length) throw new PngError(`the file is truncated (the ${type} chunk needs ${length} bytes, the file ends sooner)`);
    const critical = type.charCodeAt(0) < 97;
    if (crc32(bytes, at + 4, at + 8 + length) !== u32(bytes, at + 8 + length)) {
      // A damaged ancillary chunk (text, colour profile, ...) is skipped, as libpng does; a damaged critical one is fatal.
      if (critical) throw new PngError(`the PNG data is corrupt (bad checksum in the ${type} chunk)`);
      at += 12 + length;
      continue;
    }
    const chunk = { type, start: at + 8, length };
    if (!header && type !== "IHDR") throw new PngError("the PNG data is corrupt (the first chunk is not IHDR)");
    if (type === "IHDR") {
      if (header) throw new PngError("the PNG data is corrupt (more than one IHDR chunk)");
      header = readHeader(bytes, chunk);
      chunks.push(chunk);
    } else if (type === "IDAT") {
      if (idatRun === 2) throw new PngError("the PNG data is corrupt (IDAT chunks are not consecutive)");
      idatRun = 1;
      chunks.push(chunk);
    } else {
      if (idatRun === 1) idatRun = 2;
      if (type === "IEND") ended = true;
      else if (type === "PLTE") {
        if (length === 0 || length % 3 !== 0 || length > 768) throw new PngError(`the PNG data is corrupt (a palette of ${length} bytes)`);
        if (header!.colorType === 3) chunks.push(chunk); // a suggested palette for truecolour is not needed
      } else if (type === "tRNS") {
        const ct = header!.colorType;
        const fits = ct === 0 ? length === 2 : ct === 2 ? length === 6 : ct === 3 ? length <= 256 : false;
        if (fits) chunks.push(chunk); // an ill-sized tRNS is ignored, as libpng does
      } else if (critical && !KNOWN_CRITICAL.has(type)) {
        throw new PngError(`the PNG uses an unknown critical chunk '${type}' and cannot be decoded`);
      }
    }
    at += 12 + length;
  }
  if (!header) throw new PngError("the PNG data is corrupt (no IHDR chunk)");
  if (!chunks.some((c) => c.type === "IDAT")) throw new PngError("the PNG has no image data (no IDAT chunk)");
  if (header.colorType === 3 && !chunks.some((c) => c.type === "PLTE")) throw new PngError("the PNG data is corrupt (a palette image without a palette)");
  return { header, chunks };
}

function readHeader(bytes: Uint8Array, c: Chunk): PngHeader {
  if (c.length !== 13) throw new PngError(`the PNG data is corrupt (an IHDR of ${c.length} bytes, not 13)`);
  const d = c.start;
  const header = { width: u32(bytes, d), height: u32(bytes, d + 4), bitDepth: bytes[d + 8], colorType: bytes[d + 9], interlace: bytes[d + 12] };
  const { width, height, bitDepth, colorType, interlace } = header;
  if (width === 0 || height === 0) throw new PngError(`the image has no pixels (${width}x${height})`);
  if (width > 0x7fffffff || height > 0x7fffffff) throw new PngError(`the PNG data is corrupt (dimensions ${width}x${height})`);
  if (!DEPTHS[colorType]) throw new PngError(`the PNG data is corrupt (colour type ${colorType} does not exist)`);
  if (!DEPTHS[colorType].includes(bitDepth)) throw new PngError(`the PNG data is corrupt (colour type ${colorType} cannot have bit depth ${bitDepth})`);
  if (bytes[d + 10] !== 0 || bytes[d + 11] !== 0) throw new PngError("the PNG data is corrupt (unknown compression or filter method)");
  if (interlace > 1) throw new PngError(`the PNG data is corrupt (interlace method ${interlace})`);
  if (width * height > MAX_PIXELS) {
    throw new PngError(`the image is ${width}x${height} pixels, more than the limit of ${MAX_PIXELS.toLocaleString("en")} pixels; scale it down first`);
  }
  return header;
}

/** Bytes of filtered scanlines the header calls for: each pass's rows, each with its filter byte. */
export function scanlineBytes(h: PngHeader): number {
  const bpp = CHANNELS[h.colorType] * h.bitDepth;
  const passes = h.interlace ? [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] : [[0, 0, 1, 1]];
  let total = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const w = h.width > x0 ? Math.ceil((h.width - x0) / dx) : 0, rows = h.height > y0 ? Math.ceil((h.height - y0) / dy) : 0;
    if (w && rows) total += rows * (1 + Math.ceil((w * bpp) / 8));
  }
  return total;
}

/** Rows start with a filter byte 0-4; anything else means the data is damaged (upng-js would not notice). */
function checkFilters(data: Uint8Array, h: PngHeader): void {
  const bpp = CHANNELS[h.colorType] * h.bitDepth;
  const passes = h.interlace ? [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] : [[0, 0, 1, 1]];
  let at = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const w = h.width > x0 ? Math.ceil((h.width - x0) / dx) : 0, rows = h.height > y0 ? Math.ceil((h.height - y0) / dy) : 0;
    if (!w || !rows) continue;
    const bpl = 1 + Math.ceil((w * bpp) / 8);
    for (let r = 0; r < rows; r++, at += bpl) if (data[at] > 4) throw new PngError(`the PNG data is corrupt (row filter ${data[at]})`);
  }
}

/** The image's filtered scanlines: the IDAT chunks' data inflated, bounded, and their filter bytes checked. */
function inflateImage(bytes: Uint8Array, chunks: Chunk[], header: PngHeader): Uint8Array {
  const idat = chunks.filter((c) => c.type === "IDAT");
  let compressed: Uint8Array;
  if (idat.length === 1) {
    compressed = bytes.subarray(idat[0].start, idat[0].start + idat[0].length);
  } else {
    compressed = new Uint8Array(idat.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of idat) {
      compressed.set(bytes.subarray(c.start, c.start + c.length), at);
      at += c.length;
    }
  }
  const expected = scanlineBytes(header);
  const { bytes: data, error } = inflateAtMost(compressed, expected, 1 << 16, true);
  if (error) throw new PngError(`the compressed image data is corrupt (${error})`);
  if (data.length < expected) throw new PngError(`the image data is incomplete (${data.length.toLocaleString("en")} of ${expected.toLocaleString("en")} bytes)`);
  checkFilters(data, header);
  return data;
}

/** The palette (RGB triples) and transparency chunks, as toRgba8 reads them. */
function tables(bytes: Uint8Array, chunks: Chunk[], colorType: number): Record<string, unknown> {
  const tabs: Record<string, unknown> = {};
  for (const c of chunks) {
    const data = bytes.subarray(c.start, c.start + c.length);
    if (c.type === "PLTE") tabs.PLTE = Array.from(data);
    if (c.type === "tRNS") {
      if (colorType === 3) tabs.tRNS = Array.from(data);
      else if (colorType === 0) tabs.tRNS = (data[0] << 8) | data[1];
      else tabs.tRNS = [(data[0] << 8) | data[1], (data[2] << 8) | data[3], (data[4] << 8) | data[5]];
    }
  }
  return tabs;
}

/**
 * Decodes PNG bytes to RGBA8, working in `ws` (the caller's image workspace; the plain-JS one when none
 * is given). The returned pixels are the caller's own copy.
 */
export function decodePng(bytes: Uint8Array, ws: ImageWorkspace = defaultWorkspace()): RgbaImage {
  const image = decodePngInPlace(bytes, ws);
  return ws.offsetOf(image.rgba) >= 0 ? { ...image, rgba: image.rgba.slice() } : image;
}

/**
 * decodePng without the copy: the pixels may be a view of `ws`, valid until its next reset or growth. For
 * the recognizer, whose preprocessing then reads them in place (readDigits in the same workspace).
 */
export function decodePngInPlace(bytes: Uint8Array, ws: ImageWorkspace): RgbaImage {
  const { header, chunks } = checkStructure(bytes);
  const scan = inflateImage(bytes, chunks, header);
  const { width, height, bitDepth: depth, colorType: ctype } = header;
  const tabs = tables(bytes, chunks, ctype);
  const pixels = width * height;
  const channels = CHANNELS[ctype];
  ws.reset();
  const at = ws.alloc(scan.length);
  ws.u8(at, scan.length).set(scan);
  const k = ws.arena.kernels;
  const bpl = Math.ceil((width * channels * depth) / 8), bpp = (channels * depth) >> 3;
  // The rows, packed and unfiltered: in place, or (interlaced) each pass unfiltered in place and its
  // whole-byte pixels scattered into rows of their own; sub-byte passes are scattered in png-pixels.ts.
  let rows = at;
  if (header.interlace) {
    if (depth < 8) return convert(deinterlace(ws, at, scan.length, { width, height, depth, ctype }), header, tabs);
    rows = ws.alloc(height * bpl);
    let di = 0;
    for (const [x0, y0, dx, dy] of ADAM7) {
      const sw = x0 < width ? Math.ceil((width - x0) / dx) : 0, sh = y0 < height ? Math.ceil((height - y0) / dy) : 0;
      if (sw === 0 || sh === 0) continue;
      k.png_unfilter(at + di, sh, sw * bpp, bpp);
      k.png_adam7(rows, at + di, width, height, bpp, x0, y0, dx, dy);
      di += sh * (1 + sw * bpp);
    }
  } else k.png_unfilter(at, height, bpl, Math.max(1, bpp));
  // 8-bit samples without a transparency key (nearly every PNG): widened by a kernel in the workspace.
  if (depth === 8 && (ctype === 3 || tabs.tRNS === undefined)) {
    const out = ws.alloc(pixels * 4);
    if (ctype === 3) {
      const palette = tabs.PLTE as number[];
      const alpha = (tabs.tRNS as number[] | undefined) ?? [];
      const colors = palette.length / 3;
      const table = ws.alloc(colors * 4);
      ws.u8(table, colors * 4).set(Array.from({ length: colors * 4 }, (_, i) => ((i & 3) === 3 ? alpha[i >> 2] ?? 255 : palette[(i >> 2) * 3 + (i & 3)])));
      const bad = k.png_palette8(out, rows, pixels, table, colors);
      if (bad >= 0) {
        const index = ws.u8(rows + bad, 1)[0];
        throw new PngError(`the PNG data is corrupt (pixel (${bad % width}, ${Math.floor(bad / width)}) uses palette entry ${index}, but the palette has ${colors} colours)`);
      }
    } else {
      k.png_rgba8(out, rows, pixels, channels);
    }
    return { width, height, rgba: ws.u8(out, pixels * 4) };
  }
  return convert(ws.u8(rows, height * bpl).slice(), header, tabs);
}

/** Adam7's passes: first column and row, then the steps between columns and rows. */
const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];

/** The general conversion (any depth, transparency keys), with damage worded as such. */
function convert(data: Uint8Array, header: PngHeader, tabs: Record<string, unknown>): RgbaImage {
  const { width, height } = header;
  let rgba: Uint8Array;
  try {
    rgba = toRgba8({ width, height, depth: header.bitDepth, ctype: header.colorType, data, tabs });
  } catch (e) {
    throw new PngError(`the PNG data is corrupt (${e instanceof Error ? e.message : String(e)})`);
  }
  if (rgba.length !== width * height * 4) throw new PngError("the PNG data is incomplete");
  return { width, height, rgba };
}
