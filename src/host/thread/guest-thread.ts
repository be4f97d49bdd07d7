import { MessageChannel, Worker } from 'node:worker_threads';
import { HostSignal, SleepSignal, SuspendSignal } from '../signals.ts';
import { callTable, Channel, channelBuffer, IDLE, INVOKE, PORT, readRequest, REPLY, REQUEST, RESULT, writeReply } from './channel.js';
import { decodeValue, readValue, writeValue } from './codec.js';
import { HostWait } from './host-wait.ts';
import type { CallEntry, FromThread, GuestFeed, GuestState, Handle, ImportShape, JournalReport, ReadCall, Reply, ToThread, WireError } from './protocol.ts';
import { ThreadStopped } from './stopped.ts';

const ENTRY = new URL('./entry.js', import.meta.url);
/** How long a parked guest, answered with an error, may take to unwind out of its invocation before its thread is stopped instead. */
const UNWIND_MS = 1000;

/**
 * The worker's oplog cursor (Durability) as the thread sees it: marks around host calls, so a
 * parked call can run again as a cold resume would run it; and the guest thread's journal
 * (journal.js): what it may answer itself (`feed`), and what it answered (`arrive`).
 */
export interface HostCallHooks {
  begin(): void;
  replayAgain(): void;
  feed?(): GuestFeed;
  arrive?(report: JournalReport): void;
}

export type { ImportShape } from './protocol.ts';

