/** WIT `uuid` is two u64 halves; Golem's REST API writes template ids as UUID strings. */
export interface UuidBits {
  highBits: bigint;
  lowBits: bigint;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(s: string): boolean {
  return UUID_RE.test(s);
}

export function uuidToBits(s: string): UuidBits {
  if (!isUuid(s)) throw new TypeError(`not a UUID: ${s}`);
  const hex = s.replace(/-/g, '');
  return { highBits: BigInt(`0x${hex.slice(0, 16)}`), lowBits: BigInt(`0x${hex.slice(16)}`) };
}

export function bitsToUuid({ highBits, lowBits }: UuidBits): string {
  const hex = highBits.toString(16).padStart(16, '0') + lowBits.toString(16).padStart(16, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
