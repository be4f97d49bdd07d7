import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { HostSignal, SleepSignal, SuspendSignal } from '../signals.ts';
import { HostWait } from './host-wait.ts';
import { ThreadStopped } from './stopped.ts';

const HANDLE = '\u0000golem-ts-handle';
const ERROR = '\u0000error';
const ENTRY = new URL('./entry.js', import.meta.url);

/** Marks around host calls, so a parked call can run again as a cold resume would run it (see Durability). */
export interface HostCallHooks {
  begin(): void;
  replayAgain(): void;
}

/** What the guest thread needs to build proxies of the host's import object. */
export type ImportShape = Record<string, { functions: string[]; classes: Record<string, { methods: string[]; statics: string[] }> }>;

type HostCall =
  | { op: 'call'; iface: string; name: string; args: unknown[] }
  | { op: 'static'; iface: string; cls: string; name: string; args: unknown[] }
  | { op: 'new'; iface: string; cls: string; args: unknown[] }
  | { op: 'method'; h: number; name: string; args: unknown[] };
/** From the guest thread: a host call (answered), or a dropped resource (not answered). */
type CallMessage = HostCall | { op: 'drop'; h: number };

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
 * guest host call is a synchronous round trip (the guest thread waits on a SharedArrayBuffer), so
 * the oplog is written in the same order, and committed before the guest goes on, as when the
 * guest ran on this thread.
 *
 * A call that suspends the worker (await-promise on a pending promise, a long sleep) is parked:
 * its entry is committed, the invocation's caller sees the signal, and the guest thread stays
 * blocked in the call until `resumeParked` runs the call again, now that the wait is over.
 */
