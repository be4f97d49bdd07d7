// The thread protocol's types, for both sides (channel.js implements the channel; entry.js is the
// guest thread, guest-thread.ts the host's side).
import type { MessagePort } from 'node:worker_threads';

/** A guest's synchronous call of a host import, as the host reads it. */
export type HostCall =
  | { op: 'call'; iface: string; name: string; args: unknown[] }
  | { op: 'static'; iface: string; cls: string; name: string; args: unknown[] }
  | { op: 'new'; iface: string; cls: string; args: unknown[] }
  | { op: 'method'; h: number; name: string; args: unknown[] };

/** A host call as the host reads it: `bad` when its arguments could not be read (thrown when it runs). */
export type ReadCall = HostCall & { bad?: unknown };

/** An error crossing threads: a thrown host error (to the guest) or a guest's error or trap (to the host). */
export interface WireError {
  message: string;
  name: string;
  stack?: string;
  hasPayload: boolean;
  /** A host call's error: the payload itself; an invocation's error: its bytes (encodeValue). */
  payload?: unknown;
  /** A trap's: the guest's memory size at the time. */
  memoryBytes?: number;
}

/** The answer to a host call; `block`: the guest waits until then (epoch ms) before going on. */
export type Reply = ({ ok: unknown } | { throw: WireError }) & { block?: number };

/** What the thread's own messages (parentPort) carry; `drops`: handles the guest dropped since its last host call. */
export type ToThread =
  | { type: 'load'; jsUrl: string; modules: Record<string, WebAssembly.Module>; shape: unknown }
  | { type: 'invoke'; id: number; path: string[]; args: unknown[] };
export type FromThread =
  | { type: 'loaded'; drops: number[] }
  | { type: 'load-failed'; error: WireError; drops: number[] }
  | { type: 'result'; id: number; ok: true; value: unknown; drops: number[] }
  | { type: 'result'; id: number; ok: false; error: WireError; drops: number[] };

/** A resource named on the channel; `cls` (`interface#Class`) when the host hands it out. */
export interface Handle {
  id: number;
  cls?: string;
}
export type HandleOf = (v: object) => Handle | undefined;
export type FromHandle = (id: number, cls: string | undefined) => unknown;

export const CAPACITY: number;
export const IDLE: number;
export const REQUEST: number;
export const REPLY: number;

export function channelBuffer(capacity?: number): SharedArrayBuffer;

export interface Writer {
  readonly pos: number;
}
export interface Reader {
  readonly pos: number;
}

export class Channel {
  constructor(sab: SharedArrayBuffer, port: MessagePort);
  send(state: number, write: (w: Writer) => void): void;
  receive(): Reader;
  readonly current: number;
  waitWhile(state: number): void;
  waitAsyncWhile(state: number, then: () => void): void;
  wake(): void;
}

/** A host call without its arguments (a method's resource `h` comes with each request). */
export type CallEntry = { op: 'call'; iface: string; name: string } | { op: 'static' | 'method'; iface: string; cls: string; name: string } | { op: 'new'; iface: string; cls: string };
export function callTable(shape: Record<string, { functions: string[]; classes: Record<string, { methods: string[]; statics: string[] }> }>): CallEntry[];
export function writeRequest(w: Writer, index: number, h: number | undefined, args: unknown[], drops: number[], handleOf?: HandleOf): void;
export function readRequest(r: Reader, table: CallEntry[], fromHandle: FromHandle): { call: ReadCall; drops: number[] };
export function writeReply(w: Writer, reply: Reply, handleOf?: HandleOf): void;
export function readReply(r: Reader, fromHandle: FromHandle): Reply;
export function writeValue(w: Writer, v: unknown, handleOf?: HandleOf): void;
export function readValue(r: Reader, fromHandle: FromHandle): unknown;
export function encodeValue(v: unknown, handleOf?: HandleOf): Uint8Array;
export function decodeValue(bytes: Uint8Array, fromHandle: FromHandle): unknown;
