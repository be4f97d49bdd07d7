/** A wasi:http `header-error`, thrown as jco expects a WIT `result` error. */
const headerError = (tag: 'invalid-syntax' | 'forbidden' | 'immutable') => ({ payload: { tag } });

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Set by the host for every request; a guest may not. */
const FORBIDDEN = new Set(['connection', 'keep-alive', 'host', 'transfer-encoding', 'upgrade', 'proxy-connection']);

/**
 * wasi:http `fields` (headers and trailers): an ordered list of name/value pairs, names
 * compared without case. Fields the host hands out (a request's or response's headers) are
 * immutable.
 */
export class Fields {
  /** The guest constructs empty fields; the host passes what it received (not checked), immutable. */
  constructor(
    private list: [string, Uint8Array][] = [],
    private immutable = false,
  ) {}

  static fromList(entries: [string, Uint8Array][]): Fields {
    const f = new Fields();
    for (const [name, value] of entries) f.append(name, value);
    return f;
  }

  get(name: string): Uint8Array[] {
    const key = name.toLowerCase();
    return this.list.filter(([n]) => n.toLowerCase() === key).map(([, v]) => v);
  }

  has(name: string): boolean {
    const key = name.toLowerCase();
    return this.list.some(([n]) => n.toLowerCase() === key);
  }

  set(name: string, values: Uint8Array[]): void {
    this.check(name, values);
    this.remove(name);
    for (const v of values) this.list.push([name, v]);
  }

  delete(name: string): void {
    if (this.immutable) throw headerError('immutable');
    this.remove(name);
  }

  append(name: string, value: Uint8Array): void {
    this.check(name, [value]);
    this.list.push([name, value]);
  }

  entries(): [string, Uint8Array][] {
    return this.list.map(([n, v]) => [n, v]);
  }

  clone(): Fields {
    return new Fields(this.entries());
  }

  /** Makes these fields immutable (a request's headers, once the request owns them). */
  lock(): this {
    this.immutable = true;
    return this;
  }

  private remove(name: string): void {
    const key = name.toLowerCase();
    this.list = this.list.filter(([n]) => n.toLowerCase() !== key);
  }

  private check(name: string, values: Uint8Array[]): void {
    if (this.immutable) throw headerError('immutable');
    if (!TOKEN.test(name) || values.some((v) => v.some((b) => b === 0x0a || b === 0x0d || b === 0))) throw headerError('invalid-syntax');
    if (FORBIDDEN.has(name.toLowerCase())) throw headerError('forbidden');
  }
}
