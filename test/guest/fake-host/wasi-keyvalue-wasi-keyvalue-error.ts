/** Fake `wasi:keyvalue/wasi-keyvalue-error@0.1.0`: the `error` resource. */
class KeyValueErrorResource implements Disposable {
  disposed = false;
  constructor(readonly message: string) {}
  trace(): string {
    if (this.disposed) throw new Error('error resource used after drop');
    return this.message;
  }
  [Symbol.dispose](): void {
    this.disposed = true;
  }
}

export { KeyValueErrorResource as Error };
