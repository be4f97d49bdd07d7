import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { sdkRoot } from '../build/sdk-paths.ts';

export interface ServeChild {
  child: ChildProcess;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Resolves with the signal that ended the process (null for a normal exit). */
  exited: Promise<NodeJS.Signals | null>;
}

/**
 * `golem-ts serve` on a random 127.0.0.1 port as a child process, for the demo's crash scene and
 * the tests that kill it; `crashAt` arms a crash point (GOLEM_TS_CRASH_AT), `env` adds to the
 * environment (say, GOLEM_TS_DISK_FAULTS). Resolves once it
 * listens (after its recovery).
 */
export async function spawnServe(dataDir: string, opts: { crashAt?: string; args?: string[]; env?: Record<string, string> } = {}): Promise<ServeChild> {
  const bin = join(sdkRoot, 'bin', 'golem-ts.js');
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--data', dataDir, ...(opts.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...opts.env, GOLEM_TS_CRASH_AT: opts.crashAt ?? '' },
  });
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
    void exited.then((signal) => reject(new Error(`golem-ts serve exited (${signal ?? child.exitCode}) before listening: ${stderr}`)));
  });
  return { child, url, exited };
}
