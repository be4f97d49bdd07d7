/**
 * Worker-to-worker calls through Golem's WASM RPC (`golem:rpc/types@0.1.0`, resource `wasm-rpc`).
 *
 *   const square = remoteFunction('golem:fanout/worker/square', [wit.u64], wit.u64);
 *   const w = RemoteWorker.of(templateId, 'worker-1');   // created on first use
 *   const n = w.call(square, 7n);   // invoke-and-await: this worker waits (on golem-ts: suspends) for the answer
 *   w.invoke(square, 7n);           // fire and forget: returns once the target accepted the call
 *
 * Both are durable: the call is recorded in the caller's oplog and not sent again on replay.
 */
import { WasmRpc } from 'golem:rpc/types@0.1.0';
import { GolemTsError } from './errors.ts';
import { markHostUnwind } from './unwind.ts';
import { fromWitValue, toWitValue, type Infer, type WitCodec, type WitValue } from './wit-value.ts';

/** A remote export's name (`ns:pkg/iface/fn` or `ns:pkg/iface.{fn}`) with its parameter and result types. */
export interface RemoteFunction<P extends readonly WitCodec<unknown>[], R> {
  readonly name: string;
  readonly params: P;
  readonly result: WitCodec<R> | undefined;
}

export function remoteFunction<const P extends readonly WitCodec<unknown>[], R = undefined>(name: string, params: P, result?: WitCodec<R>): RemoteFunction<P, R> {
  return { name, params, result };
}

type Args<P extends readonly WitCodec<unknown>[]> = { [K in keyof P]: Infer<P[K]> };

export type RpcErrorKind = 'protocol-error' | 'denied' | 'not-found' | 'remote-internal-error';

/** The remote call failed: golem:rpc's `rpc-error` (`kind`), e.g. `not-found` for an unknown function. */
export class RpcError extends GolemTsError {
  constructor(
    readonly kind: RpcErrorKind,
    readonly detail: string,
    cause: unknown,
  ) {
    super(`RPC ${kind}: ${detail}`, { code: 'RPC', cause });
    this.name = 'RpcError';
  }
}

/** A client for one worker, `worker://<template-id>/<worker-name>`. */
export class RemoteWorker {
  private readonly rpc: WasmRpc;

  constructor(readonly uri: string) {
    this.rpc = new WasmRpc({ value: uri });
  }

  static of(templateId: string, workerName: string): RemoteWorker {
    return new RemoteWorker(`worker://${templateId}/${encodeURIComponent(workerName)}`);
  }

  /** invoke-and-await: the decoded result (undefined for a function without one). */
  call<P extends readonly WitCodec<unknown>[], R>(fn: RemoteFunction<P, R>, ...args: Args<P>): R {
    const out = rpcCall(() => this.rpc.invokeAndAwait(fn.name, encodeArgs(fn, args)));
    // Golem answers a tuple of the function's results.
    return (fn.result ? fromWitValue(fn.result, out, firstOfTuple(out)) : undefined) as R;
  }

  /** Fire and forget: returns once the target has accepted the invocation. */
  invoke<P extends readonly WitCodec<unknown>[], R>(fn: RemoteFunction<P, R>, ...args: Args<P>): void {
    rpcCall(() => this.rpc.invoke(fn.name, encodeArgs(fn, args)));
  }
}

function encodeArgs<P extends readonly WitCodec<unknown>[]>(fn: RemoteFunction<P, unknown>, args: readonly unknown[]): WitValue[] {
  return fn.params.map((codec, i) => toWitValue(codec, args[i]));
}

function firstOfTuple(v: WitValue): number {
  const root = v.nodes[0];
  if (root?.tag !== 'tuple-value' || root.val.length < 1) throw new GolemTsError(`RPC: expected a result tuple, got ${root?.tag ?? 'no nodes'}`, { code: 'WIT_VALUE' });
  return root.val[0];
}

function rpcCall<T>(call: () => T): T {
  try {
    return call();
  } catch (thrown) {
    const payload = (thrown as { payload?: { tag?: RpcErrorKind; val?: string } } | null)?.payload;
    if (payload && typeof payload.tag === 'string') throw new RpcError(payload.tag, String(payload.val), thrown);
    // Anything else is the host unwinding this worker (e.g. suspending it until the answer arrives).
    throw markHostUnwind(thrown);
  }
}
