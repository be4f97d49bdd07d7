/**
 * The slot a wasm-rquickjs guest reads its JavaScript from (facts from the format, see
 * inject.ts): a 40-byte marker in one of its data segments,
 *   MAGIC (16) · MODULE_INDEX u32 LE · JS_OFFSET u32 LE · END_MAGIC (16)
 * where JS_OFFSET 0 means "nothing injected" and otherwise is the linear-memory address of
 * `LEN u32 LE · JS bytes (UTF-8)`.
 */
export const SLOT_MAGIC = new TextEncoder().encode('WASM_RQJS_SLOT\x01\x00');
export const SLOT_END_MAGIC = new TextEncoder().encode('WASM_RQJS_SLTND\x00');
export const SLOT_SIZE = 40;
export const MODULE_INDEX_AT = 16;
export const JS_OFFSET_AT = 20;

/** Positions in `bytes` where a whole marker (both magics) starts. */
export function findSlots(bytes: Uint8Array): number[] {
  const found: number[] = [];
  for (let i = indexOf(bytes, SLOT_MAGIC, 0); i >= 0; i = indexOf(bytes, SLOT_MAGIC, i + 1)) {
    if (i + SLOT_SIZE <= bytes.length && startsWith(bytes, SLOT_END_MAGIC, i + 24)) found.push(i);
  }
  return found;
}

export function readU32(bytes: Uint8Array, at: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(at, true);
}

function startsWith(bytes: Uint8Array, needle: Uint8Array, at: number): boolean {
  for (let j = 0; j < needle.length; j++) if (bytes[at + j] !== needle[j]) return false;
  return true;
}

function indexOf(bytes: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  for (let i = bytes.indexOf(first, from); i >= 0 && i + needle.length <= bytes.length; i = bytes.indexOf(first, i + 1)) {
    if (startsWith(bytes, needle, i)) return i;
  }
  return -1;
}
