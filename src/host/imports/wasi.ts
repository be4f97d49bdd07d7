import { randomBytes } from 'node:crypto';
import { ExitSignal, SleepSignal } from '../signals.ts';
import type { WorkerContext } from './context.ts';

/**
 * The WASI 0.2 imports a componentize-js component needs. Anything that differs between runs
 * (clocks, randomness, readiness of timers) is a durable host call, so replay sees the values
 * the first run saw. Output is written live only.
 */
export function wasi(ctx: WorkerContext): Record<string, Record<string, unknown>> {
  const d = ctx.durability;
  let lastMonotonic = 0n;
  const monotonicNow = () => {
    // Wall-clock based so it keeps increasing across host restarts, where replay resumes.
    const now = BigInt(ctx.clock.now()) * 1_000_000n;
    lastMonotonic = now > lastMonotonic ? now : lastMonotonic + 1n;
    return lastMonotonic;
  };

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
      return this.deadline === 0n || d.call('wasi:io/poll/ready', 'ReadLocal', () => monotonicNow() >= this.deadline);
    }
    block(): void {
      if (this.deadline === 0n || d.replaying) return;
      waitOrSuspend(this.deadline);
    }
  }

  /** Short waits block (the guest runs on the host's thread); long ones suspend the worker until the deadline. */
  const waitOrSuspend = (deadline: bigint) => {
    const ms = Number((deadline - monotonicNow()) / 1_000_000n);
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
      const now = monotonicNow();
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

  const stdout = new OutputStream('stdout');
  const stderr = new OutputStream('stderr');
  const stdin = new InputStream();
  class TerminalInput {}
  class TerminalOutput {}
  /** No filesystem: the component sees no preopened directories, so no descriptor ever exists. */
  class Descriptor {}
  class DirectoryEntryStream {}
  for (const m of DESCRIPTOR_METHODS) Object.defineProperty(Descriptor.prototype, m, { value: unsupported });
  Object.defineProperty(DirectoryEntryStream.prototype, 'readDirectoryEntry', { value: unsupported });

  const wallNow = () => {
    const ms = ctx.clock.now();
    return { seconds: BigInt(Math.floor(ms / 1000)), nanoseconds: (ms % 1000) * 1_000_000 };
  };

  return {
    'wasi:cli/environment': {
      getEnvironment: () => ctx.env,
      getArguments: () => ctx.args,
      initialCwd: () => undefined,
    },
    'wasi:cli/exit': {
      exit: (status: { tag: 'ok' | 'err' }) => {
        throw new ExitSignal(status.tag === 'ok');
      },
    },
    'wasi:cli/stdin': { getStdin: () => stdin },
    'wasi:cli/stdout': { getStdout: () => stdout },
    'wasi:cli/stderr': { getStderr: () => stderr },
    'wasi:cli/terminal-input': { TerminalInput },
    'wasi:cli/terminal-output': { TerminalOutput },
    'wasi:cli/terminal-stdin': { getTerminalStdin: () => undefined },
    'wasi:cli/terminal-stdout': { getTerminalStdout: () => undefined },
    'wasi:cli/terminal-stderr': { getTerminalStderr: () => undefined },
    'wasi:clocks/wall-clock': {
      now: () => d.call('wasi:clocks/wall-clock/now', 'ReadLocal', wallNow),
      resolution: () => ({ seconds: 0n, nanoseconds: 1_000_000 }),
    },
    'wasi:clocks/monotonic-clock': {
      now: () => {
        const t = d.call('wasi:clocks/monotonic-clock/now', 'ReadLocal', monotonicNow);
        if (t > lastMonotonic) lastMonotonic = t;
        return t;
      },
      resolution: () => 1_000_000n,
      subscribeInstant: (when: bigint) => new Pollable(when),
      subscribeDuration: (ns: bigint) => new Pollable(d.call('wasi:clocks/monotonic-clock/subscribe-duration', 'ReadLocal', () => monotonicNow() + ns, { request: [ns] })),
    },
    'wasi:filesystem/preopens': { getDirectories: () => [] },
    'wasi:filesystem/types': { Descriptor, DirectoryEntryStream, filesystemErrorCode: () => undefined },
    'wasi:io/error': { Error: IoError },
    'wasi:io/poll': { Pollable, poll },
    'wasi:io/streams': { InputStream, OutputStream },
    'wasi:random/random': {
      getRandomBytes: (len: bigint) => d.call('wasi:random/random/get-random-bytes', 'ReadLocal', () => new Uint8Array(randomBytes(Number(len))), { request: [len] }),
      getRandomU64: () => d.call('wasi:random/random/get-random-u64', 'ReadLocal', () => randomBytes(8).readBigUInt64LE()),
    },
    'wasi:random/insecure': {
      getInsecureRandomBytes: (len: bigint) => d.call('wasi:random/insecure/get-insecure-random-bytes', 'ReadLocal', () => new Uint8Array(randomBytes(Number(len))), { request: [len] }),
      getInsecureRandomU64: () => d.call('wasi:random/insecure/get-insecure-random-u64', 'ReadLocal', () => randomBytes(8).readBigUInt64LE()),
    },
    'wasi:random/insecure-seed': {
      insecureSeed: () => d.call('wasi:random/insecure-seed/insecure-seed', 'ReadLocal', () => [randomBytes(8).readBigUInt64LE(), randomBytes(8).readBigUInt64LE()]),
    },
  };
}

/** wasi:filesystem's `error-code` for every descriptor operation: there is no filesystem. */
function unsupported(): never {
  throw { payload: 'unsupported' };
}

/** Methods of wasi:filesystem/types@0.2.x `descriptor`, as jco names them. */
const DESCRIPTOR_METHODS = [
  'readViaStream', 'writeViaStream', 'appendViaStream', 'advise', 'syncData', 'getFlags', 'getType', 'setSize',
  'setTimes', 'read', 'write', 'readDirectory', 'sync', 'createDirectoryAt', 'stat', 'statAt', 'setTimesAt',
  'linkAt', 'openAt', 'readlinkAt', 'removeDirectoryAt', 'renameAt', 'symlinkAt', 'unlinkFileAt', 'isSameObject',
  'metadataHash', 'metadataHashAt',
];

/** Timers up to this long block the host thread; longer ones suspend the worker (durably). */
const LONGEST_BLOCKING_WAIT_MS = 100;
