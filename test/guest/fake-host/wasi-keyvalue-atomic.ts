/**
 * Fake `wasi:keyvalue/atomic@0.1.0`. Counters are stored as ASCII decimal (like Redis INCRBY),
 * so a counter also reads back as a JSON number.
 */
import { fake } from './state.ts';
import { Error as KvError } from './wasi-keyvalue-wasi-keyvalue-error.ts';
import { ComponentError } from './state.ts';
import { fail, type Bucket } from './wasi-keyvalue-types.ts';

const U64_MAX = (1n << 64n) - 1n;

function readCounter(bucket: Bucket, key: string): bigint | undefined {
  const bytes = bucket.data.get(key);
  if (bytes === undefined) return undefined;
  const text = new TextDecoder().decode(bytes);
  if (!/^\d+$/.test(text)) throw new ComponentError(new KvError(`value of ${key} is not a u64 counter`));
  return BigInt(text);
}

function writeCounter(bucket: Bucket, key: string, value: bigint): void {
  bucket.data.set(key, new TextEncoder().encode(value.toString()));
}

export function increment(bucket: Bucket, key: string, delta: bigint): bigint {
  fake.calls.push('increment');
  if (typeof delta !== 'bigint') throw new TypeError('delta must be a bigint (u64)');
  fail('increment');
  const next = (readCounter(bucket, key) ?? 0n) + delta;
  if (next > U64_MAX) throw new ComponentError(new KvError(`increment of ${key} overflows u64`));
  writeCounter(bucket, key, next);
  return next;
}

export function compareAndSwap(bucket: Bucket, key: string, old: bigint, new_: bigint): boolean {
  fake.calls.push('compare-and-swap');
  if (typeof old !== 'bigint' || typeof new_ !== 'bigint') throw new TypeError('old/new must be bigints (u64)');
  fail('compare-and-swap');
  const current = readCounter(bucket, key);
  if (current === undefined || current !== old) return false;
  writeCounter(bucket, key, new_);
  return true;
}
