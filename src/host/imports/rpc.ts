import { isUuid } from '../../guest/uuid.ts';
import type { RpcMode, RpcOutcome } from '../rpc/calls.ts';
import { fromGuest, toGuest, type WitValue } from '../rpc/wit-value.ts';
import { Entry } from '../oplog.ts';
import { HostTrap, SuspendSignal } from '../signals.ts';
import type { WorkerContext } from './context.ts';

const fn = (name: string) => `golem:rpc/types/${name}`;

/** `worker://<template-id>/<worker-name>`, the location Golem's wasm-rpc constructor takes. */
export function parseWorkerUri(uri: string): { templateId: string; worker: string } {
  const m = /^worker:\/\/([^/]+)\/([^/]+)$/.exec(uri);
  if (!m || !isUuid(m[1])) throw new HostTrap(`wasm-rpc: invalid worker URI ${JSON.stringify(uri)} (expected worker://<template-id>/<worker-name>)`);
  return { templateId: m[1], worker: decodeURIComponent(m[2]) };
}

/**
 * golem:rpc/types@0.1.0: the `wasm-rpc` resource. A call is two durable host calls: the request
 * (its own oplog index names the call; the target is asked once, live only) and its outcome,
 * read like await-promise: while the target has not answered, the caller suspends and is resumed
 * by replay. Replay answers both from the oplog, so nothing is sent twice.
 */
export function rpcTypes(ctx: WorkerContext): Record<string, unknown> {
  const { durability: d, rpc } = ctx;

  const call = (target: { templateId: string; worker: string }, mode: RpcMode, functionName: string, params: WitValue[]): RpcOutcome => {
    if (!rpc) throw new HostTrap('wasm-rpc is not available on this host');
    const plain = params.map(fromGuest);
    const idx = d.indexed(fn(`wasm-rpc.${mode}`), 'WriteRemote', (i) =>
      rpc.insert({ caller: { templateId: ctx.templateId, worker: ctx.workerName }, idx: i, target, functionName, params: plain, mode }),
    );
    const id = { templateId: ctx.templateId, worker: ctx.workerName, idx };
    if (!d.replaying) {
      const pending = rpc.get(id);
      if (pending && !pending.outcome) rpc.dispatch(pending);
    }
    const outcome = d.call(fn(`wasm-rpc.${mode}/outcome`), 'ReadRemote', () => {
      const row = rpc.get(id);
      if (!row) throw new HostTrap(`wasm-rpc: call ${idx} of ${ctx.workerName} is unknown to the host`);
      if (!row.outcome) {
        d.append(Entry.suspendOnRpc(idx));
        throw new SuspendSignal(idx);
      }
      return row.outcome;
    });
    if (!d.replaying) rpc.remove(id);
    return outcome;
  };

  const unwrap = (o: RpcOutcome): WitValue | null => {
    if ('err' in o) throw { payload: o.err };
    return o.ok;
  };

  class WasmRpc {
    private readonly target: { templateId: string; worker: string };
    constructor(location: { value: string }) {
      this.target = parseWorkerUri(location.value);
    }

    invokeAndAwait(functionName: string, functionParams: WitValue[]): unknown {
      return toGuest(unwrap(call(this.target, 'invoke-and-await', functionName, functionParams)) as WitValue);
    }

    invoke(functionName: string, functionParams: WitValue[]): void {
      unwrap(call(this.target, 'invoke', functionName, functionParams));
    }

    asyncInvokeAndAwait(): never {
      throw new HostTrap('wasm-rpc: async-invoke-and-await is not supported by the golem-ts host; use invoke-and-await (the caller suspends until the answer arrives)');
    }
  }

  class FutureInvokeResult {
    subscribe(): never {
      throw new HostTrap('wasm-rpc: future-invoke-result is not supported by the golem-ts host');
    }
    get(): never {
      throw new HostTrap('wasm-rpc: future-invoke-result is not supported by the golem-ts host');
    }
  }

  return { WasmRpc, FutureInvokeResult };
}
