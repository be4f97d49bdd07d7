/**
 * Host-call results are recorded in the oplog as JSON. They contain bigints (u64), byte
 * lists and `undefined` (option none), which plain JSON cannot hold, so those are tagged.
 */
export type Recorded = null | boolean | number | string | Recorded[] | { [k: string]: Recorded };

export function record(value: unknown): Recorded {
  if (value === undefined) return { $undefined: true };
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(record);
  if (typeof value === 'object') {
    const out: Record<string, Recorded> = {};
    for (const [k, v] of Object.entries(value)) out[k] = record(v);
    return out;
  }
  throw new TypeError(`cannot record a ${typeof value} in the oplog`);
}

export function restore(value: Recorded): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(restore);
  if ('$undefined' in value) return undefined;
  if ('$bigint' in value) return BigInt(value.$bigint as string);
  if ('$bytes' in value) return new Uint8Array(Buffer.from(value.$bytes as string, 'base64'));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = restore(v);
  return out;
}
