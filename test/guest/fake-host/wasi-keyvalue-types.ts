/** Fake `wasi:keyvalue/types@0.1.0`: bucket, incoming-value, outgoing-value resources. */
import { Error as KvError } from './wasi-keyvalue-wasi-keyvalue-error.ts';
import { fake } from './state.ts';

export function fail(op: string): void {
  fake.maybeFail(op, (trace) => new KvError(trace));
}

export class Bucket implements Disposable {
  disposed = false;
  private constructor(readonly name: string) {}

  static openBucket(name: string): Bucket {
    fake.calls.push('open-bucket');
    fail('open-bucket');
    fake.bucket(name);
    return new Bucket(name);
  }

  /** The fake's storage for this bucket. */
  get data(): Map<string, Uint8Array> {
    if (this.disposed) throw new Error('bucket used after drop');
    return fake.bucket(this.name);
  }

  [Symbol.dispose](): void {
    this.disposed = true;
  }
}

export class IncomingValue implements Disposable {
  disposed = false;
  private constructor(private readonly bytes: Uint8Array) {
    fake.liveValues += 1;
  }

  /** @internal used by the fake interfaces */
  static of(bytes: Uint8Array): IncomingValue {
    return new IncomingValue(new Uint8Array(bytes));
  }

  incomingValueConsumeSync(): Uint8Array {
    if (this.disposed) throw new Error('incoming-value used after drop');
    fail('incoming-value-consume-sync');
    return new Uint8Array(this.bytes);
  }

  incomingValueConsumeAsync(): never {
    throw new Error('incoming-value-consume-async is not implemented by the fake host');
  }

  incomingValueSize(): bigint {
    return BigInt(this.bytes.length);
  }

  [Symbol.dispose](): void {
    if (!this.disposed) fake.liveValues -= 1;
    this.disposed = true;
  }
}

export class OutgoingValue implements Disposable {
  disposed = false;
  body: Uint8Array = new Uint8Array();
  private constructor() {
    fake.liveValues += 1;
  }

  static newOutgoingValue(): OutgoingValue {
    return new OutgoingValue();
  }

  outgoingValueWriteBodyAsync(): never {
    throw new Error('outgoing-value-write-body-async is not implemented by the fake host');
  }

  outgoingValueWriteBodySync(value: Uint8Array): void {
    if (this.disposed) throw new Error('outgoing-value used after drop');
    if (!(value instanceof Uint8Array)) throw new TypeError('value must be a Uint8Array');
    fail('outgoing-value-write-body-sync');
    this.body = new Uint8Array(value);
  }

  [Symbol.dispose](): void {
    if (!this.disposed) fake.liveValues -= 1;
    this.disposed = true;
  }
}
