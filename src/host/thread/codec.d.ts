// Types for codec.js (plain JavaScript, like channel.js).
import type { FromHandle, HandleOf } from './protocol.ts';

export class Writer {
  readonly pos: number;
}
export class Reader {
  readonly pos: number;
}
export function writeValue(w: Writer, v: unknown, handleOf?: HandleOf): void;
export function readValue(r: Reader, fromHandle?: FromHandle): unknown;
export function encodeValue(v: unknown, handleOf?: HandleOf): Uint8Array;
export function decodeValue(bytes: Uint8Array, fromHandle: FromHandle): unknown;
