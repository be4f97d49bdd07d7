import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseJson, stringifyJson } from '../wit/index.ts';
import { armDiskFaults } from './crash-points.ts';
import type { OplogEntry, OplogPayload, WorkerInfo, WorkerStatus } from './types.ts';

export interface TemplateRow {
  id: string;
  version: number;
  name: string;
  size: number;
  sha256: string;
  /** JSON of the template's export metadata. */
  exports: string;
  createdAt: string;
}

export interface WorkerRow extends WorkerInfo {
  createdAt: string;
  lastError: string | null;
}

export interface PromiseRow {
  state: 'pending' | 'complete';
  data: Uint8Array | null;
}

export interface InvocationKeyRow {
  state: 'pending' | 'complete';
  /** stringifyJson text of the typed-JSON result, or of `{ "error": … }` for a failed invocation. */
  result: string | null;
}

/** Most oplog rows one INSERT writes (5 parameters each). */
const OPLOG_BATCH = 32;
/** `INSERT_OPLOG[n]`: the statement that writes n oplog rows, 1 ≤ n ≤ OPLOG_BATCH. */
const INSERT_OPLOG = Array.from({ length: OPLOG_BATCH + 1 }, (_, n) => `INSERT INTO oplog (template_id, worker_name, idx, timestamp, entry) VALUES ${Array(n).fill('(?, ?, ?, ?, ?)').join(', ')}`);

const SCHEMA = `
CREATE TABLE IF NOT EXISTS templates (
  id TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, size INTEGER NOT NULL,
  sha256 TEXT NOT NULL, exports TEXT NOT NULL, created_at TEXT NOT NULL,
  PRIMARY KEY (id, version));
CREATE TABLE IF NOT EXISTS workers (
  template_id TEXT NOT NULL, name TEXT NOT NULL, template_version INTEGER NOT NULL,
  args TEXT NOT NULL, env TEXT NOT NULL, status TEXT NOT NULL, retry_count INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL, last_error TEXT,
  PRIMARY KEY (template_id, name));
CREATE TABLE IF NOT EXISTS oplog (
  template_id TEXT NOT NULL, worker_name TEXT NOT NULL, idx INTEGER NOT NULL,
  timestamp TEXT NOT NULL, entry TEXT NOT NULL,
  PRIMARY KEY (template_id, worker_name, idx));
CREATE TABLE IF NOT EXISTS promises (
  template_id TEXT NOT NULL, worker_name TEXT NOT NULL, oplog_idx INTEGER NOT NULL,
  state TEXT NOT NULL, data BLOB,
  PRIMARY KEY (template_id, worker_name, oplog_idx));
CREATE TABLE IF NOT EXISTS invocation_keys (
  template_id TEXT NOT NULL, worker_name TEXT NOT NULL, key TEXT NOT NULL,
  state TEXT NOT NULL, result TEXT, created_at TEXT NOT NULL,
  PRIMARY KEY (template_id, worker_name, key));
CREATE TABLE IF NOT EXISTS queued_invocations (
  id INTEGER PRIMARY KEY AUTOINCREMENT, template_id TEXT NOT NULL, worker_name TEXT NOT NULL,
  function_name TEXT NOT NULL, params TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS kv (
  bucket TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL,
  PRIMARY KEY (bucket, key));
`;

/**
 * Everything durable lives in one SQLite file (WAL): a write is on disk before the call that
 * made it returns, so kill -9 at any point loses nothing that was acknowledged.
 */
