// The guest thread's synchronous host calls, both sides (entry.js in the guest thread,
// guest-thread.ts on the host's): one SharedArrayBuffer per thread holds a header and one message.
//   guest: writes the request, state ← REQUEST, Atomics.notify, Atomics.wait while REQUEST
//   host:  Atomics.waitAsync while not REQUEST (its event loop runs on), reads the request, runs
//          the call (now, or after a HostWait, or after a parked call resumes), writes the reply,
//          state ← REPLY, Atomics.notify
// One call is in flight at a time: the guest is blocked in it. Invocations cross the same way: a
// loaded guest thread waits in Atomics.wait for the next one (INVOKE) and answers with its
// result (RESULT), which the host's waitAsync takes like a request — a futex wake-up, about ten
// times quicker than a port message through the thread's event loop. PORT sends the guest back
// to its event loop, where a control message (reset, load) waits on its parentPort. A message larger than the buffer
// goes whole through the MessagePort beside it instead (length ON_PORT), read with
// receiveMessageOnPort, in the same encoding: nothing listens on that port. The header also holds
// the worker's last monotonic-clock reading, shared by both threads (see pure-calls.js).
// The encoding is codec.js. Plain JavaScript so Node can start the guest thread from src and from
// lib; channel.d.ts types it.
import { receiveMessageOnPort } from 'node:worker_threads';
import { Reader, readValue, Writer, writeValue } from './codec.js';

/** Bytes of one message carried in the shared buffer; larger ones go through the port. */
export const CAPACITY = 64 * 1024;
const HEADER = 16;
const STATE = 0;
const LENGTH = 1;
export const IDLE = 0;
export const REQUEST = 1;
export const REPLY = 2;
export const INVOKE = 3;
export const RESULT = 4;
export const PORT = 5;
const ON_PORT = -1;

export function channelBuffer(capacity = CAPACITY) {
  return new SharedArrayBuffer(HEADER + capacity);
}

/** One side of a thread's channel: `sab` from channelBuffer, `port` the MessagePort for what does not fit. */
export class Channel {
  constructor(sab, port) {
    this.state = new Int32Array(sab, 0, 2);
    /** The last monotonic-clock reading (ns) given to the guest, by either thread. */
    this.monotonic = new BigInt64Array(sab, 8, 1);
    this.data = Buffer.from(sab, HEADER);
    this.view = new DataView(sab, HEADER);
    this.port = port;
    this.writer = new Writer();
    this.reader = new Reader();
  }

  /** Writes one message with `write(writer)`, then sets `state` and wakes the other side. */
  send(state, write) {
    const w = this.writer;
    w.start(this.data, this.view);
    write(w);
    let length = w.pos;
    if (w.buf !== this.data) {
      const bytes = new Uint8Array(w.buf.buffer, w.buf.byteOffset, w.pos).slice();
      this.port.postMessage(bytes, [bytes.buffer]);
      length = ON_PORT;
    }
    Atomics.store(this.state, LENGTH, length);
    Atomics.store(this.state, STATE, state);
    Atomics.notify(this.state, STATE);
  }

  /** The message the other side sent last. */
  receive() {
    const length = Atomics.load(this.state, LENGTH);
    if (length !== ON_PORT) return this.reader.start(this.data, length, this.view);
    const m = receiveMessageOnPort(this.port);
    if (!m) throw new Error('golem-ts: a large message announced on the thread channel is not on its port');
    const u = m.message;
    return new Reader().start(Buffer.from(u.buffer, u.byteOffset, u.byteLength), u.byteLength);
  }

  get current() {
    return Atomics.load(this.state, STATE);
  }

  /** Sets the state without waking the other side (it waits for another). */
  set(state) {
    Atomics.store(this.state, STATE, state);
  }

  /** Sets the state and wakes the other side: a message without a body. */
  signal(state) {
    Atomics.store(this.state, STATE, state);
    Atomics.notify(this.state, STATE);
  }

  /** Guest side, between invocations: blocks this thread until the state is INVOKE or PORT, and returns it. */
  waitForWork() {
    for (;;) {
      const state = Atomics.load(this.state, STATE);
      if (state === INVOKE || state === PORT) return state;
      Atomics.wait(this.state, STATE, state);
    }
  }

  /** Guest side: blocks this thread while the state is `state`. */
  waitWhile(state) {
    while (Atomics.load(this.state, STATE) === state) Atomics.wait(this.state, STATE, state);
  }

