/**
 * Typed key-value store over `wasi:keyvalue@0.1.0` (Golem's durable, per-account key-value store).
 *
 * ```ts
 * const reviews = openBucket('reviews');
 * await reviews.set('app-1', promise.toString());
 * const id = await reviews.get('app-1', z.string());   // string | undefined
 * ```
 *
 * Values are UTF-8 JSON (`get`/`set`…) or raw bytes (`getBytes`/`setBytes`…). JSON reads can be
 * validated with any Standard Schema; a bucket opened with a schema validates every JSON read.
 * Every method returns a promise. A host `err(error)` becomes a {@link KeyValueError}; a value
 * that fails to decode or validate becomes a `PayloadValidationError`.
 */
import {
  Bucket as HostBucket,
  OutgoingValue,
  type IncomingValue,
} from 'wasi:keyvalue/types@0.1.0';
import {
  get as kvGet,
  set as kvSet,
  delete as kvDelete,
  exists as kvExists,
} from 'wasi:keyvalue/eventual@0.1.0';
import {
  getMany as kvGetMany,
  keys as kvKeys,
  setMany as kvSetMany,
  deleteMany as kvDeleteMany,
} from 'wasi:keyvalue/eventual-batch@0.1.0';
import {
  increment as kvIncrement,
  compareAndSwap as kvCompareAndSwap,
} from 'wasi:keyvalue/atomic@0.1.0';
import { KeyValueError, type KeyValueOperation } from './errors.ts';
import {
  assertSchema,
  decodePayload,
  encodeJson,
  type AnySchema,
  type InferOutput,
} from './payload.ts';

/** Entries for the batch setters: `[key, value]` pairs (array, Map, any iterable) or a record. */
export type Entries<V> = Iterable<readonly [string, V]> | Readonly<Record<string, V>>;

const U64_MAX = (1n << 64n) - 1n;

/** A bucket whose JSON values decode to `T` (`unknown` unless opened with a schema). */
export class Bucket<T = unknown> {
  /** The bucket's name. */
  readonly name: string;
  readonly #raw: HostBucket;
  readonly #schema: AnySchema | undefined;

  private constructor(name: string, raw: HostBucket, schema: AnySchema | undefined) {
    this.name = name;
    this.#raw = raw;
    this.#schema = schema;
  }

  /** Same as {@link openBucket}. */
  static open(name: string): Bucket<unknown>;
  static open<S extends AnySchema>(name: string, schema: S): Bucket<InferOutput<S>>;
  static open(name: string, schema?: AnySchema): Bucket<unknown> {
    if (schema !== undefined) assertSchema(schema);
    const raw = kvCall('open-bucket', name, {}, () => HostBucket.openBucket(name));
    return new Bucket(name, raw, schema);
  }

  /** The underlying `wasi:keyvalue/types` bucket resource, for the raw interfaces. */
  get raw(): HostBucket {
    return this.#raw;
  }

