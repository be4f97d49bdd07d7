/**
 * The worker status transition table: every status can be reached from a new worker, the terminal
 * ones lead nowhere, the predicates the executor uses agree with the table, and a change the table
 * does not allow is an internal error naming both ends.
 */
import { describe, expect, it } from 'vitest';
import { ExecutorError } from '../../src/host/errors.ts';
import type { WorkerStatus } from '../../src/host/types.ts';
import {
  acceptsInvocations,
  canRecoverImmediately,
  INITIAL_STATUS,
  isTerminal,
  isWaiting,
  mayResume,
  StatusTransitionError,
  transition,
  TRANSITIONS,
  WORKER_STATUSES,
} from '../../src/host/worker-status.ts';

function reachableFrom(start: WorkerStatus): Set<WorkerStatus> {
  const seen = new Set<WorkerStatus>([start]);
  const todo = [start];
  while (todo.length) {
    for (const next of TRANSITIONS.get(todo.pop() as WorkerStatus) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        todo.push(next);
      }
    }
  }
  return seen;
}

describe('worker status transitions', () => {
  it('has a row for every status and names only known statuses', () => {
    expect([...TRANSITIONS.keys()].sort()).toEqual([...WORKER_STATUSES].sort());
    for (const targets of TRANSITIONS.values()) for (const to of targets) expect(WORKER_STATUSES).toContain(to);
  });

  it('reaches every status from a new worker', () => {
    expect(INITIAL_STATUS).toBe('Idle');
    expect([...reachableFrom(INITIAL_STATUS)].sort()).toEqual([...WORKER_STATUSES].sort());
  });

  it('leads nowhere from Failed and Exited, and somewhere from every other status', () => {
    for (const status of WORKER_STATUSES) {
      expect(TRANSITIONS.get(status)?.size === 0, status).toBe(isTerminal(status));
    }
    expect(WORKER_STATUSES.filter(isTerminal)).toEqual(['Failed', 'Exited']);
  });

  it('lets every non-terminal status end in a failure, a suspension or an interrupt', () => {
    for (const from of WORKER_STATUSES.filter((s) => !isTerminal(s))) {
      expect(transition(from, 'Failed')).toBe('Failed');
      expect(transition(from, 'Interrupted')).toBe('Interrupted');
      expect(transition(from, 'Retrying')).toBe('Retrying');
    }
    for (const from of ['Running', 'Suspended', 'Interrupted', 'Retrying'] as const) expect(transition(from, 'Suspended')).toBe('Suspended');
  });

  it('starts invocations from Idle and hot-resumes from Suspended, nowhere else', () => {
    const intoRunning = WORKER_STATUSES.filter((from) => TRANSITIONS.get(from)?.has('Running'));
    expect(intoRunning).toEqual(['Idle', 'Suspended']);
  });

  it('throws an internal error naming from and to for a change the table does not allow', () => {
    const illegal: [WorkerStatus, WorkerStatus][] = [
      ['Failed', 'Idle'],
      ['Failed', 'Running'],
      ['Exited', 'Running'],
      ['Exited', 'Failed'],
      ['Idle', 'Idle'],
      ['Idle', 'Suspended'],
      ['Interrupted', 'Running'],
    ];
    for (const [from, to] of illegal) {
      let thrown: unknown;
      try {
        transition(from, to);
      } catch (e) {
        thrown = e;
      }
      expect(thrown, `${from} → ${to}`).toBeInstanceOf(StatusTransitionError);
      expect(thrown).toBeInstanceOf(ExecutorError);
      expect(thrown).toMatchObject({ code: 'INTERNAL', from, to });
      expect((thrown as Error).message).toContain(`${from} → ${to}`);
    }
  });

  it('has predicates that agree with the statuses they stand for', () => {
    const where = (p: (s: WorkerStatus) => boolean) => WORKER_STATUSES.filter(p);
    expect(where(acceptsInvocations)).toEqual(['Idle', 'Running', 'Suspended', 'Interrupted', 'Retrying']);
    expect(where(isWaiting)).toEqual(['Suspended', 'Interrupted']);
    expect(where(mayResume)).toEqual(['Running', 'Suspended', 'Interrupted', 'Retrying']);
    expect(where(canRecoverImmediately)).toEqual(['Idle', 'Running', 'Retrying']);
  });
});
