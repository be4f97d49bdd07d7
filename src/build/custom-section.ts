/**
 * golem-ts embeds the component's WIT sources in a custom section so the host can type-check
 * REST params and describe exports: jco's printed WIT of a component names its imports and
 * exports but not their types.
 */
export const WIT_SECTION = 'golem-ts:wit';

export interface EmbeddedWit {
  version: 1;
  /** World the component implements, bare (`underwriting`). */
  world: string;
  /** `relative path → WIT text`: the component's package at the top, dependencies under deps/. */
  files: Record<string, string>;
}

function leb128(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Appends a custom section; custom sections may follow any other section of a component. */
export function appendCustomSection(wasm: Uint8Array, name: string, payload: Uint8Array): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  const body = [...leb128(nameBytes.length), ...nameBytes];
  const size = leb128(body.length + payload.length);
  const out = new Uint8Array(wasm.length + 1 + size.length + body.length + payload.length);
  let o = 0;
  out.set(wasm, o);
  o += wasm.length;
  out[o++] = 0;
  out.set(size, o);
  o += size.length;
  out.set(body, o);
  o += body.length;
  out.set(payload, o);
  return out;
}

/** Reads the payload of the first top-level custom section called `name`, if present. */
export function readCustomSection(wasm: Uint8Array, name: string): Uint8Array | undefined {
  if (wasm.length < 8 || wasm[0] !== 0 || wasm[1] !== 0x61 || wasm[2] !== 0x73 || wasm[3] !== 0x6d) return undefined;
  let o = 8;
  const readLeb = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (o >= wasm.length) throw new Error('truncated LEB128');
      const byte = wasm[o++];
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
  };
  const decoder = new TextDecoder();
  while (o < wasm.length) {
    const id = wasm[o++];
    const size = readLeb();
    const end = o + size;
    if (end > wasm.length) return undefined;
    if (id === 0) {
      const nameLen = readLeb();
      const sectionName = decoder.decode(wasm.subarray(o, o + nameLen));
      if (sectionName === name) return wasm.subarray(o + nameLen, end);
    }
    o = end;
  }
  return undefined;
}

export function embedWit(wasm: Uint8Array, wit: EmbeddedWit): Uint8Array {
  return appendCustomSection(wasm, WIT_SECTION, new TextEncoder().encode(JSON.stringify(wit)));
}

export function readEmbeddedWit(wasm: Uint8Array): EmbeddedWit | undefined {
  const payload = readCustomSection(wasm, WIT_SECTION);
  if (!payload) return undefined;
  const parsed = JSON.parse(new TextDecoder().decode(payload)) as EmbeddedWit;
  return parsed.version === 1 ? parsed : undefined;
}
