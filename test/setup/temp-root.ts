import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One temporary directory per test run, holding every other: tests, the hosts they start and the
 * commands they spawn all find it as `os.tmpdir()` (TMPDIR, inherited by vitest's workers and by
 * child processes). The teardown removes it whole, so a run leaves nothing behind in /tmp even
 * where a test kills a host with -9 or fails before its own clean-up. A run that was itself killed
 * leaves its root; the next run removes the roots whose process is gone.
 *
 * Why it matters: a full `npm test` writes a few GB of data directories (each holds copies of the
 * components it ran), and runs on a shared machine used to fill its disk over days.
 */
const PREFIX = 'golem-ts-run-';

export default function setup(): () => void {
  const parent = tmpdir();
  removeAbandonedRoots(parent);
  const root = mkdtempSync(join(parent, `${PREFIX}${process.pid}-`));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
}

function removeAbandonedRoots(parent: string): void {
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(PREFIX)) continue;
    const pid = Number(name.slice(PREFIX.length).split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && !alive(pid)) rmSync(join(parent, name), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
