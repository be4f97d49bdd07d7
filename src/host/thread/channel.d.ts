// Types for channel.js (plain JavaScript, so Node runs it in the guest thread from src and lib).
import type { MessagePort } from 'node:worker_threads';
import type { Reader, Writer } from './codec.js';
import type { CallEntry, FromHandle, HandleOf, ImportShape, JournalReport, ReadCall, Reply } from './protocol.ts';

export const CAPACITY: number;
export const IDLE: number;
export const REQUEST: number;
export const REPLY: number;
export const INVOKE: number;
export const RESULT: number;
export const PORT: number;

export function channelBuffer(capacity?: number): SharedArrayBuffer;


export class Channel {
  constructor(sab: SharedArrayBuffer, port: MessagePort);
  /** The worker's last monotonic-clock reading, shared by both threads. */
  readonly monotonic: BigInt64Array;
  send(state: number, write: (w: Writer) => void): void;
  receive(): Reader;
  readonly current: number;
  set(state: number): void;
  signal(state: number): void;
  waitForWork(): number;
  waitWhile(state: number): void;
  waitAsyncWhile(state: number, then: () => void): void;
  wake(): void;
}

export function callTable(shape: ImportShape): CallEntry[];
export function writeRequest(w: Writer, index: number, h: number | undefined, args: unknown[], drops: number[], handleOf?: HandleOf, journal?: JournalReport): void;
export function readRequest(r: Reader, table: CallEntry[], fromHandle: FromHandle): { call: ReadCall; drops: number[]; journal: JournalReport };
export function writeReply(w: Writer, reply: Reply, handleOf?: HandleOf): void;
export function readReply(r: Reader, fromHandle: FromHandle): Reply;
