import { record, restore, type Recorded } from '../recorded.js';
import type { Store } from '../store.ts';
import type { WitValue } from './wit-value.ts';

export type RpcMode = 'invoke-and-await' | 'invoke';
export type RpcError = { tag: 'protocol-error' | 'denied' | 'not-found' | 'remote-internal-error'; val: string };
/** `ok` is the result tuple of invoke-and-await, or null once a fire-and-forget invoke was accepted. */
export type RpcOutcome = { ok: WitValue | null } | { err: RpcError };

export interface RpcCall {
  caller: { templateId: string; worker: string };
  /** Oplog index of the caller's request entry: names the call. */
  idx: number;
  target: { templateId: string; worker: string };
  functionName: string;
  params: WitValue[];
  mode: RpcMode;
  /** Invocation key on the target (invoke-and-await): a re-sent call after a restart joins the first. */
  invocationKey: string | null;
  outcome: RpcOutcome | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rpc_calls (
  caller_template TEXT NOT NULL, caller_worker TEXT NOT NULL, oplog_idx INTEGER NOT NULL,
  target_template TEXT NOT NULL, target_worker TEXT NOT NULL, function_name TEXT NOT NULL,
  params TEXT NOT NULL, mode TEXT NOT NULL, invocation_key TEXT, outcome TEXT,
  PRIMARY KEY (caller_template, caller_worker, oplog_idx));
`;

interface Row {
  caller_template: string;
  caller_worker: string;
  oplog_idx: number;
  target_template: string;
  target_worker: string;
  function_name: string;
  params: string;
  mode: RpcMode;
  invocation_key: string | null;
  outcome: string | null;
}

/**
 * Worker-to-worker calls in flight, in the host's SQLite file (own table, same transactions):
 * written with the caller's request entry, given an outcome when the target answered, and
 * removed once the caller recorded that outcome in its oplog.
 */
export class RpcCalls {
  constructor(private readonly store: Store) {
    store.db.exec(SCHEMA);
  }

  insert(call: Omit<RpcCall, 'outcome' | 'invocationKey'>): void {
    this.store.db
      .prepare('INSERT OR REPLACE INTO rpc_calls (caller_template, caller_worker, oplog_idx, target_template, target_worker, function_name, params, mode) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(call.caller.templateId, call.caller.worker, call.idx, call.target.templateId, call.target.worker, call.functionName, JSON.stringify(record(call.params)), call.mode);
  }

  get(templateId: string, worker: string, idx: number): RpcCall | undefined {
    const row = this.store.db.prepare('SELECT * FROM rpc_calls WHERE caller_template = ? AND caller_worker = ? AND oplog_idx = ?').get(templateId, worker, idx) as Row | undefined;
    return row && fromRow(row);
  }

  all(): RpcCall[] {
    return (this.store.db.prepare('SELECT * FROM rpc_calls ORDER BY rowid').all() as Row[]).map(fromRow);
  }

  setInvocationKey(call: RpcCall, key: string): void {
    this.store.db.prepare('UPDATE rpc_calls SET invocation_key = ? WHERE caller_template = ? AND caller_worker = ? AND oplog_idx = ?').run(key, call.caller.templateId, call.caller.worker, call.idx);
  }

  finish(call: RpcCall, outcome: RpcOutcome): void {
    this.store.db
      .prepare('UPDATE rpc_calls SET outcome = ? WHERE caller_template = ? AND caller_worker = ? AND oplog_idx = ?')
      .run(JSON.stringify(record(outcome)), call.caller.templateId, call.caller.worker, call.idx);
  }

  remove(templateId: string, worker: string, idx: number): void {
    this.store.db.prepare('DELETE FROM rpc_calls WHERE caller_template = ? AND caller_worker = ? AND oplog_idx = ?').run(templateId, worker, idx);
  }
}

function fromRow(r: Row): RpcCall {
  return {
    caller: { templateId: r.caller_template, worker: r.caller_worker },
    idx: r.oplog_idx,
    target: { templateId: r.target_template, worker: r.target_worker },
    functionName: r.function_name,
    params: restore(JSON.parse(r.params) as Recorded) as WitValue[],
    mode: r.mode,
    invocationKey: r.invocation_key,
    outcome: r.outcome === null ? null : (restore(JSON.parse(r.outcome) as Recorded) as RpcOutcome),
  };
}
