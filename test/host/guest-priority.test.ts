import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { GuestThread } from '../../src/host/thread/guest-thread.ts';
import { ThreadStopped } from '../../src/host/thread/stopped.ts';

/** Guest threads run below the host thread (src/host/thread/entry.js): on Linux, nice is per thread. */

const GLUE = new URL('../fixtures/thread-glue/reuse-glue.js', import.meta.url).href;

/** The nice value of a thread of this process (field 19 of /proc/<pid>/task/<tid>/stat), or undefined once it is gone. */
function niceOf(tid: string): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  } catch {
    return undefined;
  }
}

const tids = () => new Set(readdirSync('/proc/self/task'));

let thread: GuestThread | undefined;
afterEach(async () => {
  await thread?.terminate(new ThreadStopped('CLOSED', 'the test ended'));
  thread = undefined;
});

describe.runIf(process.platform === 'linux')('guest thread priority', () => {
  it('a guest thread runs 10 nice levels below the host thread (at most 19); the host thread keeps its own', async () => {
    const self = readlinkSync('/proc/thread-self').split('/').pop() as string;
    const hostNice = niceOf(self) as number;
    const before = tids();
    thread = new GuestThread();
    // A round trip: the guest thread has run its entry module by the time it answers.
    await thread.load(GLUE, {}, { 'test:reuse/api': { whoami: () => 'a', park: () => 'a', Res: class {} } });
    expect(await thread.invoke(['whoami'], [])).toEqual({ host: 'a', calls: 1 });

    const started = [...tids()].filter((t) => !before.has(t));
    const nices = started.map(niceOf).filter((n) => n !== undefined);
    // Node starts a few threads with a worker (its event loop's helpers among them): the guest's
    // own is niced, 10 below the host thread (as far as nice goes).
    expect(Math.max(...nices)).toBe(Math.min(19, hostNice + 10));
    expect(niceOf(self)).toBe(hostNice);
  });
});
