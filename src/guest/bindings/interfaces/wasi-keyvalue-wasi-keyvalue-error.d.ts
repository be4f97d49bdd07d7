declare module 'wasi:keyvalue/wasi-keyvalue-error@0.1.0' {
  
  export class Error implements Disposable {
    /**
     * This type does not have a public constructor.
     */
    private constructor();
    trace(): string;
    [Symbol.dispose](): void;
  }
}
