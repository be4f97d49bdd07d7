/**
 * `golem-ts serve` as a real child process on a random 127.0.0.1 port, for tests that kill it
 * (kill -9, or a crash point armed through GOLEM_TS_CRASH_AT) and start it again on the same data.
 */
import type { ChildProcess } from 'node:child_process';
import { afterEach } from 'vitest';
import { spawnServe } from '../../src/cli/serve-child.ts';
import { GolemClient } from '../../src/client/index.ts';
import type { CrashPoint } from '../../src/host/crash-points.ts';

const children: ChildProcess[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

export interface HostProcess {
  child: ChildProcess;
  client: GolemClient;
  url: string;
  /** Resolves with the signal that ended the process (null for a normal exit). */
  exited: Promise<NodeJS.Signals | null>;
}

export interface ServeOptions {
  /** Arms a crash point: the host kills itself with SIGKILL the n-th time it gets there. */
  crashAt?: `${CrashPoint}` | `${CrashPoint}:${number}`;
  /** Seconds invoke-and-await waits before a 504. */
  invokeTimeoutMs?: number;
  /** Each SIGUSR2 fills the host's disk or, when full, empties it (see armDiskFaults). */
  diskFaults?: boolean;
}

/** Starts the host on `dataDir` and resolves once it listens (after its recovery). */
export async function serve(dataDir: string, opts: ServeOptions = {}): Promise<HostProcess> {
  const args = opts.invokeTimeoutMs ? ['--invoke-timeout', String(opts.invokeTimeoutMs)] : [];
  const started = spawnServe(dataDir, { crashAt: opts.crashAt, args, env: opts.diskFaults ? { GOLEM_TS_DISK_FAULTS: 'signals' } : {} });
  const { child, url, exited } = await started;
  children.push(child);
  return { child, client: new GolemClient({ url }), url, exited };
}

export function kill9(host: HostProcess): Promise<NodeJS.Signals | null> {
  host.child.kill('SIGKILL');
  return host.exited;
}