export class GuestThread {
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly callPort: MessagePort;
  private readonly worker: Worker;
  private readonly handles = new Map<number, object>();
  private readonly handleIds = new WeakMap<object, number>();
  private nextHandle = 1;
  private classKeys = new Map<Function, string>();
  private imports: Record<string, Record<string, unknown>> = {};
  private readonly invocations = new Map<number, Deferred>();
  private nextInvocation = 1;
  /** The invocation running now (one at a time). */
  private current: number | undefined;
  private loading: Deferred | undefined;
  /** The host signal a call threw during the current invocation: what its caller sees. */
  private signal: HostSignal | undefined;
  private parkedCall: HostCall | undefined;
  /** Set by a host call that asks the guest to wait (a short sleep): the guest thread waits, not this one. */
  private blockUntil: number | undefined;
  private stopped: Error | undefined;
  private timer: NodeJS.Timeout | undefined;
  private hooks: HostCallHooks | undefined;
  private bound = false;
  /** The template (`id@version`) instantiated ahead of need by `preload`, if any. */
  preloadedFor: string | undefined;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.callPort = port1;
    this.worker = new Worker(ENTRY, { workerData: { callPort: port2, flag: this.flag.buffer }, transferList: [port2] });
    this.worker.unref();
    this.callPort.on('message', (msg: CallMessage) => this.onCall(msg));
    this.callPort.unref();
    this.worker.on('message', (msg: { type: string; id?: number; ok?: boolean; value?: unknown; error?: WireError }) => this.onMessage(msg));
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
    this.loading = deferred();
    this.signal = undefined;
    this.worker.ref();
    this.post({ type: 'load', jsUrl, modules, shape });
    return this.loading.promise.then(() => undefined);
  }

  /** The worker's import object behind the proxies (its shape must be the one the thread was loaded with). */
  bind(imports: Record<string, unknown>, hooks?: HostCallHooks, shape = describeImports(imports)): void {
    this.imports = imports as Record<string, Record<string, unknown>>;
    this.hooks = hooks;
    this.classKeys = new Map();
    for (const [iface, members] of Object.entries(shape)) {
      for (const cls of Object.keys(members.classes)) this.classKeys.set(this.imports[iface][cls] as Function, `${iface}#${cls}`);
    }
    this.bound = true;
  }

  /** Calls an export; settles with its value, or the guest's error, or the host signal that ended it. */
  invoke(path: string[], args: unknown[], timeoutMs?: number): Promise<unknown> {
    const id = this.nextInvocation++;
    const d = deferred();
    this.invocations.set(id, d);
    this.current = id;
    this.signal = undefined;
    this.worker.ref();
    this.arm(timeoutMs);
    this.post({ type: 'invoke', id, path, args });
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
    const call = this.parkedCall;
    const d = this.current === undefined ? undefined : this.invocations.get(this.current);
    if (!call || !d) return Promise.reject(new Error('internal: no parked call to resume'));
    this.parkedCall = undefined;
    this.signal = undefined;
    this.worker.ref();
    this.arm(timeoutMs);
    this.hooks?.replayAgain();
    this.dispatch(call, false);
    return d.promise;
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

  private post(msg: unknown): void {
    if (this.stopped) throw this.stopped;
    this.worker.postMessage(msg);
  }

  private stop(reason: Error): void {
    if (this.stopped) return;
    this.stopped = reason;
    clearTimeout(this.timer);
    this.loading?.reject(reason);
    for (const d of this.invocations.values()) d.reject(reason);
    this.invocations.clear();
    this.worker.unref();
  }

  private onMessage(msg: { type: string; id?: number; ok?: boolean; value?: unknown; error?: WireError }): void {
    if (msg.type === 'loaded' || msg.type === 'load-failed') {
      const l = this.loading;
      this.loading = undefined;
      if (msg.type === 'loaded') l?.resolve(undefined);
      else l?.reject(this.signal ?? fromWireError(msg.error as WireError, (v) => this.fromWire(v)));
      this.worker.unref();
      return;
    }
    if (msg.type !== 'result' || msg.id === undefined) return;
    const d = this.invocations.get(msg.id);
    this.invocations.delete(msg.id);
    if (this.current === msg.id) this.current = undefined;
    clearTimeout(this.timer);
    this.worker.unref();
    if (!d) return;
    if (msg.ok) d.resolve(msg.value);
    else d.reject(this.signal ?? fromWireError(msg.error as WireError, (v) => this.fromWire(v)));
  }

  private onCall(msg: CallMessage): void {
    if (msg.op === 'drop') {
      const obj = this.handles.get(msg.h);
      this.handles.delete(msg.h);
      (obj as { [Symbol.dispose]?: () => void } | undefined)?.[Symbol.dispose]?.();
      return;
    }
    this.dispatch(msg);
  }

  private dispatch(msg: HostCall, fresh = true): void {
    this.blockUntil = undefined;
    if (fresh) this.hooks?.begin();
    let value: unknown;
    try {
      if (!this.bound) throw new Error('golem-ts: a host call while instantiating ahead of need; this instance cannot be shared');
      value = this.run(msg);
    } catch (e) {
      return this.settle(msg, { thrown: e });
    }
    if (value instanceof HostWait) this.waitThen(msg, value);
    else this.settle(msg, { value });
  }

  /** An HTTP response to wait for: the guest's thread keeps waiting while this loop runs, then the call finishes here. */
  private waitThen(msg: HostCall, wait: HostWait): void {
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

  private settle(msg: HostCall, outcome: { value: unknown } | { thrown: unknown }): void {
    let reply: { ok?: unknown; throw?: unknown; block?: number };
    try {
      if ('thrown' in outcome) throw outcome.thrown;
      reply = { ok: this.toWire(outcome.value) };
    } catch (e) {
      if ((e instanceof SuspendSignal || e instanceof SleepSignal) && this.park(msg, e)) return;
      if (e instanceof HostSignal) this.signal = e;
      reply = { throw: this.errorToWire(e) };
    }
    if (this.blockUntil !== undefined) reply.block = this.blockUntil;
    this.reply(reply);
  }

  /** Called by the host's clock (through the import context) for a short wait inside a host call. */
  waitInGuest(untilMs: number): void {
    this.blockUntil = untilMs;
  }

  private reply(r: unknown): void {
    try {
      this.callPort.postMessage(r);
    } catch (e) {
      this.callPort.postMessage({ throw: this.errorToWire(new Error(`golem-ts: a host call's result could not be passed to the guest thread: ${(e as Error).message}`)) });
    }
    Atomics.store(this.flag, 0, 1);
    Atomics.notify(this.flag, 0);
  }

  /** Keeps the guest blocked in the call; the invocation's caller sees the signal. False outside an invocation. */
  private park(msg: HostCall, signal: HostSignal): boolean {
    const id = this.current;
    const d = id === undefined ? undefined : this.invocations.get(id);
    if (id === undefined || !d) return false;
    this.parkedCall = msg;
    clearTimeout(this.timer);
    this.invocations.set(id, deferred()); // the rest of the invocation, after resumeParked
    this.worker.unref();
    d.reject(signal);
    return true;
  }

  private run(msg: HostCall): unknown {
    const args = this.fromWire(msg.args) as unknown[];
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

  private toWire(v: unknown): unknown {
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return v;
    if (Array.isArray(v)) return v.map((x) => this.toWire(x));
    const cls = this.classKeys.get((v as object).constructor);
    if (cls) {
      let id = this.handleIds.get(v);
      if (id === undefined) {
        id = this.nextHandle++;
        this.handleIds.set(v, id);
        this.handles.set(id, v);
      }
      return { [HANDLE]: id, cls };
    }
    if (Object.getPrototypeOf(v) !== Object.prototype) return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.toWire(x)]));
  }

  private fromWire(v: unknown): unknown {
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return v;
    if (Array.isArray(v)) return v.map((x) => this.fromWire(x));
    if (HANDLE in v) {
      const obj = this.handles.get((v as Record<string, number>)[HANDLE]);
      if (!obj) throw new Error(`golem-ts: resource handle ${(v as Record<string, number>)[HANDLE]} is not known to the host`);
      return obj;
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.fromWire(x)]));
  }

  private errorToWire(e: unknown): WireError {
    const hasPayload = e !== null && typeof e === 'object' && 'payload' in e;
    return {
      [ERROR]: true,
      message: e instanceof Error ? e.message : String(e),
      name: e instanceof Error ? e.name : 'Error',
      hasPayload,
      payload: hasPayload ? this.toWire((e as { payload: unknown }).payload) : undefined,
    };
  }
}

interface WireError {
  [ERROR]?: true;
  message: string;
  name: string;
  stack?: string;
  hasPayload: boolean;
  payload?: unknown;
  /** A trap's: the guest's memory size at the time. */
  memoryBytes?: number;
}

/** A guest error as the host thread sees it: an Error, with jco's `payload` when the export returned a WIT `result` error. */
function fromWireError(w: WireError, fromWire: (v: unknown) => unknown): Error {
  const e = new Error(w.message);
  e.name = w.name;
  if (w.stack) e.stack = w.stack;
  if (w.hasPayload) Object.assign(e, { payload: fromWire(w.payload) });
  if (w.memoryBytes !== undefined) Object.assign(e, { memoryBytes: w.memoryBytes });
  return e;
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