export class Store {
  readonly db: Database.Database;
  readonly dataDir: string;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.dataDir = dataDir;
    this.db = new Database(join(dataDir, 'golem-ts.sqlite'));
    // One host per data dir: exclusive locking keeps a second host out (and keeps WAL's index in
    // memory instead of a shared-memory file, which makes every commit cheaper).
    this.db.pragma('locking_mode = EXCLUSIVE');
    try {
      this.db.pragma('journal_mode = WAL');
    } catch (e) {
      this.db.close();
      if ((e as { code?: string }).code === 'SQLITE_BUSY') throw new Error(`the data directory ${dataDir} is in use by another golem-ts host`);
      throw e;
    }
    // NORMAL under WAL: every commit survives a crash of this process (kill -9); only an OS
    // crash or power cut can lose the last commits. FULL would fsync per oplog entry.
    this.db.pragma('synchronous = NORMAL');
    // Checkpoint (which fsyncs) every ~40 MB of WAL instead of every ~4 MB: fewer stalls on the hot path.
    this.db.pragma('wal_autocheckpoint = 10000');
    this.db.exec(SCHEMA);
    this.runInTransaction = this.db.transaction((fn: () => unknown) => fn());
    this.refuseLostDatabase();
    armDiskFaults(this.db);
  }

  /**
   * Uploaded templates live beside the database (templates/<id>/<version>). A database that has
   * no template row while such files exist was lost or replaced (an empty or deleted
   * golem-ts.sqlite): starting would serve an empty host and hide the workers it had.
   */
  private refuseLostDatabase(): void {
    const templatesDir = join(this.dataDir, 'templates');
    if (!existsSync(templatesDir)) return;
    const stored = readdirSync(templatesDir).filter((name) => !name.startsWith('.'));
    if (stored.length === 0 || (this.q('SELECT COUNT(*) AS n FROM templates').get() as { n: number }).n > 0) return;
    this.db.close();
    throw new Error(
      `the data directory ${this.dataDir} holds ${stored.length} uploaded template(s) under templates/ but its database golem-ts.sqlite is empty or missing: ` +
        'refusing to start an empty host over them. Restore golem-ts.sqlite from a backup, or move the data directory aside to start afresh.',
    );
  }

  private readonly statements = new Map<string, Database.Statement>();
  private readonly lastIdx = new Map<string, number>();
  private readonly pending = new Map<string, PendingRow[]>();
  /** Queued invocations that started: removed in the same commit as their invoked entry. */
  private readonly startedQueued = new Map<string, number[]>();
  /** Worker rows are read on every invocation; the cache is written through on every change. */
  private readonly workerCache = new Map<string, WorkerRow>();
  /** Workers whose cached row has deferred changes (see updateWorker). */
  private readonly dirtyWorkers = new Set<string>();
  /**
   * Undoes the in-memory changes made inside the running transaction (see `transaction`): the
   * state above is changed only by writes that commit, so after a failed write (say, the disk
   * is full) memory still says what the database says.
   */
  private undoLog: (() => void)[] | undefined;

  /** Inside a transaction, `undo` runs if it rolls back; outside one the change was committed already. */
  private onRollback(undo: () => void): void {
    this.undoLog?.push(undo);
  }

  /** What runs once the running transaction commits (see afterCommit). */
  private commitLog: (() => void)[] = [];
  /** Per worker: what runs once its deferred changes commit (see updateWorker's `committed`). */
  private readonly deferredNotes = new Map<string, (() => void)[]>();

  /**
   * Runs `fn` once what was written so far is committed: at once outside a transaction (each
   * write commits by itself), after the outermost commit inside one, never if it rolls back. For
   * telling observers only what the database holds (src/host/status-events.ts).
   */
  afterCommit(fn: () => void): void {
    if (this.undoLog === undefined) return fn();
    this.commitLog.push(fn);
    this.onRollback(() => {
      const at = this.commitLog.lastIndexOf(fn);
      if (at >= 0) this.commitLog.splice(at, 1);
    });
  }

  /** The deferred changes of `key` are being written in this transaction: their notes run once it commits. */
  private notesCommitted(key: string): void {
    const notes = this.deferredNotes.get(key);
    if (!notes) return;
    this.deferredNotes.delete(key);
    this.onRollback(() => this.deferredNotes.set(key, notes));
    for (const note of notes) this.afterCommit(note);
  }

  /** Prepared once, reused: an invocation writes several rows and must stay cheap. */
  private q(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  close(): void {
    for (const key of new Set([...this.pending.keys(), ...this.dirtyWorkers, ...this.startedQueued.keys()])) {
      const slash = key.indexOf('/');
      try {
        this.flushOplog(key.slice(0, slash), key.slice(slash + 1));
      } catch (e) {
        // Deferred entries are what a crash may lose; a store that refuses them loses them the same way.
        if (!isStorageFailure(e)) throw e;
      }
    }
    this.db.close();
  }

  /** Built once: better-sqlite3 compiles a wrapper per `db.transaction` call. Nested calls become savepoints. */
  private readonly runInTransaction: (fn: () => unknown) => unknown;

  /**
   * Runs `fn` in one transaction (a savepoint when nested). If it throws or does not commit, the
   * database rolls back, and so does every in-memory change made inside it.
   */
  transaction<T>(fn: () => T): T {
    const outermost = this.undoLog === undefined;
    const log = (this.undoLog ??= []);
    const mark = log.length;
    let result: T;
    try {
      result = this.runInTransaction(fn) as T;
    } catch (e) {
      for (const undo of log.splice(mark).reverse()) undo();
      throw e;
    } finally {
      if (outermost) this.undoLog = undefined;
    }
    if (outermost) for (const committed of this.commitLog.splice(0)) committed();
    return result;
  }

  // ---- templates

  insertTemplate(row: TemplateRow): void {
    this
      .q('INSERT INTO templates (id, version, name, size, sha256, exports, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(row.id, row.version, row.name, row.size, row.sha256, row.exports, row.createdAt);
  }

  templateVersions(id: string): TemplateRow[] {
    return this.q('SELECT id, version, name, size, sha256, exports, created_at AS createdAt FROM templates WHERE id = ? ORDER BY version').all(id) as TemplateRow[];
  }

  allTemplates(): TemplateRow[] {
    return this.q('SELECT id, version, name, size, sha256, exports, created_at AS createdAt FROM templates ORDER BY created_at, id, version').all() as TemplateRow[];
  }

  // ---- workers

  insertWorker(w: WorkerRow): void {
    this
      .q('INSERT INTO workers (template_id, name, template_version, args, env, status, retry_count, created_at, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(w.templateId, w.name, w.templateVersion, JSON.stringify(w.args), JSON.stringify(w.env), w.status, w.retryCount, w.createdAt, w.lastError);
  }

  worker(templateId: string, name: string): WorkerRow | undefined {
    const key = `${templateId}/${name}`;
    const cached = this.workerCache.get(key);
    if (cached) return { ...cached };
    const r = this.q('SELECT * FROM workers WHERE template_id = ? AND name = ?').get(templateId, name) as RawWorker | undefined;
    if (!r) return undefined;
    const row = toWorkerRow(r);
    this.workerCache.set(key, row);
    this.onRollback(() => this.workerCache.delete(key)); // read inside a transaction: it may not commit
    return { ...row };
  }

  /** The worker's row as committed: without deferred changes that have not reached the database. */
  committedWorker(templateId: string, name: string): WorkerRow | undefined {
    const r = this.q('SELECT * FROM workers WHERE template_id = ? AND name = ?').get(templateId, name) as RawWorker | undefined;
    return r && toWorkerRow(r);
  }

  workers(templateId?: string): WorkerRow[] {
    const rows = (templateId
      ? this.q('SELECT * FROM workers WHERE template_id = ? ORDER BY created_at, name').all(templateId)
      : this.q('SELECT * FROM workers ORDER BY created_at, name').all()) as RawWorker[];
    return rows.map(toWorkerRow);
  }

  workerCount(): number {
    return (this.q('SELECT COUNT(*) AS n FROM workers').get() as { n: number }).n;
  }

  /**
   * `deferred`: the change is visible through `worker()` at once but reaches the database with
   * the worker's next oplog write, like deferred oplog entries (a crash before that write leaves
   * no trace of the change, nor of anything it led to).
   */
  updateWorker(
    templateId: string,
    name: string,
    patch: { status?: WorkerStatus; retryCount?: number; lastError?: string | null; templateVersion?: number },
    deferred = false,
    /** Runs once this change is committed (afterCommit; a deferred one with the write that carries it), never if it is rolled back or forgotten. */
    committed?: () => void,
  ): void {
    const key = `${templateId}/${name}`;
    const cached = this.worker(templateId, name) && (this.workerCache.get(key) as WorkerRow);
    if (!cached) return;
    if (committed && deferred) this.deferNote(key, committed);
    const before = { ...cached };
    const wasDirty = this.dirtyWorkers.has(key);
    const next: WorkerRow = { ...cached };
    if (patch.status !== undefined) next.status = patch.status;
    if (patch.retryCount !== undefined) next.retryCount = patch.retryCount;
    if (patch.lastError !== undefined) next.lastError = patch.lastError;
    if (patch.templateVersion !== undefined) next.templateVersion = patch.templateVersion;
    if (!deferred) {
      this.writeWorker(next); // first: a refused write leaves the cache as it was
      // The row written carries the deferred changes too.
      this.notesCommitted(key);
      if (committed) this.afterCommit(committed);
    }
    Object.assign(cached, next);
    if (deferred) this.dirtyWorkers.add(key);
    else this.dirtyWorkers.delete(key);
    this.onRollback(() => {
      Object.assign(cached, before);
      if (wasDirty) this.dirtyWorkers.add(key);
      else this.dirtyWorkers.delete(key);
    });
  }

  private deferNote(key: string, note: () => void): void {
    const before = this.deferredNotes.get(key);
    this.deferredNotes.set(key, [...(before ?? []), note]);
    this.onRollback(() => (before ? this.deferredNotes.set(key, before) : this.deferredNotes.delete(key)));
  }

  private writeWorker(w: WorkerRow): void {
    this
      .q('UPDATE workers SET status = ?, retry_count = ?, last_error = ?, template_version = ? WHERE template_id = ? AND name = ?')
      .run(w.status, w.retryCount, w.lastError, w.templateVersion, w.templateId, w.name);
  }

  deleteWorker(templateId: string, name: string): void {
    this.transaction(() => {
      for (const table of ['workers', 'oplog', 'promises', 'invocation_keys', 'queued_invocations']) {
        const col = table === 'workers' ? 'name' : 'worker_name';
        this.q(`DELETE FROM ${table} WHERE template_id = ? AND ${col} = ?`).run(templateId, name);
      }
    });
    this.lastIdx.delete(`${templateId}/${name}`);
    this.workerCache.delete(`${templateId}/${name}`);
    this.dirtyWorkers.delete(`${templateId}/${name}`);
    this.pending.delete(`${templateId}/${name}`);
    this.startedQueued.delete(`${templateId}/${name}`);
    this.deferredNotes.delete(`${templateId}/${name}`);
  }

  // ---- oplog

  /**
   * Appends an entry. `deferred` entries (reads of clocks and randomness) get their index now but
   * reach the database with the next non-deferred entry of the worker: a crash can only lose
   * reads whose effects were never committed, and replay reads those again. This keeps a guest
   * that checks the clock on every event-loop turn from paying one commit per reading.
   */
  appendOplog(templateId: string, worker: string, payload: OplogPayload, deferred = false): OplogEntry {
    const key = `${templateId}/${worker}`;
    const idx = this.lastOplogIndex(templateId, worker) + 1;
    const timestamp = new Date().toISOString();
    const row: PendingRow = { idx, timestamp, entry: stringifyJson(payload) as string };
    if (deferred) {
      const rows = this.pending.get(key);
      if (rows) rows.push(row);
      else this.pending.set(key, [row]);
      this.onRollback(() => {
        const now = this.pending.get(key) ?? [];
        if (now.includes(row)) now.splice(now.indexOf(row), 1);
        if (now.length === 0) this.pending.delete(key);
      });
    } else if (this.hasDeferred(key)) {
      this.transaction(() => this.writePending(templateId, worker, row));
    } else {
      this.insertOplogRow(templateId, worker, row);
    }
    this.setLastIndex(key, idx); // after the write: a refused entry takes no index
    return { idx, timestamp, ...payload };
  }

  private setLastIndex(key: string, idx: number): void {
    const before = this.lastIdx.get(key);
    this.lastIdx.set(key, idx);
    this.onRollback(() => (before === undefined ? this.lastIdx.delete(key) : this.lastIdx.set(key, before)));
  }

  private insertOplogRow(templateId: string, worker: string, r: PendingRow): void {
    this.q(INSERT_OPLOG[1]).run(templateId, worker, r.idx, r.timestamp, r.entry);
  }

  /** Several rows in one statement per OPLOG_BATCH (a deferred batch: an invocation's clock reads, its completion). */
  private insertOplogRows(templateId: string, worker: string, rows: readonly PendingRow[]): void {
    for (let at = 0; at < rows.length; at += OPLOG_BATCH) {
      const batch = rows.slice(at, at + OPLOG_BATCH);
      const params: unknown[] = [];
      for (const r of batch) params.push(templateId, worker, r.idx, r.timestamp, r.entry);
      this.q(INSERT_OPLOG[batch.length]).run(params);
    }
  }

  /** Writes a worker's deferred entries and changes (before reading its oplog, and on close). */
  flushOplog(templateId: string, worker: string): void {
    const key = `${templateId}/${worker}`;
    if (this.hasDeferred(key)) this.transaction(() => this.writePending(templateId, worker));
  }

  /**
   * Forgets a worker's changes that were never committed — deferred entries and status, queued
   * invocations marked started — as a crash would, so the next step starts from the database.
   * For a worker whose run broke off because the store refused a write.
   */
  forgetUncommitted(templateId: string, worker: string): void {
    const key = `${templateId}/${worker}`;
    this.pending.delete(key);
    this.startedQueued.delete(key);
    this.dirtyWorkers.delete(key);
    this.workerCache.delete(key);
    this.lastIdx.delete(key);
    this.deferredNotes.delete(key);
  }

  private hasDeferred(key: string): boolean {
    return this.pending.has(key) || this.dirtyWorkers.has(key) || this.startedQueued.has(key);
  }

  /**
   * Inside a transaction only: the deferred state is cleared with an undo, so a failed commit
   * keeps it. `next`: the entry that is not deferred, written with them.
   */
  private writePending(templateId: string, worker: string, next?: PendingRow): void {
    const key = `${templateId}/${worker}`;
    const rows = this.pending.get(key);
    const started = this.startedQueued.get(key);
    const dirty = this.dirtyWorkers.has(key) ? this.workerCache.get(key) : undefined;
    this.insertOplogRows(templateId, worker, next ? [...(rows ?? []), next] : (rows ?? []));
    if (dirty) this.writeWorker(dirty);
    if (dirty) this.notesCommitted(key);
    for (const id of started ?? []) this.q('DELETE FROM queued_invocations WHERE id = ?').run(id);
    this.pending.delete(key);
    this.startedQueued.delete(key);
    this.dirtyWorkers.delete(key);
    this.onRollback(() => {
      if (rows) this.pending.set(key, rows);
      if (started) this.startedQueued.set(key, started);
      if (dirty) this.dirtyWorkers.add(key);
    });
  }

  oplog(templateId: string, worker: string, from = 1, to = Number.MAX_SAFE_INTEGER): OplogEntry[] {
    this.flushOplog(templateId, worker);
    const rows = this.q('SELECT idx, timestamp, entry FROM oplog WHERE template_id = ? AND worker_name = ? AND idx >= ? AND idx <= ? ORDER BY idx').all(templateId, worker, from, to) as PendingRow[];
    // Params and results may hold integers beyond 2^53: parsed back exactly, as bigint.
    return rows.map((r) => ({ idx: r.idx, timestamp: r.timestamp, ...(parseJson(r.entry) as OplogPayload) }));
  }

  /** One entry of a worker's oplog (without reading the rest of the tail). */
  oplogEntry(templateId: string, worker: string, idx: number): OplogEntry | undefined {
    return this.oplog(templateId, worker, idx, idx)[0];
  }

  lastOplogIndex(templateId: string, worker: string): number {
    const key = `${templateId}/${worker}`;
    let idx = this.lastIdx.get(key);
    if (idx === undefined) {
      const row = this.q('SELECT MAX(idx) AS m FROM oplog WHERE template_id = ? AND worker_name = ?').get(templateId, worker) as { m: number | null };
      idx = row.m ?? 0;
      this.setLastIndex(key, idx);
    }
    return idx;
  }



  // ---- promises

  createPromise(templateId: string, worker: string, oplogIdx: number): void {
    // OR IGNORE: replaying a create-promise must never reset a completed promise.
    this.q("INSERT OR IGNORE INTO promises (template_id, worker_name, oplog_idx, state) VALUES (?, ?, ?, 'pending')").run(templateId, worker, oplogIdx);
  }

  promise(templateId: string, worker: string, oplogIdx: number): PromiseRow | undefined {
    const r = this.q('SELECT state, data FROM promises WHERE template_id = ? AND worker_name = ? AND oplog_idx = ?').get(templateId, worker, oplogIdx) as
      | { state: 'pending' | 'complete'; data: Buffer | null }
      | undefined;
    return r && { state: r.state, data: r.data ? new Uint8Array(r.data) : null };
  }

  /** undefined: no such promise; false: already complete; true: completed now. */
  completePromise(templateId: string, worker: string, oplogIdx: number, data: Uint8Array): boolean | undefined {
    const res = this
      .q("UPDATE promises SET state = 'complete', data = ? WHERE template_id = ? AND worker_name = ? AND oplog_idx = ? AND state = 'pending'")
      .run(Buffer.from(data), templateId, worker, oplogIdx);
    if (res.changes === 1) return true;
    return this.promise(templateId, worker, oplogIdx) ? false : undefined;
  }

  deletePromise(templateId: string, worker: string, oplogIdx: number): void {
    this.q('DELETE FROM promises WHERE template_id = ? AND worker_name = ? AND oplog_idx = ?').run(templateId, worker, oplogIdx);
  }

  // ---- invocations accepted by `invoke` (fire-and-forget): kept until they start

  queueInvocation(templateId: string, worker: string, functionName: string, params: unknown): number {
    const res = this.q('INSERT INTO queued_invocations (template_id, worker_name, function_name, params, created_at) VALUES (?, ?, ?, ?, ?)').run(
      templateId,
      worker,
      functionName,
      stringifyJson(params) ?? 'null',
      new Date().toISOString(),
    );
    return Number(res.lastInsertRowid);
  }

  /** Forgets a queued invocation once it started; deferred like the invoked entry it became. */
  queuedInvocationStarted(templateId: string, worker: string, id: number): void {
    const key = `${templateId}/${worker}`;
    const before = this.startedQueued.get(key);
    this.startedQueued.set(key, [...(before ?? []), id]);
    this.onRollback(() => (before ? this.startedQueued.set(key, before) : this.startedQueued.delete(key)));
  }

  queuedInvocations(): { id: number; templateId: string; worker: string; functionName: string; params: unknown }[] {
    const rows = this.q('SELECT id, template_id, worker_name, function_name, params FROM queued_invocations ORDER BY id').all() as {
      id: number;
      template_id: string;
      worker_name: string;
      function_name: string;
      params: string;
    }[];
    return rows.map((r) => ({ id: r.id, templateId: r.template_id, worker: r.worker_name, functionName: r.function_name, params: parseJson(r.params) }));
  }

  // ---- invocation keys

  insertInvocationKey(templateId: string, worker: string, key: string): void {
    this
      .q("INSERT OR IGNORE INTO invocation_keys (template_id, worker_name, key, state, created_at) VALUES (?, ?, ?, 'pending', ?)")
      .run(templateId, worker, key, new Date().toISOString());
  }

  invocationKey(templateId: string, worker: string, key: string): InvocationKeyRow | undefined {
    return this.q('SELECT state, result FROM invocation_keys WHERE template_id = ? AND worker_name = ? AND key = ?').get(templateId, worker, key) as
      | InvocationKeyRow
      | undefined;
  }

  completeInvocationKey(templateId: string, worker: string, key: string, result: string): void {
    this.q("UPDATE invocation_keys SET state = 'complete', result = ? WHERE template_id = ? AND worker_name = ? AND key = ?").run(result, templateId, worker, key);
  }

  // ---- key-value (wasi:keyvalue buckets are shared by all workers, as in Golem)

  kvGet(bucket: string, key: string): Uint8Array | undefined {
    const r = this.q('SELECT value FROM kv WHERE bucket = ? AND key = ?').get(bucket, key) as { value: Buffer } | undefined;
    return r && new Uint8Array(r.value);
  }

  kvSet(bucket: string, key: string, value: Uint8Array): void {
    this.q('INSERT INTO kv (bucket, key, value) VALUES (?, ?, ?) ON CONFLICT (bucket, key) DO UPDATE SET value = excluded.value').run(bucket, key, Buffer.from(value));
  }

  kvDelete(bucket: string, key: string): void {
    this.q('DELETE FROM kv WHERE bucket = ? AND key = ?').run(bucket, key);
  }

  /** Every bucket's entries, by bucket and key, at most `limit` (for the dashboard). */
  kvEntries(limit: number): { bucket: string; key: string; value: Uint8Array }[] {
    const rows = this.q('SELECT bucket, key, value FROM kv ORDER BY bucket, key LIMIT ?').all(limit) as { bucket: string; key: string; value: Buffer }[];
    return rows.map((r) => ({ bucket: r.bucket, key: r.key, value: new Uint8Array(r.value) }));
  }

  kvKeys(bucket: string): string[] {
    return (this.q('SELECT key FROM kv WHERE bucket = ? ORDER BY key').all(bucket) as { key: string }[]).map((r) => r.key);
  }
}

/**
 * A write the database refused (disk full, I/O error, a read-only or corrupt file): not the
 * guest's doing, and nothing of it was committed.
 */
export function isStorageFailure(e: unknown): boolean {
  return e instanceof Database.SqliteError;
}

interface PendingRow {
  idx: number;
  timestamp: string;
  entry: string;
}

interface RawWorker {
  template_id: string;
  name: string;
  template_version: number;
  args: string;
  env: string;
  status: WorkerStatus;
  retry_count: number;
  created_at: string;
  last_error: string | null;
}

function toWorkerRow(r: RawWorker): WorkerRow {
  return {
    templateId: r.template_id,
    name: r.name,
    templateVersion: r.template_version,
    args: JSON.parse(r.args) as string[],
    env: JSON.parse(r.env) as [string, string][],
    status: r.status,
    retryCount: r.retry_count,
    createdAt: r.created_at,
    lastError: r.last_error,
  };
}
