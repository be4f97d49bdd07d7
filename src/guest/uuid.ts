/**
 * WIT's `uuid` record is two u64 halves; Golem's REST API and promise-id strings write UUIDs as
 * text. Pure code, shared by the guest SDK (inside components) and the host.
 */
export interface UuidBits {
  highBits: bigint;
  lowBits: bigint;
}

const U64_MASK = (1n << 64n) - 1n;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(text: string): boolean {
  return UUID_RE.test(text);
}

/** `{ highBits, lowBits }` → `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (lowercase). */
export function uuidToString(uuid: UuidBits): string {
  const hex =
    (BigInt(uuid.highBits) & U64_MASK).toString(16).padStart(16, '0') + (BigInt(uuid.lowBits) & U64_MASK).toString(16).padStart(16, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` → `{ highBits, lowBits }`; throws TypeError for anything else. */
export function uuidFromString(text: string): UuidBits {
  if (!isUuid(text)) throw new TypeError(`not a UUID: ${text}`);
  const hex = text.replace(/-/g, '');
  return { highBits: BigInt(`0x${hex.slice(0, 16)}`), lowBits: BigInt(`0x${hex.slice(16)}`) };
}
