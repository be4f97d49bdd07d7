/// <reference path="./wasi-io-streams.d.ts" />
/// <reference path="./wasi-keyvalue-wasi-keyvalue-error.d.ts" />
declare module 'wasi:keyvalue/types@0.1.0' {
  export type InputStream = import('wasi:io/streams@0.2.0').InputStream;
  export type OutputStream = import('wasi:io/streams@0.2.0').OutputStream;
  export type Error = import('wasi:keyvalue/wasi-keyvalue-error@0.1.0').Error;
  export type Key = string;
  export type OutgoingValueBodyAsync = OutputStream;
  export type OutgoingValueBodySync = Uint8Array;
  export type IncomingValueAsyncBody = InputStream;
  export type IncomingValueSyncBody = Uint8Array;
  
  export class Bucket implements Disposable {
    /**
     * This type does not have a public constructor.
     */
    private constructor();
    /**
    * Opens the bucket called `name`; Golem creates buckets on first use.
    */
    static openBucket(name: string): Bucket;
    [Symbol.dispose](): void;
  }
  
  export class IncomingValue implements Disposable {
    /**
     * This type does not have a public constructor.
     */
    private constructor();
    incomingValueConsumeSync(): IncomingValueSyncBody;
    incomingValueConsumeAsync(): IncomingValueAsyncBody;
    incomingValueSize(): bigint;
    [Symbol.dispose](): void;
  }
  
  export class OutgoingValue implements Disposable {
    /**
     * This type does not have a public constructor.
     */
    private constructor();
    static newOutgoingValue(): OutgoingValue;
    outgoingValueWriteBodyAsync(): OutgoingValueBodyAsync;
    outgoingValueWriteBodySync(value: OutgoingValueBodySync): void;
    [Symbol.dispose](): void;
  }
}
