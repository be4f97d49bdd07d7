#!/usr/bin/env node
// node:sqlite against better-sqlite3 on oplog writes as the store makes them (WAL, exclusive
// locking, synchronous NORMAL, one prepared INSERT per entry in autocommit, and 8 entries per
// transaction) and on reading a worker's oplog back (replay). Not part of `npm run bench`: it
// decided a dependency (README, Performance). Run: node bench/sqlite-drivers.js
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Better from 'better-sqlite3';
import { DatabaseSync } from 'node:sqlite';

const N = 20_000;
const entry = JSON.stringify({ kind: 'imported-function-invoked', functionName: 'golem:api/host/get-self-metadata', response: { workerId: 'x'.repeat(60), args: [], env: [] } });
const SCHEMA = 'CREATE TABLE oplog (template_id TEXT NOT NULL, worker_name TEXT NOT NULL, idx INTEGER NOT NULL, timestamp TEXT NOT NULL, entry TEXT NOT NULL, PRIMARY KEY (template_id, worker_name, idx))';

function run(driver) {
  const dir = mkdtempSync(join(tmpdir(), 'golem-ts-sqlite-drivers-'));
  const db = driver === 'better-sqlite3' ? new Better(join(dir, 'db')) : new DatabaseSync(join(dir, 'db'));
  for (const p of ['locking_mode = EXCLUSIVE', 'journal_mode = WAL', 'synchronous = NORMAL', 'wal_autocheckpoint = 10000']) db.exec(`PRAGMA ${p}`);
  db.exec(SCHEMA);
  const insert = db.prepare('INSERT INTO oplog (template_id, worker_name, idx, timestamp, entry) VALUES (?, ?, ?, ?, ?)');
  const tx = (fn) => {
    db.exec('BEGIN');
    try {
      fn();
      db.exec('COMMIT');
    } catch (e) {
      db.exec('ROLLBACK');
      throw e;
    }
  };
  const ts = new Date().toISOString();
  let idx = 0;
  const perEntry = (fn, n) => {
    const t = performance.now();
    fn();
    return ((performance.now() - t) / n) * 1000;
  };
  const autocommit = perEntry(() => {
    for (let i = 0; i < N; i++) insert.run('t', 'w1', idx++, ts, entry);
  }, N);
  const batched = perEntry(() => {
    for (let i = 0; i < N / 8; i++) tx(() => { for (let j = 0; j < 8; j++) insert.run('t', 'w2', idx++, ts, entry); });
  }, N);
  const select = db.prepare('SELECT idx, timestamp, entry FROM oplog WHERE template_id = ? AND worker_name = ? AND idx > ? ORDER BY idx');
  const read = perEntry(() => {
    for (let i = 0; i < 20; i++) select.all('t', 'w1', 0);
  }, 20 * N);
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return { autocommit, batched, read };
}

const drivers = ['better-sqlite3', 'node:sqlite'];
const best = Object.fromEntries(drivers.map((d) => [d, { autocommit: Infinity, batched: Infinity, read: Infinity }]));
for (let round = 0; round < 4; round++) {
  for (const d of drivers) {
    const r = run(d);
    if (round === 0) continue; // warm-up
    for (const k of Object.keys(r)) best[d][k] = Math.min(best[d][k], r[k]);
  }
}
console.log(`${process.version}, best of 3 (µs per entry; ratio node:sqlite / better-sqlite3):`);
for (const [k, what] of [['autocommit', 'insert, autocommit'], ['batched', 'insert, 8 per transaction'], ['read', "read a worker's oplog"]]) {
  const [b, n] = drivers.map((d) => best[d][k]);
  console.log(`  ${what.padEnd(26)} better-sqlite3 ${b.toFixed(2)}  node:sqlite ${n.toFixed(2)}  → ${(n / b).toFixed(2)}×`);
}
