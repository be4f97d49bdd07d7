import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock, type Clock } from '../../src/host/clock.ts';
import { VirtualClock } from '../../src/testing/virtual-clock.ts';

/**
 * setTimeout runs on the monotonic clock while durable timers are set in wall-clock time, and
 * under load the two drift by a millisecond or so (measured: real timers firing 1 ms before
 * their Date.now() instant lost a durable wake-up). Here the wall clock is made to lag by 20 ms
 * after arming: the timer must still fire, once, and not before its instant.
 */
const clocks: [string, () => Clock][] = [
  ['system clock', () => systemClock],
  ['virtual clock (flowing)', () => new VirtualClock()],
];

afterEach(() => vi.restoreAllMocks());

describe.each(clocks)('%s', (_name, make) => {
  it('a real timer that fires before the wall-clock instant is armed again, and fires once', async () => {
    const clock = make();
    const at = clock.now() + 50;
    const wall = Date.now.bind(Date);
    const fired = new Promise<number[]>((resolve) => {
      const seen: number[] = [];
      clock.at(at, () => {
        seen.push(clock.now());
        setTimeout(() => resolve(seen), 100); // a second firing would land here
      });
    });
    vi.spyOn(Date, 'now').mockImplementation(() => wall() - 20);
    const seen = await fired;
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeGreaterThanOrEqual(at);
  });
});
