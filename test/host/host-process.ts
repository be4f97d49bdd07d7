/**
 * `golem-ts serve` as a real child process on a random 127.0.0.1 port, for tests that kill it
 * (kill -9, or a crash point armed through GOLEM_TS_CRASH_AT) and start it again on the same data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { GolemClient } from '../../src/client/index.ts';
import type { CrashPoint } from '../../src/host/crash-points.ts';

const bin = fileURLToPath(new URL('../../bin/golem-ts.js', import.meta.url));
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
  const args = [bin, 'serve', '--port', '0', '--data', dataDir];
  if (opts.invokeTimeoutMs) args.push('--invoke-timeout', String(opts.invokeTimeoutMs));
  const env = { ...process.env, GOLEM_TS_CRASH_AT: opts.crashAt ?? '', GOLEM_TS_DISK_FAULTS: opts.diskFaults ? 'signals' : '' };
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  children.push(child);
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    void exited.then((signal) => reject(new Error(`serve exited (${signal ?? child.exitCode}) before listening: ${stderr}`)));
  });
  return { child, client: new GolemClient({ url }), url, exited };
}

export function kill9(host: HostProcess): Promise<NodeJS.Signals | null> {
  host.child.kill('SIGKILL');
  return host.exited;
}