interface Deferred {
  promise: Promise<unknown>;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

/** Reads the import object's shape: functions, and classes (resources) with their methods and static functions. */
export function describeImports(imports: Record<string, unknown>): ImportShape {
  const shape: ImportShape = {};
  for (const [iface, members] of Object.entries(imports)) {
    const entry: ImportShape[string] = { functions: [], classes: {} };
    for (const [name, value] of Object.entries(members as Record<string, unknown>)) {
      if (typeof value !== 'function') continue;
      if (isClass(value)) {
        const methods = Object.getOwnPropertyNames(value.prototype).filter((m) => m !== 'constructor' && typeof value.prototype[m] === 'function');
        const statics = Object.getOwnPropertyNames(value).filter((s) => typeof (value as unknown as Record<string, unknown>)[s] === 'function');
        entry.classes[name] = { methods, statics };
      } else entry.functions.push(name);
    }
    shape[iface] = entry;
  }
  return shape;
}

const isClass = (f: Function): f is new (...args: unknown[]) => object => /^class[\s{]/.test(Function.prototype.toString.call(f));

/**
 * One worker instance in its own thread (src/host/thread/entry.js is the other side). The host's
 * import object stays here on the host thread, with the durability cursor and the store: each
 * guest host call is a synchronous round trip over the thread's shared channel (channel.js: the
 * guest thread waits in Atomics.wait, this side in Atomics.waitAsync, its event loop free), so
 * the oplog is written in the same order, and committed before the guest goes on, as when the
 * guest ran on this thread.
 *
 * A call that suspends the worker (await-promise on a pending promise, a long sleep) is parked:
 * its entry is committed, the invocation's caller sees the signal, and the guest thread stays
 * blocked in the call until `resumeParked` runs the call again, now that the wait is over.
 */
export class GuestThread {
  private readonly channel: Channel;
  /** The host calls the guest's proxies can make, by number (callTable of the import object's shape). */
  private table: CallEntry[] = [];
  private readonly worker: Worker;
  private readonly handles = new Map<number, object>();
  private handleIds = new WeakMap<object, number>();
  private nextHandle = 1;
  private classKeys = new Map<Function, string>();
  private imports: Record<string, Record<string, unknown>> = {};
  private readonly invocations = new Map<number, Deferred>();
  private nextInvocation = 1;
  /** Where the guest thread is (GuestState in protocol.ts): every change is one assignment. */
  private state: GuestState<Deferred, ReadCall> = { kind: 'idle' };
  /** The host signal a call threw during the current invocation: what its caller sees. */
  private signal: HostSignal | undefined;
  /** Set by a host call that asks the guest to wait (a short sleep): the guest thread waits, not this one. */
  private blockUntil: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private hooks: HostCallHooks | undefined;
  private listening = false;
  private listenAgain = false;
  private bound = false;
  /** The guest thread waits on the channel for an invocation (it loaded, or sent a result): a control message must send it back to its event loop (PORT). */
  private serving = false;
  /** The template (`id@version`) instantiated ahead of need by `preload`, if any. */
  preloadedFor: string | undefined;
  /** Host calls that crossed from this thread (pure calls its journal answered do not). */
  crossings = 0;
  /** The same, for every guest thread of this process. */
  static crossings = 0;
  /** Where the thread goes when its instance is dropped (the pool that handed it out); without one, it stops. */
  home: ((thread: GuestThread, reason: Error) => void) | undefined;
  /** How long the last load took inside the thread (the rest of its time is messaging and waiting for the threads' turns). */
  loadedInMs: number | undefined;
  /** The glue modules (jsUrl) the thread imported: a thread recycled keeps them. */
  readonly glues = new Set<string>();
  /** Set while a parked guest unwinds (recycle): called with the invocation's result. */
  private unwound: (() => void) | undefined;

  /** Threads started in this process (each is one Node worker thread: the pool reuses them). */
  static started = 0;

  /** What the thread is doing: idle, loading, invoking, parked or stopped. */
  get status(): GuestState['kind'] {
    return this.state.kind;
  }
  /** The invocation running (or parked) now: one at a time. */
  private get current(): number | undefined {
    return this.state.kind === 'invoking' || this.state.kind === 'parked' ? this.state.id : undefined;
  }
  private get loading(): Deferred | undefined {
    return this.state.kind === 'loading' ? this.state.loaded : undefined;
  }
  private get parkedCall(): ReadCall | undefined {
    return this.state.kind === 'parked' ? this.state.call : undefined;
  }
  private get stopped(): Error | undefined {
    return this.state.kind === 'stopped' ? this.state.reason : undefined;
  }

  constructor() {
    GuestThread.started++;
    // The port carries only what does not fit the shared buffer; nothing listens on it (see channel.js).
    const { port1, port2 } = new MessageChannel();
    const sab = channelBuffer();
    this.channel = new Channel(sab, port1);
    this.worker = new Worker(ENTRY, { workerData: { callPort: port2, channel: sab }, transferList: [port2] });
    this.worker.unref();
    this.listen();
    this.worker.on('message', (msg: FromThread) => this.onMessage(msg));
    this.worker.on('error', (e) => this.stop(e));
    this.worker.on('exit', (code) => this.stop(new ThreadStopped('EXITED', `the guest thread exited (code ${code})`)));
  }

  /** Instantiates the component in the thread with `imports` (the real import object) behind the proxies. */
  load(jsUrl: string, modules: Record<string, WebAssembly.Module>, imports: Record<string, unknown>, hooks?: HostCallHooks): Promise<void> {
    const shape = describeImports(imports);
    const loaded = this.preload(jsUrl, modules, shape, '');
    this.bind(imports, hooks, shape);
    return loaded;
  }

  /**
   * Instantiates the component ahead of need, bound to no worker: proxies of `shape`, and no
   * import object behind them yet. A host call before `bind` is refused, which fails the
   * instantiation: an instance is only ever handed out if instantiating it called nothing.
   */
  preload(jsUrl: string, modules: Record<string, WebAssembly.Module>, shape: ImportShape, key: string): Promise<void> {
    this.preloadedFor = key;
    this.glues.add(jsUrl);
    this.table = callTable(shape);
    const loaded = deferred();
    this.post({ type: 'load', jsUrl, modules, shape });
    this.state = { kind: 'loading', loaded };
    this.signal = undefined;
    this.worker.ref();
    return loaded.promise.then(() => undefined);
  }

  /** The worker's last monotonic-clock reading, shared with the guest thread (see MonotonicTime). */
  get monotonicCell(): BigInt64Array {
    return this.channel.monotonic;
  }

  /** The worker's import object behind the proxies (its shape must be the one the thread was loaded with). */
  bind(imports: Record<string, unknown>, hooks?: HostCallHooks, shape = describeImports(imports)): void {
    this.imports = imports as Record<string, Record<string, unknown>>;
    this.table = callTable(shape);
    this.hooks = hooks;
    this.classKeys = new Map();
    for (const [iface, members] of Object.entries(shape)) {
      for (const cls of Object.keys(members.classes)) this.classKeys.set(this.imports[iface][cls] as Function, `${iface}#${cls}`);
    }
    this.bound = true;
  }

  /** Calls an export; settles with its value, or the guest's error, or the host signal that ended it. */
  invoke(path: string[], args: unknown[], timeoutMs?: number): Promise<unknown> {
    if (this.stopped) return Promise.reject(this.stopped);
    if (!this.serving) return Promise.reject(new Error('internal: an invocation sent to a guest thread that is not waiting for one'));
    const id = this.nextInvocation++;
    const d = deferred();
    const msg: ToThread = { type: 'invoke', id, path, args, feed: this.hooks?.feed?.() };
    this.channel.send(INVOKE, (w) => writeValue(w, msg));
    this.serving = false;
    this.invocations.set(id, d);
    this.state = { kind: 'invoking', id };
    this.signal = undefined;
    this.worker.ref();
    this.arm(timeoutMs);
    return d.promise;
  }

  /** Whether the guest is blocked in a call that suspended the worker. */
  get parked(): boolean {
    return this.parkedCall !== undefined;
  }

  /**
   * Runs the parked call again (the wait is over) and lets the guest go on: the result is the
   * rest of the invocation that parked, or another suspension.
   */
  resumeParked(timeoutMs?: number): Promise<unknown> {
    const state = this.state;
    const d = state.kind === 'parked' ? this.invocations.get(state.id) : undefined;
    if (state.kind !== 'parked' || !d) return Promise.reject(new Error('internal: no parked call to resume'));
    const call = state.call;
    this.state = { kind: 'invoking', id: state.id };
    this.signal = undefined;
    this.worker.ref();
    this.arm(timeoutMs);
    this.hooks?.replayAgain();
    this.dispatch(call, false);
    return d.promise;
  }

  /** Drops the instance: the thread goes back to its pool (which recycles or stops it), or stops. */
  dispose(reason: Error): void {
    if (this.home) this.home(this, reason);
    else void this.terminate(reason);
  }

  /**
   * Frees the thread of its instance, to serve another one (the glue it imported stays): at once
   * when the guest is idle; a guest parked in a host call first gets an error that unwinds it out
   * of the invocation (which poisons the instance, dropped anyway). From here on no host call
   * reaches the worker's import object. Whatever waits on the instance fails with `reason`.
   * Resolves false, the thread stopped, when it cannot be reused: loading, a guest running (only
   * stopping the thread ends that), or one that does not unwind within UNWIND_MS.
   */
  async recycle(reason: Error): Promise<boolean> {
    const id = this.current;
    if (this.stopped || this.loading || (id !== undefined && !this.parkedCall)) {
      await this.terminate(reason);
      return false;
    }
    this.bound = false;
    this.imports = {};
    this.hooks = undefined;
    clearTimeout(this.timer);
    const call = this.parkedCall;
    if (id !== undefined && call) {
      this.state = { kind: 'invoking', id }; // unwinding out of the call
      this.invocations.get(id)?.reject(reason);
      const unwound = new Promise<boolean>((resolve) => {
        this.unwound = () => resolve(true);
        this.timer = setTimeout(() => resolve(false), UNWIND_MS);
      });
      this.worker.ref();
      this.blockUntil = undefined; // unwinding waits for nothing
      this.settle(call, { thrown: new ThreadStopped('EVICTED', 'the instance was dropped while parked in this call') });
      const ok = await unwound;
      this.unwound = undefined;
      clearTimeout(this.timer);
      if (!ok || this.stopped) {
        await this.terminate(reason);
        return false;
      }
    }
    this.forget();
    this.post({ type: 'reset' });
    return true;
  }

  /** The host side of `reset`: nothing of the instance stays (handle ids keep counting, so an old one never names a new resource). */
  private forget(): void {
    this.handles.clear();
    this.handleIds = new WeakMap();
    this.classKeys = new Map();
    this.invocations.clear();
    this.state = { kind: 'idle' };
    this.signal = undefined;
    this.blockUntil = undefined;
    this.preloadedFor = undefined;
    this.table = [];
    this.worker.unref();
  }

  /** Stops the thread wherever the guest is; whatever waits on it fails with `reason`. */
  async terminate(reason: Error): Promise<void> {
    this.stop(reason);
    await this.worker.terminate();
  }

  private arm(timeoutMs: number | undefined): void {
    clearTimeout(this.timer);
    if (timeoutMs === undefined) return;
    this.timer = setTimeout(() => {
      void this.terminate(new ThreadStopped('INVOCATION_TIMEOUT', `the invocation ran longer than the host's limit of ${timeoutMs} ms (--invocation-timeout) and was stopped`));
    }, timeoutMs);
    this.timer.unref();
  }

  /** A control message (load, reset): on the thread's port, which it reads in its event loop. */
  private post(msg: ToThread): void {
    if (this.stopped) throw this.stopped;
    this.worker.postMessage(msg);
    if (this.serving) {
      this.serving = false;
      this.channel.signal(PORT);
    }
  }

  private stop(reason: Error): void {
    if (this.stopped) return;
    const loading = this.loading;
    this.state = { kind: 'stopped', reason };
    clearTimeout(this.timer);
    loading?.reject(reason);
    this.unwound?.();
    for (const d of this.invocations.values()) d.reject(reason);
    this.invocations.clear();
    this.worker.unref();
    this.channel.wake();
  }

  private onMessage(msg: FromThread): void {
    this.drop(msg.drops);
    if (msg.type === 'loaded' || msg.type === 'load-failed') {
      const l = this.loading;
      if (l) this.state = { kind: 'idle' };
      if (msg.type === 'loaded') {
        this.loadedInMs = msg.ms;
        this.serving = true;
        l?.resolve(undefined);
      }
      else l?.reject(this.signal ?? this.fromWireError(msg.error));
      this.worker.unref();
      return;
    }
    const d = this.invocations.get(msg.id);
    this.invocations.delete(msg.id);
    if (this.current === msg.id) this.state = { kind: 'idle' };
    clearTimeout(this.timer);
    this.worker.unref();
    this.unwound?.();
    if (!d) return;
    try {
      this.arrive(msg.journal);
    } catch (e) {
      if (!this.signal) return d.reject(e); // a host signal that ended the invocation says more
    }
    if (msg.ok) d.resolve(msg.value);
    else d.reject(this.signal ?? this.fromWireError(msg.error));
  }

  /**
   * Waits, without blocking this thread, for the guest's next host call and runs it, or for its
   * invocation's result (RESULT) and settles the invocation with it; a stopped
   * thread's channel wakes it to let go. A call answered at once calls this again from inside:
   * that turns into one more round of the loop here, not a deeper stack.
   */
  private listen(): void {
    if (this.listening) {
      this.listenAgain = true;
      return;
    }
    this.listening = true;
    try {
      do {
        this.listenAgain = false;
        if (this.stopped) return;
        const state = this.channel.current;
        if (state === RESULT) {
          const msg = readValue(this.channel.receive()) as FromThread;
          this.channel.set(IDLE);
          this.serving = true;
          this.onMessage(msg);
          this.listenAgain = true; // and wait for the next
          continue;
        }
        if (state !== REQUEST) {
          this.channel.waitAsyncWhile(state, () => this.listen());
          continue;
        }
        let read: ReturnType<typeof readRequest>;
        try {
          read = readRequest(this.channel.receive(), this.table, (id) => this.handleObject(id));
        } catch (e) {
          this.reply({ throw: errorToWire(e) });
          continue;
        }
        this.crossings++;
        GuestThread.crossings++;
        this.drop(read.drops);
        try {
          this.arrive(read.journal);
        } catch (e) {
          this.settle(read.call, { thrown: e });
          continue;
        }
        this.dispatch(read.call);
      } while (this.listenAgain);
    } finally {
      this.listening = false;
    }
  }

  /** What the guest's journal did since its last report: before the call it came with, so its entries come first. */
  private arrive(report: JournalReport | undefined): void {
    if (report && (report.consumed > 0 || report.buffered.length > 0)) this.hooks?.arrive?.(report);
  }

  /** Disposes the host resources the guest dropped. */
  private drop(ids: number[]): void {
    for (const h of ids) {
      const obj = this.handles.get(h);
      this.handles.delete(h);
      (obj as { [Symbol.dispose]?: () => void } | undefined)?.[Symbol.dispose]?.();
    }
  }

  private dispatch(msg: ReadCall, fresh = true): void {
    this.blockUntil = undefined;
    if (fresh) this.hooks?.begin();
    let value: unknown;
    try {
      if (!this.bound) throw new Error('golem-ts: a host call with no worker bound to the instance (instantiating ahead of need, or dropped)');
      value = this.run(msg);
    } catch (e) {
      return this.settle(msg, { thrown: e });
    }
    if (value instanceof HostWait) this.waitThen(msg, value);
    else this.settle(msg, { value });
  }

  /** An HTTP response to wait for: the guest's thread keeps waiting while this loop runs, then the call finishes here. */
  private waitThen(msg: ReadCall, wait: HostWait): void {
    const then = () => {
      if (this.stopped) return;
      let value: unknown;
      try {
        value = wait.then();
      } catch (e) {
        return this.settle(msg, { thrown: e });
      }
      this.settle(msg, { value });
    };
    wait.until.then(then, then);
  }

  private settle(msg: ReadCall, outcome: { value: unknown } | { thrown: unknown }): void {
    let reply: Reply;
    if ('value' in outcome) reply = { ok: outcome.value };
    else {
      const e = outcome.thrown;
      if ((e instanceof SuspendSignal || e instanceof SleepSignal) && this.park(msg, e)) return;
      if (e instanceof HostSignal) this.signal = e;
      reply = { throw: errorToWire(e) };
    }
    if (this.blockUntil !== undefined) reply.block = this.blockUntil;
    this.reply(reply);
  }

  /** Called by the host's clock (through the import context) for a short wait inside a host call. */
  waitInGuest(untilMs: number): void {
    this.blockUntil = untilMs;
  }

  private reply(r: Reply): void {
    if (this.stopped) return;
    if (this.bound) r.feed = this.hooks?.feed?.();
    const handleOf = (v: object) => this.handleOf(v);
    try {
      this.channel.send(REPLY, (w) => writeReply(w, r, handleOf));
    } catch (e) {
      const failed = errorToWire(new Error(`golem-ts: a host call's result could not be passed to the guest thread: ${(e as Error).message}`));
      this.channel.send(REPLY, (w) => writeReply(w, { throw: failed, block: r.block }, handleOf));
    }
    this.listen();
  }

  /** Keeps the guest blocked in the call; the invocation's caller sees the signal. False outside an invocation. */
  private park(msg: ReadCall, signal: HostSignal): boolean {
    const id = this.current;
    const d = id === undefined ? undefined : this.invocations.get(id);
    if (id === undefined || !d) return false;
    this.state = { kind: 'parked', id, call: msg };
    clearTimeout(this.timer);
    this.invocations.set(id, deferred()); // the rest of the invocation, after resumeParked
    this.worker.unref();
    d.reject(signal);
    return true;
  }

  private run(msg: ReadCall): unknown {
    if (msg.bad !== undefined) throw msg.bad;
    const args = msg.args;
    switch (msg.op) {
      case 'call':
        return (this.imports[msg.iface][msg.name] as (...a: unknown[]) => unknown)(...args);
      case 'static':
        return ((this.imports[msg.iface][msg.cls] as unknown as Record<string, (...a: unknown[]) => unknown>)[msg.name])(...args);
      case 'new':
        return new (this.imports[msg.iface][msg.cls] as new (...a: unknown[]) => object)(...args);
      case 'method': {
        const target = this.handles.get(msg.h) as Record<string, (...a: unknown[]) => unknown> | undefined;
        if (!target) throw new Error(`golem-ts: resource handle ${msg.h} is not known to the host`);
        return target[msg.name](...args);
      }
    }
  }

  /** A host resource going to the guest: its handle (the same object, the same id). */
  private handleOf(v: object): Handle | undefined {
    const cls = this.classKeys.get(v.constructor);
    if (!cls) return undefined;
    let id = this.handleIds.get(v);
    if (id === undefined) {
      id = this.nextHandle++;
      this.handleIds.set(v, id);
      this.handles.set(id, v);
    }
    return { id, cls };
  }

  private handleObject(id: number): object {
    const obj = this.handles.get(id);
    if (!obj) throw new Error(`golem-ts: resource handle ${id} is not known to the host`);
    return obj;
  }

  /** A guest error as the host thread sees it: an Error, with jco's `payload` when the export returned a WIT `result` error. */
  private fromWireError(w: WireError): Error {
    const e = new Error(w.message);
    e.name = w.name;
    if (w.stack) e.stack = w.stack;
    if (w.hasPayload) Object.assign(e, { payload: decodeValue(w.payload as Uint8Array, (id) => this.handleObject(id)) });
    if (w.memoryBytes !== undefined) Object.assign(e, { memoryBytes: w.memoryBytes });
    return e;
  }
}

/** A host call's error, for the guest: jco's `payload` (a WIT `result` error) goes with it. */
function errorToWire(e: unknown): WireError {
  const hasPayload = e !== null && typeof e === 'object' && 'payload' in e;
  return {
    message: e instanceof Error ? e.message : String(e),
    name: e instanceof Error ? e.name : 'Error',
    hasPayload,
    payload: hasPayload ? (e as { payload: unknown }).payload : undefined,
  };
}

function deferred(): Deferred {
  let resolve!: (v: unknown) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<unknown>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {});
  return { promise, resolve, reject };
}