  /**
   * Reads `key` as JSON, validated with `schema` (or the bucket's schema). `undefined` if absent.
   */
  get(key: string): Promise<T | undefined>;
  get<S extends AnySchema>(key: string, schema: S): Promise<InferOutput<S> | undefined>;
  async get(key: string, schema?: AnySchema): Promise<unknown> {
    if (schema !== undefined) assertSchema(schema);
    const bytes = this.#getBytes(key);
    if (bytes === undefined) return undefined;
    return decodePayload(bytes, schema ?? this.#schema, this.#describe(key));
  }

  /** Writes `value` as JSON. */
  async set(key: string, value: T): Promise<void> {
    this.#setBytes(key, encodeJson(value, `value for key ${JSON.stringify(key)}`));
  }

  /** Reads the raw bytes of `key`; `undefined` if absent. */
  async getBytes(key: string): Promise<Uint8Array | undefined> {
    return this.#getBytes(key);
  }

  /** Writes raw bytes. */
  async setBytes(key: string, bytes: Uint8Array): Promise<void> {
    this.#setBytes(key, bytes);
  }

  /** Writes raw bytes synchronously (the host call is synchronous; for code that cannot await). */
  setBytesSync(key: string, bytes: Uint8Array): void {
    this.#setBytes(key, bytes);
  }

  /** Deletes `key` (no-op if absent). */
  async delete(key: string): Promise<void> {
    this.deleteSync(key);
  }

  /** Deletes `key` synchronously (no-op if absent). */
  deleteSync(key: string): void {
    kvCall('delete', this.name, { key }, () => kvDelete(this.#raw, key));
  }

  /** True if `key` exists. */
  async exists(key: string): Promise<boolean> {
    return kvCall('exists', this.name, { key }, () => kvExists(this.#raw, key));
  }

  /** All keys, in no particular order. */
  async keys(): Promise<string[]> {
    return kvCall('keys', this.name, {}, () => kvKeys(this.#raw));
  }

  /** Reads several keys as JSON, in order; `undefined` for absent keys. */
  getMany(keys: readonly string[]): Promise<Array<T | undefined>>;
  getMany<S extends AnySchema>(keys: readonly string[], schema: S): Promise<Array<InferOutput<S> | undefined>>;
  async getMany(keys: readonly string[], schema?: AnySchema): Promise<unknown[]> {
    if (schema !== undefined) assertSchema(schema);
    const all = this.#getManyBytes(keys);
    const out: unknown[] = [];
    for (let i = 0; i < all.length; i++) {
      const bytes = all[i];
      out.push(
        bytes === undefined ? undefined : await decodePayload(bytes, schema ?? this.#schema, this.#describe(keys[i])),
      );
    }
    return out;
  }

  /** Reads several keys as raw bytes, in order; `undefined` for absent keys. */
  async getManyBytes(keys: readonly string[]): Promise<Array<Uint8Array | undefined>> {
    return this.#getManyBytes(keys);
  }

  /** Writes several JSON values (not atomic: on failure some may have been written). */
  async setMany(entries: Entries<T>): Promise<void> {
    const pairs = toPairs(entries).map(
      ([key, value]) => [key, encodeJson(value, `value for key ${JSON.stringify(key)}`)] as const,
    );
    this.#setManyBytes(pairs);
  }

  /** Writes several raw values (not atomic: on failure some may have been written). */
  async setManyBytes(entries: Entries<Uint8Array>): Promise<void> {
    this.#setManyBytes(toPairs(entries));
  }

  /** Deletes several keys (absent keys are skipped). */
  async deleteMany(keys: readonly string[]): Promise<void> {
    const list = [...keys];
    kvCall('delete-many', this.name, { keys: list }, () => kvDeleteMany(this.#raw, list));
  }

  /**
   * Atomically adds `delta` (a u64, default 1) to the counter at `key` and returns the new value.
   * A missing key starts from 0.
   */
  async increment(key: string, delta: bigint | number = 1n): Promise<bigint> {
    const d = toU64(delta, 'delta');
    return kvCall('increment', this.name, { key }, () => kvIncrement(this.#raw, key, d));
  }

  /**
   * Atomically replaces the counter at `key` with `next` if it currently equals `expected`.
   * True if swapped; false if the value differed or the key is absent.
   */
  async compareAndSwap(key: string, expected: bigint | number, next: bigint | number): Promise<boolean> {
    const old = toU64(expected, 'expected');
    const value = toU64(next, 'next');
    return kvCall('compare-and-swap', this.name, { key }, () => kvCompareAndSwap(this.#raw, key, old, value));
  }

  /** Releases the bucket resource. The handle must not be used afterwards. */
  close(): void {
    dispose(this.#raw);
  }

  #describe(key: string): string {
    return `key ${JSON.stringify(key)} in bucket ${JSON.stringify(this.name)}`;
  }

  #getBytes(key: string): Uint8Array | undefined {
    const incoming = kvCall('get', this.name, { key }, () => kvGet(this.#raw, key));
    return incoming === undefined ? undefined : this.#consume(incoming, key);
  }

  #getManyBytes(keys: readonly string[]): Array<Uint8Array | undefined> {
    const list = [...keys];
    const incoming = kvCall('get-many', this.name, { keys: list }, () => kvGetMany(this.#raw, list));
    const out: Array<Uint8Array | undefined> = [];
    try {
      for (let i = 0; i < incoming.length; i++) {
        const value = incoming[i];
        out.push(value === undefined ? undefined : this.#consume(value, list[i], false));
      }
    } finally {
      for (const value of incoming) if (value !== undefined) dispose(value);
    }
    return out;
  }

  #consume(incoming: IncomingValue, key: string | undefined, release = true): Uint8Array {
    try {
      return kvCall('incoming-value-consume-sync', this.name, { key }, () => incoming.incomingValueConsumeSync());
    } finally {
      if (release) dispose(incoming);
    }
  }

  #setBytes(key: string, bytes: Uint8Array): void {
    const outgoing = this.#outgoing(bytes, key);
    try {
      kvCall('set', this.name, { key }, () => kvSet(this.#raw, key, outgoing));
    } finally {
      dispose(outgoing);
    }
  }

  #setManyBytes(pairs: ReadonlyArray<readonly [string, Uint8Array]>): void {
    const values: Array<[string, OutgoingValue]> = [];
    try {
      for (const [key, bytes] of pairs) values.push([key, this.#outgoing(bytes, key)]);
      const keys = values.map(([key]) => key);
      kvCall('set-many', this.name, { keys }, () => kvSetMany(this.#raw, values));
    } finally {
      for (const [, value] of values) dispose(value);
    }
  }

  #outgoing(bytes: Uint8Array, key: string): OutgoingValue {
    const outgoing = OutgoingValue.newOutgoingValue();
    try {
      kvCall('outgoing-value-write-body-sync', this.name, { key }, () =>
        outgoing.outgoingValueWriteBodySync(bytes),
      );
    } catch (e) {
      dispose(outgoing);
      throw e;
    }
    return outgoing;
  }
}

/**
 * Opens (on Golem: creates on first use) the bucket `name`. With a Standard Schema, JSON reads are
 * validated and typed by it. Throws {@link KeyValueError} if the host refuses.
 */
export function openBucket(name: string): Bucket<unknown>;
export function openBucket<S extends AnySchema>(name: string, schema: S): Bucket<InferOutput<S>>;
export function openBucket(name: string, schema?: AnySchema): Bucket<unknown> {
  return schema === undefined ? Bucket.open(name) : Bucket.open(name, schema);
}

// ---------------------------------------------------------------------------------------------

/**
 * Runs a key-value host call. The WIT functions return `result<_, error>`; the binding throws
 * `err` as an object whose `payload` is the `error` resource: that (and only that) becomes a
 * `KeyValueError`. Anything else is rethrown untouched.
 */
function kvCall<R>(
  operation: KeyValueOperation,
  bucket: string,
  target: { key?: string | undefined; keys?: readonly string[] },
  fn: () => R,
): R {
  try {
    return fn();
  } catch (thrown) {
    if (!hasPayload(thrown)) throw thrown;
    throw new KeyValueError({
      operation,
      bucket,
      key: target.key,
      keys: target.keys,
      trace: traceOf(thrown.payload),
      cause: thrown,
    });
  }
}

function hasPayload(thrown: unknown): thrown is { payload: unknown } {
  return typeof thrown === 'object' && thrown !== null && 'payload' in thrown;
}

function traceOf(payload: unknown): string {
  if (typeof payload === 'object' && payload !== null) {
    const trace = (payload as { trace?: unknown }).trace;
    if (typeof trace === 'function') return String(trace.call(payload));
  }
  return typeof payload === 'string' ? payload : String(payload);
}

const symbolDispose: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('dispose');

/** Drops a resource handle now instead of waiting for the finalizer. */
function dispose(resource: object): void {
  const fn = (resource as Record<symbol, unknown>)[symbolDispose];
  if (typeof fn === 'function') fn.call(resource);
}

function toPairs<V>(entries: Entries<V>): Array<readonly [string, V]> {
  if (typeof (entries as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function') {
    return [...(entries as Iterable<readonly [string, V]>)];
  }
  return Object.entries(entries as Readonly<Record<string, V>>);
}

function toU64(value: bigint | number, what: string): bigint {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be an integer, got ${value}`);
    value = BigInt(value);
  }
  if (typeof value !== 'bigint') throw new TypeError(`${what} must be a bigint or a number`);
  if (value < 0n || value > U64_MAX) throw new RangeError(`${what} must be a u64 (0 … 2^64-1), got ${value}`);
  return value;
}
