// Host-call values as the oplog records them: JSON, with bigints (u64), byte lists and
// `undefined` (option none), which plain JSON cannot hold, tagged. One home for both threads: the
// host records and replays with it, the guest thread (thread/journal.js) replays recorded answers
// with the same `restore`. Plain JavaScript so Node runs it in the guest thread from src and lib;
// recorded.d.ts types it.

export function record(value) {
  if (value === undefined) return { $undefined: true };
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (Array.isArray(value)) return value.map(record);
  if (typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = record(v);
    return out;
  }
  throw new TypeError(`cannot record a ${typeof value} in the oplog`);
}

export function restore(value) {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(restore);
  if ('$undefined' in value) return undefined;
  if ('$bigint' in value) return BigInt(value.$bigint);
  if ('$bytes' in value) return new Uint8Array(Buffer.from(value.$bytes, 'base64'));
  const out = {};
  for (const [k, v] of Object.entries(value)) out[k] = restore(v);
  return out;
}
