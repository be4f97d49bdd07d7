// Types for recorded.js (plain JavaScript, shared with the guest thread).

/** A host-call value as the oplog records it (JSON, with bigints, bytes and undefined tagged). */
export type Recorded = null | boolean | number | string | Recorded[] | { [k: string]: Recorded };

export function record(value: unknown): Recorded;
export function restore(value: Recorded): unknown;
