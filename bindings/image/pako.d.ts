// Types for the part of pako 1.x this project uses: streaming inflate, so PNG data is inflated only up
// to the size its header calls for (pako ships no types of its own in 1.x).
declare module "pako" {
  export class Inflate {
    constructor(options?: Record<string, unknown>);
    push(data: Uint8Array, last: boolean): boolean;
    onData(chunk: Uint8Array): void;
    ended: boolean;
    err: number;
    msg: string;
  }
  const pako: { Inflate: typeof Inflate };
  export default pako;
}
