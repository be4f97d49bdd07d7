import { WitBinaryError } from '../errors.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A cursor over WebAssembly binary encoding: LEB128 integers, names, vectors. */
export class Reader {
  constructor(
    readonly bytes: Uint8Array,
    public offset = 0,
    readonly end = bytes.length,
  ) {}

  get done(): boolean {
    return this.offset >= this.end;
  }

  fail(message: string): never {
    throw new WitBinaryError(message, this.offset);
  }

  byte(): number {
    if (this.offset >= this.end) this.fail('unexpected end of data');
    return this.bytes[this.offset++];
  }

  peek(): number {
    if (this.offset >= this.end) this.fail('unexpected end of data');
    return this.bytes[this.offset];
  }

  u32(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
    }
    return this.fail('LEB128 integer too long');
  }

  /** Signed 33-bit LEB128, as value types use it (negative: a primitive type code). */
  s33(): number {
    let result = 0;
    let shift = 0;
    let b: number;
    do {
      b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80 && shift < 35);
    if (b & 0x40) result -= 2 ** shift;
    return result;
  }

  string(): string {
    const len = this.u32();
    if (this.offset + len > this.end) this.fail('name runs past the end of its section');
    const s = utf8.decode(this.bytes.subarray(this.offset, this.offset + len));
    this.offset += len;
    return s;
  }

  vec<T>(item: () => T): T[] {
    const n = this.u32();
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(item());
    return out;
  }

  /** A sub-reader over the next `len` bytes; this reader moves past them. */
  slice(len: number): Reader {
    if (this.offset + len > this.end) this.fail('section runs past the end of the binary');
    const sub = new Reader(this.bytes, this.offset, this.offset + len);
    this.offset += len;
    return sub;
  }
}
