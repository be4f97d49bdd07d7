import { Entry } from '../../oplog.ts';
import { SleepSignal } from '../../signals.ts';
import { HostWait } from '../../thread/host-wait.ts';
import type { WorkerContext } from '../context.ts';
import type { Interfaces } from '../provide.ts';
import type { MonotonicTime } from './monotonic.ts';

/**
 * wasi:io (error, poll, streams). Readiness of timers is a durable host call, so replay sees
 * what the first run saw; output streams write live only (replay does not repeat output).
 */
export function io(ctx: WorkerContext, time: MonotonicTime): WasiIo {
  const d = ctx.durability;

  class IoError {
    constructor(private readonly message: string) {}
    toDebugString(): string {
      return this.message;
    }
  }

  class Pollable {
    /** Monotonic deadline in ns; 0n: always ready, unless `event` is given (ready once it happened). */
    constructor(
      readonly deadline = 0n,
      readonly event?: PollableEvent,
    ) {}
    ready(): boolean {
      if (this.event) return d.call('wasi:io/poll/ready', 'ReadLocal', () => this.event!.happened());
      return this.deadline === 0n || d.call('wasi:io/poll/ready', 'ReadLocal', () => time.now() >= this.deadline);
    }
    block(): void | HostWait<void> {
      if (this.event) return this.event.happened() ? undefined : waitAsync(this.event.wait(), () => undefined);
      if (this.deadline === 0n || d.replaying) return;
      waitOrSuspend(this.deadline);
    }
  }

  /** A wait for something the host's event loop brings (an HTTP response): the guest thread waits, then `then` gives the result. */
  const waitAsync = <T>(p: Promise<unknown>, then: () => T): HostWait<T> => {
    if (!ctx.asyncHostCalls) throw new Error('golem-ts: this wait (an outgoing HTTP request) needs the guest in a thread; the host runs it inline');
    return new HostWait(p, then);
  };

  /** Waits until an event of `list` happens or its earliest timer is due (never suspends: a request is in flight); then polls. */
  const waitForEvent = (list: Pollable[]): HostWait<Uint32Array> => {
    const events = list.flatMap((p) => (p.event ? [p.event.wait()] : []));
    const timers = list.filter((p) => !p.event && p.deadline > 0n);
    let cancel = () => {};
    if (timers.length) {
      const earliest = timers.reduce((m, p) => (p.deadline < m ? p.deadline : m), timers[0].deadline);
      const ms = Number((earliest - time.now() + 999_999n) / 1_000_000n);
      events.push(new Promise<void>((resolve) => (cancel = ctx.clock.at(ctx.clock.now() + Math.max(0, ms), resolve))));
    }
    return waitAsync(
      Promise.race(events).finally(() => cancel()),
      () => pollNow(list),
    );
  };

  const isReady = (p: Pollable, now: bigint) => (p.event ? p.event.happened() : p.deadline <= now);

  /** Short waits block (the guest runs on the host's thread); long ones suspend the worker until the deadline. */
  const waitOrSuspend = (deadline: bigint) => {
    const ms = Number((deadline - time.now()) / 1_000_000n);
    if (ms > LONGEST_BLOCKING_WAIT_MS) {
      const until = Number(deadline / 1_000_000n);
      d.append(Entry.suspendUntil(until));
      throw new SleepSignal(until);
    }
    ctx.clock.blockUntil(Number((deadline + 999_999n) / 1_000_000n));
  };

  const pollNow = (list: Pollable[]): Uint32Array =>
    d.call('wasi:io/poll/poll', 'ReadLocal', () => {
      if (list.length === 0) throw new Error('poll: empty list');
      const timers = list.filter((p) => !p.event);
      const earliest = timers.reduce((m, p) => (p.deadline < m ? p.deadline : m), timers[0]?.deadline ?? 0n);
      if (earliest > 0n && !list.some((p) => p.event?.happened())) waitOrSuspend(earliest);
      const now = time.now();
      return new Uint32Array(list.flatMap((p, i) => (isReady(p, now) ? [i] : [])));
    }, { result: { toRecord: (v) => [...v], fromRecord: (r) => new Uint32Array(r as number[]) } });

  /** With an event still to happen and nothing ready, the wait runs on the host's event loop first. */
  const poll = (list: Pollable[]): Uint32Array | HostWait<Uint32Array> => {
    const now = time.now();
    const waiting = list.some((p) => p.event && !p.event.happened()) && !list.some((p) => isReady(p, now));
    return waiting ? waitForEvent(list) : pollNow(list);
  };

  const closed = () => ({ payload: { tag: 'closed' as const } });

  /** Reads from bytes the host holds whole (stdin: none; an HTTP response body); then closed. */
  class InputStream {
    private offset = 0;
    constructor(private readonly bytes: Uint8Array = new Uint8Array(0)) {}
    read(len: bigint): Uint8Array {
      if (this.offset >= this.bytes.length) throw closed();
      const chunk = this.bytes.subarray(this.offset, this.offset + Number(len > MAX_READ ? MAX_READ : len));
      this.offset += chunk.length;
      return chunk.slice();
    }
    blockingRead(len: bigint): Uint8Array {
      return this.read(len);
    }
    skip(len: bigint): bigint {
      return BigInt(this.read(len).length);
    }
    blockingSkip(len: bigint): bigint {
      return this.skip(len);
    }
    subscribe(): Pollable {
      return new Pollable();
    }
  }

  class OutputStream {
    /** Standard output and error are written live only (replay does not repeat output); a sink (an HTTP request body) gets every write. */
    constructor(private readonly stream: 'stdout' | 'stderr' | OutputSink) {}
    private emit(bytes: Uint8Array): void {
      if (typeof this.stream !== 'string') {
        try {
          this.stream.write(bytes);
        } catch (e) {
          throw { payload: { tag: 'last-operation-failed', val: new IoError((e as Error).message) } };
        }
      } else if (!d.replaying) ctx.output(this.stream, bytes);
    }
    checkWrite(): bigint {
      if (typeof this.stream !== 'string') return BigInt(this.stream.capacity());
      return 1n << 20n;
    }
    write(contents: Uint8Array): void {
      this.emit(contents);
    }
    blockingWriteAndFlush(contents: Uint8Array): void {
      this.emit(contents);
    }
    flush(): void {}
    blockingFlush(): void {}
    subscribe(): Pollable {
      return new Pollable();
    }
    writeZeroes(len: bigint): void {
      this.emit(new Uint8Array(Number(len)));
    }
    blockingWriteZeroesAndFlush(len: bigint): void {
      this.emit(new Uint8Array(Number(len)));
    }
    splice(): bigint {
      return 0n;
    }
    blockingSplice(): bigint {
      return 0n;
    }
  }

  return {
    'wasi:io/error': { Error: IoError },
    'wasi:io/poll': { Pollable, poll },
    'wasi:io/streams': { InputStream, OutputStream },
  };
}

