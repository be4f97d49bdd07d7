import { describe, expect, it } from 'vitest';
import { ExitSignal, HostTrap, JumpSignal, nextOf, ReplayDivergence, SleepSignal, SuspendSignal } from '../../src/host/signals.ts';
import { ThreadStopped } from '../../src/host/thread/stopped.ts';

describe('an error says what happens to the worker next', () => {
  it('suspensions park, with the time they end at if any', () => {
    expect(nextOf(new SuspendSignal(4))).toEqual({ kind: 'park', untilMs: undefined });
    expect(nextOf(new SuspendSignal(4, 9_000))).toEqual({ kind: 'park', untilMs: 9_000 });
    expect(nextOf(new SleepSignal(9_000))).toEqual({ kind: 'park', untilMs: 9_000 });
  });

  it('what retrying cannot fix fails; a trap, or an error that says nothing, is retried', () => {
    expect(nextOf(new ReplayDivergence('changed'))).toEqual({ kind: 'fail' });
    expect(nextOf(new HostTrap('not repeatable', true))).toEqual({ kind: 'fail' });
    expect(nextOf(new HostTrap('unknown promise'))).toEqual({ kind: 'retry' });
    expect(nextOf(new Error('unreachable'))).toEqual({ kind: 'retry' });
    expect(nextOf('thrown string')).toEqual({ kind: 'retry' });
    expect(nextOf(new ThreadStopped('INVOCATION_TIMEOUT', 'too long'))).toEqual({ kind: 'retry' });
  });

  it('jumps replay, exits exit; a stopped thread is interrupted or forgotten (closing, eviction)', () => {
    expect(nextOf(new JumpSignal(3))).toEqual({ kind: 'replay' });
    expect(nextOf(new ExitSignal(true))).toEqual({ kind: 'exit' });
    expect(nextOf(new ThreadStopped('INTERRUPTED', 'interrupted'))).toEqual({ kind: 'interrupted' });
    expect(nextOf(new ThreadStopped('CLOSED', 'closed'))).toEqual({ kind: 'forget' });
    expect(nextOf(new ThreadStopped('EVICTED', 'evicted'))).toEqual({ kind: 'forget' });
  });
});
