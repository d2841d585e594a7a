// PNG scanlines after inflating: the row filters reversed in place, and 8-bit samples widened to RGBA8.
// Shapes: data holds `rows` rows of 1 filter byte + bpl bytes; bpp is the bytes of one whole pixel (at
// least 1, as the PNG spec rounds it for sub-byte depths). Unfiltering packs the rows in place (the
// filter bytes dropped: row r ends at r * bpl), so an image's rows become one contiguous array.

/** Reverses filters 0-4 (the caller checked every filter byte) and packs the rows. Once per image (per pass). */
export function png_unfilter(data: usize, rows: i32, bpl: i32, bpp: i32): void {
  const n = <usize>bpl, b = <usize>bpp;
  for (let y = 0; y < rows; y++) {
    const out = data + <usize>y * n;
    const src = out + <usize>y + 1;
    const type = load<u8>(src - 1);
    const up = out - n;
    if (type == 0 || (type == 2 && y == 0)) {
      memory.copy(out, src, n);
    } else if (type == 1) {
      memory.copy(out, src, min(b, n));
      for (let x = b; x < n; x++) store<u8>(out + x, load<u8>(src + x) + load<u8>(out + x - b));
    } else if (type == 2) {
      for (let x: usize = 0; x < n; x++) store<u8>(out + x, load<u8>(src + x) + load<u8>(up + x));
    } else if (type == 3) {
      for (let x: usize = 0; x < n; x++) {
        const left: u32 = x >= b ? load<u8>(out + x - b) : 0;
        const above: u32 = y > 0 ? load<u8>(up + x) : 0;
        store<u8>(out + x, load<u8>(src + x) + <u8>((left + above) >> 1));
      }
    } else {
      for (let x: usize = 0; x < n; x++) {
        const a: i32 = x >= b ? load<u8>(out + x - b) : 0;
        const c: i32 = x >= b && y > 0 ? load<u8>(up + x - b) : 0;
        const u: i32 = y > 0 ? load<u8>(up + x) : 0;
        store<u8>(out + x, load<u8>(src + x) + <u8>paeth(a, u, c));
      }
    }
  }
}

// The Paeth predictor (PNG spec, section 9.4): the neighbour closest to left + above - upper left.
// @ts-ignore: decorator
@inline function paeth(a: i32, b: i32, c: i32): i32 {
  const p = a + b - c;
  const pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/**
 * 8-bit samples of `pixels` pixels with `channels` samples each (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA) to
 * RGBA8 at out. out and data may not overlap. Once per image.
 */
export function png_rgba8(out: usize, data: usize, pixels: i32, channels: i32): void {
  const n = <usize>pixels;
  if (channels == 4) {
    memory.copy(out, data, n << 2);
    return;
  }
  for (let i: usize = 0; i < n; i++) {
    const s = data + i * <usize>channels;
    let rgba: u32;
    if (channels == 1) {
      const v: u32 = load<u8>(s);
      rgba = v | (v << 8) | (v << 16) | 0xff000000;
    } else if (channels == 2) {
      const v: u32 = load<u8>(s);
      rgba = v | (v << 8) | (v << 16) | (<u32>load<u8>(s, 1) << 24);
    } else {
      rgba = <u32>load<u8>(s) | (<u32>load<u8>(s, 1) << 8) | (<u32>load<u8>(s, 2) << 16) | 0xff000000;
    }
    store<u32>(out + (i << 2), rgba);
  }
}

/**
 * 8-bit palette indices to RGBA8 through `palette` (u32 RGBA per entry, `colors` entries). Returns -1,
 * or the first pixel whose index is past the palette (damage: the caller refuses the file). Once per image.
 */
export function png_palette8(out: usize, data: usize, pixels: i32, palette: usize, colors: i32): i32 {
  for (let i = 0; i < pixels; i++) {
    const j = <i32>load<u8>(data + <usize>i);
    if (j >= colors) return i;
    store<u32>(out + (<usize>i << 2), load<u32>(palette + (<usize>j << 2)));
  }
  return -1;
}

/**
 * Scatters one Adam7 pass of whole-byte pixels (bpp bytes each; packed, unfiltered rows) into the image's
 * rows (w x h pixels, w * bpp bytes a row): pass pixel (i, j) is image pixel (x0 + i dx, y0 + j dy).
 * Writes only that pass's pixels. Seven times per interlaced image.
 */
export function png_adam7(image: usize, pass: usize, w: i32, h: i32, bpp: i32, x0: i32, y0: i32, dx: i32, dy: i32): void {
  const sw = x0 < w ? (w - x0 + dx - 1) / dx : 0;
  const b = <usize>bpp, step = <usize>(dx * bpp), rowBytes = <usize>(w * bpp), passBytes = <usize>sw * b;
  let src = pass;
  for (let row = y0; row < h; row += dy) {
    let dst = image + <usize>row * rowBytes + <usize>x0 * b;
    if (b == 1) {
      for (let i = 0; i < sw; i++) store<u8>(dst + <usize>i * step, load<u8>(src + <usize>i));
    } else {
      for (let i = 0; i < sw; i++) memory.copy(dst + <usize>i * step, src + <usize>i * b, b);
    }
    src += passBytes;
  }
}
