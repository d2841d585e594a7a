// Types for the parts of upng-js 2.1.0 this project uses (the package ships none).
declare module "upng-js" {
  export interface Image {
    width: number;
    height: number;
    depth: number;
    ctype: number;
    frames: unknown[];
    tabs: Record<string, unknown>;
    data: ArrayBuffer | Uint8Array;
  }
  export function decode(buffer: ArrayBuffer): Image;
  export function toRGBA8(image: Image): ArrayBuffer[];
  export function encode(frames: ArrayBuffer[], width: number, height: number, colors: number, delays?: number[]): ArrayBuffer;
  const UPNG: { decode: typeof decode; toRGBA8: typeof toRGBA8; encode: typeof encode };
  export default UPNG;
}
