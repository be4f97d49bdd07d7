import { randomUUID } from 'node:crypto';
import type { WitFunction } from '../../wit/index.ts';
import { ExecutorError } from '../errors.ts';
import type { Store } from '../store.ts';
import { RpcCalls, type RpcCall, type RpcError, type RpcOutcome } from './calls.ts';
import { paramsToJson, resultToWit, WitValueError } from './wit-value.ts';

/** What the dispatcher needs from the executor: small hooks, so the executor stays the one owner of workers. */
export interface RpcHost {
  /** The target's export `functionName` (any of Golem's name forms), or undefined. */
  functionOf(templateId: string, worker: string, functionName: string): Promise<WitFunction | undefined>;
  workerExists(templateId: string, worker: string): boolean;
  createWorker(templateId: string, worker: string): Promise<unknown>;
  invokeAndAwait(templateId: string, worker: string, functionName: string, params: unknown, opts: { invocationKey: string }): Promise<unknown>;
  invoke(templateId: string, worker: string, functionName: string, params: unknown): Promise<void>;
  /** The caller may be suspended waiting for the outcome. */
  resume(templateId: string, worker: string): void;
}

/**
 * Carries worker-to-worker calls out: the caller's host import records the request (RpcCalls row +
 * oplog entry) and suspends; this runs the call on the target and stores the outcome, then wakes
 * the caller, whose replay reads it. After a host restart, recover() sends unanswered calls again
 * (invoke-and-await under the same invocation key, so a call the target already ran is not repeated).
 */
export class RpcDispatcher {
  readonly calls: RpcCalls;
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly host: RpcHost,
  ) {
    this.calls = new RpcCalls(store);
  }

  dispatch(call: RpcCall): void {
    const id = `${call.caller.templateId}/${call.caller.worker}/${call.idx}`;
    if (this.inFlight.has(id)) return;
    this.inFlight.add(id);
    void this.run(call)
      .then((outcome) => {
        if (!this.store.db.open) return; // the host closed meanwhile: recover() sends it again
        this.calls.finish(call, outcome);
        this.host.resume(call.caller.templateId, call.caller.worker);
      })
      .catch(() => {})
      .finally(() => this.inFlight.delete(id));
  }

  /** After a restart: unanswered calls are sent again; answered ones wake their caller. */
  recover(): void {
    for (const call of this.calls.all()) {
      if (call.outcome) this.host.resume(call.caller.templateId, call.caller.worker);
      else this.dispatch(call);
    }
  }

  private async run(call: RpcCall): Promise<RpcOutcome> {
    const { templateId, worker } = call.target;
    try {
      if (templateId === call.caller.templateId && worker === call.caller.worker) {
        return err('protocol-error', `worker ${worker} cannot call itself through RPC (it is busy with the calling invocation)`);
      }
      // Golem creates the target worker on first use, with no arguments or environment.
      if (!this.host.workerExists(templateId, worker)) await this.host.createWorker(templateId, worker).catch(alreadyExists);
      const fn = await this.host.functionOf(templateId, worker, call.functionName);
      if (!fn) return err('not-found', `template ${templateId} has no function ${call.functionName}`);
      const params = paramsToJson(fn, call.params);
      if (call.mode === 'invoke') {
        await this.host.invoke(templateId, worker, call.functionName, params);
        return { ok: null };
      }
      let key = call.invocationKey;
      if (!key) {
        key = randomUUID();
        this.store.transaction(() => {
          this.calls.setInvocationKey(call, key as string);
          this.store.insertInvocationKey(templateId, worker, key as string);
        });
      }
      const response = await this.host.invokeAndAwait(templateId, worker, call.functionName, params, { invocationKey: key });
      return { ok: resultToWit(fn, response) };
    } catch (e) {
      return { err: toRpcError(e) };
    }
  }
}

function alreadyExists(e: unknown): void {
  if (!(e instanceof ExecutorError && e.code === 'WORKER_ALREADY_EXISTS')) throw e;
}

const err = (tag: RpcError['tag'], val: string): RpcOutcome => ({ err: { tag, val } });

/** Executor failures as golem:rpc's rpc-error cases. */
function toRpcError(e: unknown): RpcError {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof WitValueError) return { tag: 'protocol-error', val: message };
  if (e instanceof ExecutorError) {
    if (e.code === 'TEMPLATE_NOT_FOUND' || e.code === 'WORKER_NOT_FOUND') return { tag: 'not-found', val: message };
    if (e.code === 'INVALID_REQUEST') return { tag: 'protocol-error', val: e.errors.join('; ') };
    if (e.code === 'LIMIT_EXCEEDED') return { tag: 'denied', val: message };
  }
  return { tag: 'remote-internal-error', val: message };
}
