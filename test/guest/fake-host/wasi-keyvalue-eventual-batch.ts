/** Fake `wasi:keyvalue/eventual-batch@0.1.0`. */
import { fake } from './state.ts';
import { fail, IncomingValue, type Bucket, type OutgoingValue } from './wasi-keyvalue-types.ts';

export function getMany(bucket: Bucket, keys: Array<string>): Array<IncomingValue | undefined> {
  fake.calls.push('get-many');
  fail('get-many');
  return keys.map((key) => {
    const bytes = bucket.data.get(key);
    return bytes === undefined ? undefined : IncomingValue.of(bytes);
  });
}

export function keys(bucket: Bucket): Array<string> {
  fake.calls.push('keys');
  fail('keys');
  return [...bucket.data.keys()];
}

export function setMany(bucket: Bucket, keyValues: Array<[string, OutgoingValue]>): void {
  fake.calls.push('set-many');
  fail('set-many');
  for (const [key, value] of keyValues) {
    if (value.disposed) throw new Error('outgoing-value used after drop');
    bucket.data.set(key, new Uint8Array(value.body));
  }
}

export function deleteMany(bucket: Bucket, keys: Array<string>): void {
  fake.calls.push('delete-many');
  fail('delete-many');
  for (const key of keys) bucket.data.delete(key);
}