  /** Host side: `then` runs (on this event loop, never blocking it) once the state is no longer `state`. */
  waitAsyncWhile(state, then) {
    const w = Atomics.waitAsync(this.state, STATE, state);
    if (w.async) w.value.then(then);
    else then();
  }

  /** Wakes this side's own waitAsync (to let a stopped host side go). */
  wake() {
    Atomics.notify(this.state, STATE);
  }
}

/**
 * Every host call an import object of `shape` (describeImports) allows, numbered alike on both
 * sides: a request names its call by number. Each class's constructor comes before its methods.
 */
export function callTable(shape) {
  const table = [];
  for (const [iface, members] of Object.entries(shape)) {
    for (const name of members.functions) table.push({ op: 'call', iface, name });
    for (const [cls, c] of Object.entries(members.classes)) {
      table.push({ op: 'new', iface, cls });
      for (const name of c.methods) table.push({ op: 'method', iface, cls, name });
      for (const name of c.statics) table.push({ op: 'static', iface, cls, name });
    }
  }
  return table;
}

/**
 * The call numbered `index` in the call table (`h`: a method's resource), with the handles the
 * guest dropped and what its journal did (a JournalReport) since its last call.
 */
export function writeRequest(w, index, h, args, drops, handleOf, journal) {
  w.u32(index);
  if (h !== undefined) w.u32(h);
  w.u32(drops.length);
  for (const d of drops) w.u32(d);
  writeJournal(w, journal);
  writeValue(w, args, handleOf);
}

function writeJournal(w, journal) {
  w.u32(journal?.consumed ?? 0);
  const buffered = journal?.buffered ?? [];
  w.u32(buffered.length);
  for (const [name, request, value] of buffered) {
    w.str(name);
    writeValue(w, request);
    writeValue(w, value);
  }
}

function readJournal(r) {
  const journal = { consumed: r.u32(), buffered: [] };
  for (let n = r.u32(); n > 0; n--) journal.buffered.push([r.str(), readValue(r), readValue(r)]);
  return journal;
}

/** The request, its drops and journal; arguments that cannot be read (an unknown handle) become `bad`, thrown when the call runs. */
export function readRequest(r, table, fromHandle) {
  const index = r.u32();
  const entry = table[index];
  if (!entry) throw new Error(`golem-ts: host call ${index} is not in the import object's call table`);
  // One shape for every call (the host's dispatch stays monomorphic).
  const call = { op: entry.op, iface: entry.iface, cls: entry.cls, name: entry.name, h: entry.op === 'method' ? r.u32() : undefined, args: [], bad: undefined };
  const drops = [];
  for (let n = r.u32(); n > 0; n--) drops.push(r.u32());
  const journal = readJournal(r);
  try {
    call.args = readValue(r, fromHandle);
  } catch (e) {
    call.bad = e;
  }
  return { call, drops, journal };
}

/** `reply`: { ok } | { throw: WireError }, `block` (epoch ms the guest waits until before going on) and `feed` (a GuestFeed). */
export function writeReply(w, reply, handleOf) {
  const thrown = 'throw' in reply;
  w.u8(thrown ? 1 : 0);
  w.f64(reply.block ?? NaN);
  if (thrown) writeError(w, reply.throw, handleOf);
  else writeValue(w, reply.ok, handleOf);
  writeValue(w, reply.feed);
}

export function readReply(r, fromHandle) {
  const thrown = r.u8() === 1;
  const block = r.f64();
  const reply = thrown ? { throw: readError(r, fromHandle) } : { ok: readValue(r, fromHandle) };
  if (!Number.isNaN(block)) reply.block = block;
  const feed = readValue(r);
  if (feed !== undefined) reply.feed = feed;
  return reply;
}

/** WireError: { name, message, stack?, hasPayload, payload?, memoryBytes? }. */
function writeError(w, e, handleOf) {
  w.str(e.name);
  w.str(e.message);
  w.u8(e.hasPayload ? 1 : 0);
  if (e.hasPayload) writeValue(w, e.payload, handleOf);
}

function readError(r, fromHandle) {
  const e = { name: r.str(), message: r.str(), hasPayload: r.u8() === 1 };
  if (e.hasPayload) e.payload = readValue(r, fromHandle);
  return e;
}
