/// <reference path="./wasi-keyvalue-types.d.ts" />
declare module 'wasi:keyvalue/atomic@0.1.0' {
  export function increment(bucket: Bucket, key: Key, delta: bigint): bigint;
  export function compareAndSwap(bucket: Bucket, key: Key, old: bigint, new_: bigint): boolean;
  export type Bucket = import('wasi:keyvalue/types@0.1.0').Bucket;
  export type Error = import('wasi:keyvalue/types@0.1.0').Error;
  export type Key = import('wasi:keyvalue/types@0.1.0').Key;
}
