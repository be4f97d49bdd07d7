import { ExecutorError } from '../host/errors.ts';
import type { Executor } from '../host/executor.ts';
import { ReplayDivergence } from '../host/signals.ts';
import { DeterminismError, HostClosedError } from './errors.ts';

interface InFlight {
  label: string;
  /** (Re)starts the call on the current executor. */
  start(): void;
  fail(e: unknown): void;
}

/**
 * What a test host and its workers share: the current executor (a new one after each restart),
 * the calls waiting on it, and the alwaysReplay checks.
 */
export class Session {
  private generation = 0;
  private readonly inFlight = new Set<InFlight>();
  /** Oplog length last checked per worker, so an unchanged worker is not replayed again. */
  private readonly checked = new Map<string, number>();
  closed = false;

  constructor(
    public executor: Executor,
    readonly alwaysReplay: boolean,
  ) {}

  /** Throws HostClosedError once the host is closed. */
  ensureOpen(label: string): void {
    if (this.closed) throw new HostClosedError(label);
  }

  /**
   * Runs `call` against the current executor. If the host restarts before it settles, the call
   * is made again on the new one (invocations carry an invocation key, so a started invocation
   * is joined, not repeated); if the host closes, it rejects with HostClosedError.
   */
  track<T>(worker: string, label: string, call: (executor: Executor) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new HostClosedError(label));
    return new Promise<T>((resolve, reject) => {
      const entry: InFlight = {
        label,
        start: () => {
          const generation = this.generation;
          call(this.executor).then(
            (v) => generation === this.generation && (this.inFlight.delete(entry), resolve(v)),
            (e) => generation === this.generation && (this.inFlight.delete(entry), reject(asDeterminismError(worker, e))),
          );
        },
        fail: (e) => {
          this.inFlight.delete(entry);
          reject(e);
        },
      };
      this.inFlight.add(entry);
      entry.start();
    });
  }

  /** The old executor is gone: results it may still produce are ignored from here on. */
  abandon(): void {
    this.generation++;
  }

  /** Makes every waiting call again on the (new) current executor. */
  resumeAll(): void {
    for (const entry of [...this.inFlight]) entry.start();
  }

  failAll(): void {
    this.generation++;
    for (const entry of [...this.inFlight]) entry.fail(new HostClosedError(entry.label));
  }

  /** With alwaysReplay: rebuilds the worker from its oplog in a fresh instance; DeterminismError at the first divergence. */
  async verify(templateId: string, workerName: string): Promise<void> {
    if (!this.alwaysReplay || this.closed) return;
    await this.replay(templateId, workerName);
  }

  async replay(templateId: string, workerName: string, templateVersion?: number): Promise<void> {
    const id = `${templateId}/${workerName}@${templateVersion ?? 'own'}`;
    const length = this.executor.store.lastOplogIndex(templateId, workerName);
    if (this.checked.get(id) === length) return;
    const divergence = await this.executor.checkReplay(templateId, workerName, templateVersion);
    if (divergence) throw new DeterminismError(workerName, divergence);
    this.checked.set(id, length);
  }
}

/** A worker the host failed because replay diverged surfaces as the kit's DeterminismError. */
export function asDeterminismError(worker: string, e: unknown): unknown {
  return e instanceof ExecutorError && e.cause instanceof ReplayDivergence ? new DeterminismError(worker, e.cause) : e;
}
