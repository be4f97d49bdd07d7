/// <reference path="./wasi-keyvalue-types.d.ts" />
declare module 'wasi:keyvalue/eventual-batch@0.1.0' {
  export function getMany(bucket: Bucket, keys: Array<Key>): Array<IncomingValue | undefined>;
  export function keys(bucket: Bucket): Array<Key>;
  export function setMany(bucket: Bucket, keyValues: Array<[Key, OutgoingValue]>): void;
  export function deleteMany(bucket: Bucket, keys: Array<Key>): void;
  export type Bucket = import('wasi:keyvalue/types@0.1.0').Bucket;
  export type Error = import('wasi:keyvalue/types@0.1.0').Error;
  export type Key = import('wasi:keyvalue/types@0.1.0').Key;
  export type IncomingValue = import('wasi:keyvalue/types@0.1.0').IncomingValue;
  export type OutgoingValue = import('wasi:keyvalue/types@0.1.0').OutgoingValue;
}
