// The few web-platform globals that shared/ may use because Node, Electron and browsers all provide them
// (WHATWG encoding, AbortSignal, File). Declared only for the shared/ typecheck, which has neither DOM nor Node
// types; the other layers see the real declarations from their own libs.
interface AbortSignal {
  readonly aborted: boolean;
}
interface File {
  readonly name: string;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
