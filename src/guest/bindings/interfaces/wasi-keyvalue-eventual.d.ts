/// <reference path="./wasi-keyvalue-types.d.ts" />
declare module 'wasi:keyvalue/eventual@0.1.0' {
  export function get(bucket: Bucket, key: Key): IncomingValue | undefined;
  export function set(bucket: Bucket, key: Key, outgoingValue: OutgoingValue): void;
  export { _delete as delete };
  function _delete(bucket: Bucket, key: Key): void;
  export function exists(bucket: Bucket, key: Key): boolean;
  export type Bucket = import('wasi:keyvalue/types@0.1.0').Bucket;
  export type Error = import('wasi:keyvalue/types@0.1.0').Error;
  export type IncomingValue = import('wasi:keyvalue/types@0.1.0').IncomingValue;
  export type Key = import('wasi:keyvalue/types@0.1.0').Key;
  export type OutgoingValue = import('wasi:keyvalue/types@0.1.0').OutgoingValue;
}
