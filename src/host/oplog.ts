import type { OplogEntry, PromiseKey } from './types.ts';

/**
 * What a worker that is not running waits for, read from the tail of its oplog: the meaning of
 * a `suspend` entry lives here.
 * - `promise`: it suspended in await-promise on that promise;
 * - `timer`: it sleeps in a guest timer until `until` (epoch ms);
 * - `unknown`: it suspended before suspend entries named the promise;
 * - `nothing`: its last suspension is over (entries that only a running worker writes follow
 *   it, e.g. the resumed call), so the host died while it ran.
 * `interrupted` markers after a suspend do not end it; undefined when `tail` holds nothing else
 * (read further back).
 */
export type Wait = { kind: 'promise'; promise: PromiseKey } | { kind: 'timer'; until: number } | { kind: 'unknown' } | { kind: 'nothing' };

export function waitOf(tail: OplogEntry[]): Wait | undefined {
  for (let i = tail.length - 1; i >= 0; i--) {
    const e = tail[i];
    if (e.kind === 'interrupted') continue;
    if (e.kind !== 'suspend') return { kind: 'nothing' };
    if (e.promise) return { kind: 'promise', promise: e.promise };
    if (e.until !== undefined) return { kind: 'timer', until: e.until };
    return { kind: 'unknown' };
  }
  return tail.length && tail[0].idx === 1 ? { kind: 'nothing' } : undefined;
}
