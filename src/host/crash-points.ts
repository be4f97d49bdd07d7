/**
 * Test-only fault injection. `GOLEM_TS_CRASH_AT=<point>[:<n>]` makes the host process die with
 * SIGKILL the n-th time (default: the first) it reaches the named point, as abruptly as
 * `kill -9`: no cleanup, no flush beyond what was already committed. Unset, every call is a
 * single comparison. `GOLEM_TS_DISK_FAULTS=signals` lets a test fill and empty the host's disk
 * with SIGUSR2 (see armDiskFaults).
 */
import type Database from 'better-sqlite3';
export const CRASH_POINTS = {
  'worker-created': 'a worker and its create entry are committed; the create request is not answered yet',
  'complete-committed': 'a promise completion is committed; the complete request is not answered yet',
  'complete-answered': 'a completion was answered; resuming the worker that awaits it has not started',
  replay: 'a worker is being rebuilt by replay (counts replayed host calls, those a guest thread replayed itself included)',
  'pure-entries': 'entries of pure calls (clocks, random) a guest thread answered itself reached the host; they are not committed yet',
  'atomic-region': 'a host call inside an atomic region committed its effect; the region has not ended',
  'before-completion': "the guest's export returned; its completion entry is not committed yet",
  'http-response-unrecorded': 'an outgoing HTTP request was sent and its response received; the response is not recorded yet',
  'http-response-recorded': "an outgoing HTTP request's response is recorded; the invocation has not finished",
} as const;

export type CrashPoint = keyof typeof CRASH_POINTS;

const armed = parse(process.env.GOLEM_TS_CRASH_AT);
let hits = 0;

function parse(spec: string | undefined): { point: CrashPoint; nth: number } | undefined {
  if (!spec) return undefined;
  const [point, nth = '1'] = spec.split(':');
  if (!(point in CRASH_POINTS) || !/^[1-9]\d*$/.test(nth)) {
    throw new Error(`GOLEM_TS_CRASH_AT=${spec}: expected <point>[:<n>] with a point among ${Object.keys(CRASH_POINTS).join(', ')}`);
  }
  return { point: point as CrashPoint, nth: Number(nth) };
}

/** Kills this process at once if GOLEM_TS_CRASH_AT names `point` and this is its n-th hit. */
export function crashPoint(point: CrashPoint): void {
  if (armed?.point !== point || ++hits !== armed.nth) return;
  process.kill(process.pid, 'SIGKILL');
  // SIGKILL is delivered asynchronously: make sure not one more statement of the host runs.
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

const DISK_FILLER = 'golem-ts:disk-filler';

/**
 * Fills the disk under `db` as SQLite sees it: the database may grow no further than it is, and
 * the room left in its pages is used up by filler rows, so writes that need space are refused
 * exactly as on a full disk, without a small filesystem to mount.
 */
export function fillDisk(db: Database.Database): void {
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  const insert = db.prepare('INSERT INTO kv (bucket, key, value) VALUES (?, ?, ?)');
  let i = 0;
  for (const size of [1024, 64]) {
    try {
      for (;;) insert.run(DISK_FILLER, String(i++), Buffer.alloc(size));
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_FULL') throw e;
      // full at this size: try smaller rows
    }
  }
}

/** Undoes fillDisk: the database may grow again, and the filler rows go. */
export function emptyDisk(db: Database.Database): void {
  db.pragma('max_page_count = 1073741823');
  db.prepare('DELETE FROM kv WHERE bucket = ?').run(DISK_FILLER);
}

/**
 * With `GOLEM_TS_DISK_FAULTS=signals`, each SIGUSR2 fills the host's disk or, when full, empties
 * it again (fillDisk, emptyDisk). SIGUSR1 would start Node's inspector.
 */
export function armDiskFaults(db: Database.Database): void {
  if (process.env.GOLEM_TS_DISK_FAULTS !== 'signals') return;
  let full = false;
  process.on('SIGUSR2', () => {
    if (!db.open) return;
    full = !full;
    (full ? fillDisk : emptyDisk)(db);
  });
}
