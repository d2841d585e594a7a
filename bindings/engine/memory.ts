// Typed-array views of one arena's memory that are never stale: growing a WebAssembly.Memory (or
// replacing the twins' ArrayBuffer) detaches every earlier view, so each access compares the buffer it
// was built on with the current one and rebuilds after growth. One object per arena; nothing else keeps views.

interface Views {
  buffer: ArrayBuffer;
  f32: Float32Array;
  i32: Int32Array;
  u8: Uint8Array;
  u32: Uint32Array;
  f64: Float64Array;
}

function viewsOf(buffer: ArrayBuffer): Views {
  return { buffer, f32: new Float32Array(buffer), i32: new Int32Array(buffer), u8: new Uint8Array(buffer), u32: new Uint32Array(buffer), f64: new Float64Array(buffer) };
}

export class MemoryViews {
  private built: Views = viewsOf(new ArrayBuffer(0));

  constructor(private readonly current: () => ArrayBuffer) {}

  /** The views of the memory as it is now: rebuilt when the buffer has changed since the last look. */
  private get all(): Views {
    const buffer = this.current();
    if (buffer !== this.built.buffer) this.built = viewsOf(buffer);
    return this.built;
  }

  get f32(): Float32Array { return this.all.f32; }
  get i32(): Int32Array { return this.all.i32; }
  get u8(): Uint8Array { return this.all.u8; }
  get u32(): Uint32Array { return this.all.u32; }
  get f64(): Float64Array { return this.all.f64; }
}
