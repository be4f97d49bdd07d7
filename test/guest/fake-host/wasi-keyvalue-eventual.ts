/** Fake `wasi:keyvalue/eventual@0.1.0`. */
import { fake } from './state.ts';
import { fail, IncomingValue, type Bucket, type OutgoingValue } from './wasi-keyvalue-types.ts';

export function get(bucket: Bucket, key: string): IncomingValue | undefined {
  fake.calls.push('get');
  fail('get');
  const bytes = bucket.data.get(key);
  return bytes === undefined ? undefined : IncomingValue.of(bytes);
}

export function set(bucket: Bucket, key: string, outgoingValue: OutgoingValue): void {
  fake.calls.push('set');
  if (outgoingValue.disposed) throw new Error('outgoing-value used after drop');
  fail('set');
  bucket.data.set(key, new Uint8Array(outgoingValue.body));
}

function _delete(bucket: Bucket, key: string): void {
  fake.calls.push('delete');
  fail('delete');
  bucket.data.delete(key);
}
export { _delete as delete };

export function exists(bucket: Bucket, key: string): boolean {
  fake.calls.push('exists');
  fail('exists');
  return bucket.data.has(key);
}
