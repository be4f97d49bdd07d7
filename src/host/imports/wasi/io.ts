import { SleepSignal } from '../../signals.ts';
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
    /** Monotonic deadline in ns; 0n: always ready. */
    constructor(readonly deadline = 0n) {}
    ready(): boolean {
      return this.deadline === 0n || d.call('wasi:io/poll/ready', 'ReadLocal', () => time.now() >= this.deadline);
    }
    block(): void {
      if (this.deadline === 0n || d.replaying) return;
      waitOrSuspend(this.deadline);
    }
  }

  /** Short waits block (the guest runs on the host's thread); long ones suspend the worker until the deadline. */
  const waitOrSuspend = (deadline: bigint) => {
    const ms = Number((deadline - time.now()) / 1_000_000n);
    if (ms > LONGEST_BLOCKING_WAIT_MS) {
      const until = Number(deadline / 1_000_000n);
      d.append({ kind: 'suspend', until });
      throw new SleepSignal(until);
    }
    ctx.clock.blockUntil(Number((deadline + 999_999n) / 1_000_000n));
  };

  const poll = (list: Pollable[]): Uint32Array =>
    d.call('wasi:io/poll/poll', 'ReadLocal', () => {
      if (list.length === 0) throw new Error('poll: empty list');
      const earliest = list.reduce((m, p) => (p.deadline < m ? p.deadline : m), list[0].deadline);
      if (earliest > 0n) waitOrSuspend(earliest);
      const now = time.now();
      return new Uint32Array(list.flatMap((p, i) => (p.deadline <= now ? [i] : [])));
    }, { result: { toRecord: (v) => [...v], fromRecord: (r) => new Uint32Array(r as number[]) } });

  const closed = () => ({ payload: { tag: 'closed' as const } });

  class InputStream {
    read(): never {
      throw closed();
    }
    blockingRead(): never {
      throw closed();
    }
    skip(): never {
      throw closed();
    }
    blockingSkip(): never {
      throw closed();
    }
    subscribe(): Pollable {
      return new Pollable();
    }
  }

  class OutputStream {
    constructor(private readonly stream: 'stdout' | 'stderr') {}
    private emit(bytes: Uint8Array): void {
      if (!d.replaying) ctx.output(this.stream, bytes);
    }
    checkWrite(): bigint {
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

/** A wasi:io pollable: a timer with a monotonic deadline (ns), or always ready (0n). */
export interface WasiPollable {
  readonly deadline: bigint;
  ready(): boolean;
  block(): void;
}

/** wasi:io's interfaces of one instance: wasi:cli's streams and wasi:clocks' timers are made of them. */
export interface WasiIo extends Interfaces {
  'wasi:io/error': { Error: new (message: string) => object };
  'wasi:io/poll': { Pollable: new (deadline?: bigint) => WasiPollable; poll(list: WasiPollable[]): Uint32Array };
  'wasi:io/streams': { InputStream: new () => object; OutputStream: new (stream: 'stdout' | 'stderr') => object };
}

/** Timers up to this long block the host thread; longer ones suspend the worker (durably). */
const LONGEST_BLOCKING_WAIT_MS = 100;
