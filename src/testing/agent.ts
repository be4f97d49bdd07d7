import { randomUUID } from 'node:crypto';
import type { OplogEntry, WorkerStatus } from '../host/types.ts';
import { TestKitError } from './errors.ts';
import type { Session } from './session.ts';
import { waitForStatus } from './wait.ts';
import { testWorker, type PendingPromise, type PromiseRef } from './worker.ts';

/**
 * A Golem 1.5 agent on the test host (`host.agent(project, 'ApprovalAgent("a-1")')`): methods
 * take and return plain JSON, converted through the agent's own type definition. Created (its
 * constructor run) on first use, as Golem does.
 */
export interface TestAgent {
  readonly componentId: string;
  /** The agent id, as Golem writes it: `ApprovalAgent("a-1")`. */
  readonly id: string;
  /** Calls a method and resolves with its result; joined, not repeated, across `host.restart()`. */
  invoke(method: string, ...args: unknown[]): Promise<unknown>;
  /** The agent's promises not completed yet, oldest first. */
  pendingPromises(): PendingPromise[];
  /**
   * Completes one of its promises: a string is sent as its UTF-8 bytes (what an agent reading
   * the payload as text gets), bytes as they are, anything else as JSON text.
   */
  complete(promise: PromiseRef, value: unknown): Promise<boolean>;
  status(): WorkerStatus;
  oplog(): OplogEntry[];
  /** Waits (120 s by default) until the agent's committed status is `status`, from the host's events; with alwaysReplay, then checks it replays. */
  waitFor(status: WorkerStatus, opts?: { timeoutMs?: number }): Promise<void>;
  /** Rebuilds the agent from its oplog in a fresh instance (of `templateVersion`, default its own); DeterminismError at the first divergence. */
  replay(opts?: { templateVersion?: number }): Promise<void>;
}

export function testAgent(session: Session, componentId: string, id: string): TestAgent {
  const ex = () => session.executor;
  const worker = testWorker(session, componentId, id);
  const ensure = () => session.track(id, `create ${id}`, (executor) => executor.agents.ensure(componentId, id));
  const payload = (value: unknown) => (value instanceof Uint8Array ? value : new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value)));
  const created = () => ex().agents.exists(componentId, id);
  return {
    componentId,
    id,
    async invoke(method, ...args) {
      session.ensureOpen(`invoke ${method}`);
      await ensure();
      // Always under an idempotency key: after a restart the same invocation is joined, not repeated.
      const key = randomUUID();
      const result = await session.track(id, `invoke ${method}`, (executor) => executor.agents.invoke(componentId, id, method, args, { idempotencyKey: key }));
      await session.verify(componentId, id);
      return result;
    },
    pendingPromises: () => (created() ? worker.pendingPromises().map((p) => ({ ...p, complete: (value: unknown) => worker.complete(p.oplogIdx, payload(value)) })) : []),
    complete(promise, value) {
      if (!created()) throw new TestKitError('BAD_INPUT', `agent ${id} has not been created yet: it has no promises`);
      return worker.complete(promise, payload(value));
    },
    status: () => worker.status(),
    oplog: () => worker.oplog(),
    async waitFor(status, opts = {}) {
      // A call just made may not have created the agent yet: its creation is an event as well.
      // An agent's first call instantiates an 11 MB guest: allow more than a worker's 30 s.
      await waitForStatus(session, componentId, id, { what: `agent ${id} to become ${status}`, holds: (s) => s === status, timeoutMs: opts.timeoutMs ?? 120_000 });
      await session.verify(componentId, id);
    },
    replay: (opts) => worker.replay(opts),
  };
}
