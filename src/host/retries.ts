import { Entry, interruptedRegion, openAtomicRegion, replayPlan } from './oplog.ts';
import type { Store } from './store.ts';
import type { RetryPolicy } from './types.ts';

/** Golem's shipped executor config: 3 attempts, 100 ms doubling… here ×3 up to 1 s. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, minDelay: 100_000_000, maxDelay: 1_000_000_000, multiplier: 3 };

/** What a trap leads to: another attempt after `delayMs`, or Failed. */
export type RetryDecision = { retry: true; attempts: number; message: string; delayMs: number } | { retry: false; attempts: number; message: string };

/** Wait before attempt `attempts + 1` (attempts ≥ 1), in ms: the policy's backoff, capped at its maxDelay. */
export function retryDelayMs(policy: RetryPolicy, attempts: number): number {
  return Math.min(policy.maxDelay, policy.minDelay * policy.multiplier ** (attempts - 1)) / 1e6;
}

/**
 * Records a trap of the invocation whose invoked entry is at `invokedIdx` (its error entry) and
 * decides: retried by replay while the policy allows, else Failed. The worker's retry count so
 * far is in its row; a retry inside an atomic region runs the whole region again, so its
 * recorded part is deleted from what replay sees (as Golem does, with a jump).
 */
export function recordTrap(store: Store, templateId: string, workerName: string, e: unknown, invokedIdx: number, policy: RetryPolicy): RetryDecision {
  const message = e instanceof Error ? e.message : String(e);
  const error = store.appendOplog(templateId, workerName, Entry.error(message));
  const attempts = (store.worker(templateId, workerName)?.retryCount ?? 0) + 1;
  if (attempts >= policy.maxAttempts) return { retry: false, attempts, message };
  const region = openAtomicRegion(replayPlan(store.oplog(templateId, workerName, invokedIdx)));
  if (region !== undefined) store.appendOplog(templateId, workerName, Entry.jump(region, error.idx));
  return { retry: true, attempts, message, delayMs: retryDelayMs(policy, attempts) };
}

/** A worker that died inside an atomic region: the region's recorded part is skipped on replay, so it runs again. */
export function rollBackOpenRegion(store: Store, templateId: string, workerName: string): void {
  const region = interruptedRegion(store.oplog(templateId, workerName));
  if (region !== undefined) store.appendOplog(templateId, workerName, Entry.jump(region, store.lastOplogIndex(templateId, workerName)));
}
