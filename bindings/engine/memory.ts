// Typed-array views of one arena's memory that are never stale: growing a WebAssembly.Memory (or
// replacing the twins' ArrayBuffer) detaches every earlier view, so each access compares the buffer it
// was built on with the current one and rebuilds after growth. One object per arena; nothing else keeps views.

export class MemoryViews {
  private built?: ArrayBuffer;
  private f32View = new Float32Array(0);
  private i32View = new Int32Array(0);
  private u8View = new Uint8Array(0);

  constructor(private readonly current: () => ArrayBuffer) {}

  private sync(): void {
    const buffer = this.current();
    if (buffer === this.built) return;
    this.built = buffer;
    this.f32View = new Float32Array(buffer);
    this.i32View = new Int32Array(buffer);
    this.u8View = new Uint8Array(buffer);
  }

  get f32(): Float32Array {
    this.sync();
    return this.f32View;
  }

  get i32(): Int32Array {
    this.sync();
    return this.i32View;
  }

  get u8(): Uint8Array {
    this.sync();
    return this.u8View;
  }
}
