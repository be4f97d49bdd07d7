import type { ErrorCodec } from '../durability.ts';
import type { Recorded } from '../recorded.js';
import type { WorkerContext } from './context.ts';
import type { Interfaces } from './provide.ts';

const fn = (iface: string, name: string) => `wasi:keyvalue/${iface}/${name}`;

/**
 * wasi:keyvalue@0.1.0 over the host's key-value port. Reads and writes are durable host calls:
 * replay returns the recorded values and does not write again. Counters are decimal text, as
 * Golem's Redis-backed INCRBY stores them.
 */
export function keyValue(ctx: WorkerContext): Interfaces {
  const { kv, durability: d } = ctx;

  class KvError {
    constructor(private readonly message: string) {}
    trace(): string {
      return this.message;
    }
  }

  const errors: ErrorCodec = {
    toRecord: (e) => (isKvFailure(e) ? e.payload.trace() : undefined),
    fromRecord: (r: Recorded) => ({ payload: new KvError(String(r)) }),
  };
  const fail = (message: string) => ({ payload: new KvError(message) });
  const isKvFailure = (e: unknown): e is { payload: KvError } => typeof e === 'object' && e !== null && (e as { payload?: unknown }).payload instanceof KvError;

  class Bucket {
    constructor(readonly name: string) {}
    static openBucket(name: string): Bucket {
      if (!name) throw fail('bucket name must not be empty');
      return new Bucket(name);
    }
  }

  class OutgoingValue {
    body: Uint8Array | undefined;
    static newOutgoingValue(): OutgoingValue {
      return new OutgoingValue();
    }
    outgoingValueWriteBodyAsync(): never {
      throw fail('outgoing-value-write-body-async is not supported by the golem-ts host; use the sync variant');
    }
    outgoingValueWriteBodySync(value: Uint8Array): void {
      this.body = value;
    }
  }

  class IncomingValue {
    constructor(private readonly body: Uint8Array) {}
    incomingValueConsumeSync(): Uint8Array {
      return this.body;
    }
    incomingValueConsumeAsync(): never {
      throw fail('incoming-value-consume-async is not supported by the golem-ts host; use the sync variant');
    }
    incomingValueSize(): bigint {
      return BigInt(this.body.length);
    }
  }

  const bodyOf = (v: OutgoingValue, key: string) => {
    if (!v.body) throw fail(`no value was written for key ${key}`);
    return v.body;
  };
  const incoming = {
    toRecord: (v: IncomingValue | undefined) => v?.incomingValueConsumeSync(),
    fromRecord: (r: unknown) => (r === undefined ? undefined : new IncomingValue(r as Uint8Array)),
  };
  const counter = (bucket: string, key: string): bigint => {
    const raw = kv.get(bucket, key);
    if (!raw) return 0n;
    const text = new TextDecoder().decode(raw);
    if (!/^\d+$/.test(text)) throw fail(`value of ${bucket}/${key} is not a u64 counter`);
    return BigInt(text);
  };
  const writeCounter = (bucket: string, key: string, value: bigint) => {
    if (value > 0xffff_ffff_ffff_ffffn) throw fail(`counter ${bucket}/${key} would overflow u64`);
    kv.set(bucket, key, new TextEncoder().encode(value.toString()));
  };

  return {
    'wasi:keyvalue/types': { Bucket, OutgoingValue, IncomingValue },
    'wasi:keyvalue/wasi-keyvalue-error': { Error: KvError },
    'wasi:keyvalue/eventual': {
      get: (b: Bucket, key: string) => d.call(fn('eventual', 'get'), 'ReadRemote', () => {
        const v = kv.get(b.name, key);
        return v && new IncomingValue(v);
      }, { result: incoming, error: errors, request: [b.name, key] }),
      set: (b: Bucket, key: string, v: OutgoingValue) =>
        d.call(fn('eventual', 'set'), 'WriteRemote', () => kv.set(b.name, key, bodyOf(v, key)), { error: errors, request: [b.name, key, v.body] }),
      delete: (b: Bucket, key: string) => d.call(fn('eventual', 'delete'), 'WriteRemote', () => kv.delete(b.name, key), { error: errors, request: [b.name, key] }),
      exists: (b: Bucket, key: string) => d.call(fn('eventual', 'exists'), 'ReadRemote', () => kv.get(b.name, key) !== undefined, { error: errors, request: [b.name, key] }),
    },
    'wasi:keyvalue/atomic': {
      increment: (b: Bucket, key: string, delta: bigint) =>
        d.call(fn('atomic', 'increment'), 'WriteRemote', () => kv.transaction(() => {
          const next = counter(b.name, key) + delta;
          writeCounter(b.name, key, next);
          return next;
        }), { error: errors, request: [b.name, key, delta] }),
      compareAndSwap: (b: Bucket, key: string, old: bigint, next: bigint) =>
        d.call(fn('atomic', 'compare-and-swap'), 'WriteRemote', () => kv.transaction(() => {
          if (kv.get(b.name, key) === undefined || counter(b.name, key) !== old) return false;
          writeCounter(b.name, key, next);
          return true;
        }), { error: errors, request: [b.name, key, old, next] }),
    },
    'wasi:keyvalue/eventual-batch': {
      getMany: (b: Bucket, keys: string[]) =>
        d.call(fn('eventual-batch', 'get-many'), 'ReadRemote', () => keys.map((k) => {
          const v = kv.get(b.name, k);
          return v && new IncomingValue(v);
        }), {
          result: { toRecord: (vs) => vs.map(incoming.toRecord), fromRecord: (r) => (r as unknown[]).map(incoming.fromRecord) },
          error: errors,
          request: [b.name, keys],
        }),
      keys: (b: Bucket) => d.call(fn('eventual-batch', 'keys'), 'ReadRemote', () => kv.keys(b.name), { error: errors, request: [b.name] }),
      setMany: (b: Bucket, entries: [string, OutgoingValue][]) =>
        d.call(fn('eventual-batch', 'set-many'), 'WriteRemote', () => kv.transaction(() => {
          for (const [k, v] of entries) kv.set(b.name, k, bodyOf(v, k));
        }), { error: errors, request: [b.name, entries.map(([k, v]) => [k, v.body])] }),
      deleteMany: (b: Bucket, keys: string[]) =>
        d.call(fn('eventual-batch', 'delete-many'), 'WriteRemote', () => kv.transaction(() => {
          for (const k of keys) kv.delete(b.name, k);
        }), { error: errors, request: [b.name, keys] }),
    },
  };
}
