// The thread protocol, for both sides: entry.js (the guest thread) and guest-thread.ts (the host's
// side) speak it over channel.js (host calls) and the thread's own messages (load, invoke).
import type { Recorded } from '../recorded.js';

/** A guest's synchronous call of a host import. */
export type HostCall =
  | { op: 'call'; iface: string; name: string; args: unknown[] }
  | { op: 'static'; iface: string; cls: string; name: string; args: unknown[] }
  | { op: 'new'; iface: string; cls: string; args: unknown[] }
  | { op: 'method'; iface: string; cls: string; name: string; h: number; args: unknown[] };

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

/**
 * The answer to a host call; `block`: the guest waits until then (epoch ms) before going on;
 * `feed`: what the guest thread may answer itself until its next host call (thread/journal.js).
 */
export type Reply = ({ ok: unknown } | { throw: WireError }) & { block?: number; feed?: GuestFeed };

/**
 * The recorded entries of pure calls (pure-calls.js) the guest thread replays itself, next in
 * the host's cursor (Durability.guestFeed); then `live`: whether it may answer such calls live
 * past them, and `clocks`: whether that includes reading the clock (the host's is the system clock).
 */
export interface GuestFeed {
  items: FeedItem[];
  live: boolean;
  clocks: boolean;
}
/** A recorded pure call: entries the host's cursor skips before it, its function name, its request as JSON (null: matched by name), its recorded `ok`. */
export type FeedItem = [skip: number, functionName: string, request: string | null, ok: Recorded];
/** A pure call the guest thread answered live: its function name, its arguments (when recorded), its answer. */
export type BufferedCall = [functionName: string, request: unknown[] | undefined, value: unknown];
/** What the guest thread did since its last host call: `consumed` entries of the cursor replayed, `buffered` calls answered live. */
export interface JournalReport {
  consumed: number;
  buffered: BufferedCall[];
}

/**
 * What the thread's own messages carry; `drops`: handles the guest dropped since its last host
 * call. Load, reset, loaded and load-failed go on parentPort; an invocation and its result on
 * the channel (channel.js: INVOKE, RESULT), in the channel's encoding (codec.js).
 */
export type ToThread =
  | { type: 'load'; jsUrl: string; modules: Record<string, WebAssembly.Module>; shape: ImportShape }
  | { type: 'invoke'; id: number; path: string[]; args: unknown[]; feed?: GuestFeed }
  /** Forget the instance: the thread serves another one next (see GuestThread.recycle). */
  | { type: 'reset' };
export type FromThread =
  /** `ms`: how long loading took in the thread (glue import and instantiation), for the bench's instance profile. */
  | { type: 'loaded'; drops: number[]; ms: number }
  | { type: 'load-failed'; error: WireError; drops: number[] }
  | { type: 'result'; id: number; ok: true; value: unknown; drops: number[]; journal: JournalReport }
  | { type: 'result'; id: number; ok: false; error: WireError; drops: number[]; journal: JournalReport };

/** A resource named on the channel; `cls` (`interface#Class`) when the host hands it out. */
export interface Handle {
  id: number;
  cls?: string;
}
export type HandleOf = (v: object) => Handle | undefined;
export type FromHandle = (id: number, cls: string | undefined) => unknown;

/** A host call without its arguments (a method's resource `h` comes with each request). */
export type CallEntry = { op: 'call'; iface: string; name: string } | { op: 'static' | 'method'; iface: string; cls: string; name: string } | { op: 'new'; iface: string; cls: string };
/** What the guest thread needs to build proxies of the host's import object (describeImports, guest-thread.ts). */
export type ImportShape = Record<string, { functions: string[]; classes: Record<string, { methods: string[]; statics: string[] }> }>;

/**
 * Where a guest thread is, as its host side (guest-thread.ts) tracks it:
 * - idle: no invocation; its instance (if any) waits for the next;
 * - loading: importing the glue and instantiating (`loaded` settles when the thread answers);
 * - invoking: invocation `id` runs in the guest (or unwinds out of a parked call);
 * - parked: invocation `id` waits inside host call `call`, which runs again on resume;
 * - stopped: the thread is gone (`reason`), for good.
 */
export type GuestState<Loaded = unknown, Call = ReadCall> =
  | { kind: 'idle' }
  | { kind: 'loading'; loaded: Loaded }
  | { kind: 'invoking'; id: number }
  | { kind: 'parked'; id: number; call: Call }
  | { kind: 'stopped'; reason: Error };