/** Something the host's event loop brings about (an HTTP response arriving): `wait` settles once it happened. */
export interface PollableEvent {
  happened(): boolean;
  wait(): Promise<void>;
}

/** Where an output stream other than stdout/stderr writes (an HTTP request body); a write beyond `capacity` throws a stream error. */
export interface OutputSink {
  capacity(): number;
  write(bytes: Uint8Array): void;
}

/** A wasi:io pollable: a timer with a monotonic deadline (ns), always ready (0n), or an event. */
export interface WasiPollable {
  readonly deadline: bigint;
  readonly event?: PollableEvent;
  ready(): boolean;
  block(): void | HostWait<void>;
}

/** wasi:io's interfaces of one instance: wasi:cli's streams and wasi:clocks' timers are made of them. */
export interface WasiIo extends Interfaces {
  'wasi:io/error': { Error: new (message: string) => object };
  'wasi:io/poll': { Pollable: new (deadline?: bigint, event?: PollableEvent) => WasiPollable; poll(list: WasiPollable[]): Uint32Array | HostWait<Uint32Array> };
  'wasi:io/streams': { InputStream: new (bytes?: Uint8Array) => object; OutputStream: new (stream: 'stdout' | 'stderr' | OutputSink) => object };
}

/** Most bytes one read of an input stream returns. */
const MAX_READ = 1n << 20n;

/** Timers up to this long block the host thread; longer ones suspend the worker (durably). */
const LONGEST_BLOCKING_WAIT_MS = 100;
