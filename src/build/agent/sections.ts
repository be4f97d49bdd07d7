import { Reader } from '../../wit/binary/reader.ts';

/**
 * The sections of a WebAssembly binary (core module or component): both are an 8-byte preamble
 * followed by `id, u32 size, payload` records, so one splitter serves both.
 */
export interface Section {
  id: number;
  payload: Uint8Array;
}

export function splitSections(bytes: Uint8Array): { preamble: Uint8Array; sections: Section[] } {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new Error('not a WebAssembly binary (missing \\0asm header)');
  }
  const r = new Reader(bytes, 8);
  const sections: Section[] = [];
  while (!r.done) {
    const id = r.byte();
    const size = r.u32();
    const body = r.slice(size);
    sections.push({ id, payload: bytes.subarray(body.offset, body.end) });
  }
  return { preamble: bytes.subarray(0, 8), sections };
}

export function joinSections(preamble: Uint8Array, sections: Section[]): Uint8Array {
  const parts: Uint8Array[] = [preamble];
  for (const s of sections) parts.push(Uint8Array.of(s.id, ...u32(s.payload.length)), s.payload);
  return concat(parts);
}

/** Unsigned LEB128. */
export function u32(n: number): number[] {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`not a u32: ${n}`);
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer (an `i32.const` immediate). */
export function s32(n: number): number[] {
  let v = n | 0;
  const out: number[] = [];
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
