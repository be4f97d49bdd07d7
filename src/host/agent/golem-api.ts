import { uuidFromString, uuidToString, type UuidBits } from '../../guest/uuid.ts';
import type { WorkerContext } from '../imports/context.ts';
import { golemHost } from '../imports/golem-host.ts';
import type { Interfaces } from '../imports/provide.ts';
import { HostTrap } from '../signals.ts';
import type { PromiseKey } from '../types.ts';
import { promisePollable, type PollableClass } from './promise-pollable.ts';

/** golem:core/types@1.5.0 ids as the guest's bindings shape them. */
interface AgentId {
  componentId: { uuid: UuidBits };
  agentId: string;
}
interface PromiseId {
  agentId: AgentId;
  oplogIdx: bigint;
}

/** Oplog names of host calls are versionless (`golem:api/host/create-promise`), as for golem:api/host@0.2.0: one reader (promises.ts, oplog.ts) for both. */
const fn = (name: string) => `golem:api/host/${name}`;

/**
 * golem:api/host@1.5.0 and golem:core/types@1.5.0 for agents: a worker is an agent (its name
 * the agent id, `CounterAgent("c1")`), a promise id names the agent's component and agent id.
 * Promises are the host's durable promises; awaiting one is `get-promise` → `subscribe` →
 * wasi:io/poll (see promise-pollable.ts). Functions whose signatures did not change since
 * golem:api/host@0.2.0 share its implementation (one home per behaviour). The rest of the
 * interface traps (traps.ts).
 */
export function golemApi15(ctx: WorkerContext, Pollable: PollableClass): Interfaces {
  const { promises, durability: d } = ctx;
  const base = golemHost(ctx) as Record<string, (...a: never[]) => unknown>;
  const self: AgentId = { componentId: { uuid: uuidFromString(ctx.templateId) }, agentId: ctx.workerName };
  const key = (id: PromiseId): PromiseKey => ({ templateId: uuidToString(id.agentId.componentId.uuid), workerName: id.agentId.agentId, oplogIdx: Number(id.oplogIdx) });
  const name = (k: PromiseKey) => `${k.templateId}/${k.workerName}/${k.oplogIdx}`;

  class GetPromiseResult {
    constructor(private readonly promise: PromiseKey) {}
    subscribe() {
      return promisePollable(Pollable, ctx, this.promise);
    }
    get(): Uint8Array | undefined {
      return d.call(fn('get-promise-result/get'), 'ReadRemote', () => {
        const row = promises.get(this.promise);
        if (!row) throw new HostTrap(`promise ${name(this.promise)} not found`);
        return row.state === 'complete' ? (row.data ?? new Uint8Array()) : undefined;
      }, { request: [name(this.promise)] });
    }
  }

  return {
    'golem:api/host': {
      GetPromiseResult,
      // create and complete are golem:api/host@0.2.0's, the ids converted (its worker-id is an agent id here).
      createPromise(): PromiseId {
        const { oplogIdx } = base.createPromise() as unknown as { oplogIdx: bigint };
        return { agentId: self, oplogIdx };
      },
      getPromise(id: PromiseId) {
        return new GetPromiseResult(key(id));
      },
      completePromise(id: PromiseId, data: Uint8Array): boolean {
        const legacy = { workerId: { templateId: id.agentId.componentId, workerName: id.agentId.agentId }, oplogIdx: id.oplogIdx };
        return (base.completePromise as unknown as (id: unknown, data: Uint8Array) => boolean)(legacy, data);
      },
      trap(reason: string): never {
        throw new HostTrap(reason);
      },
      getOplogIndex: base.getOplogIndex,
      setOplogIndex: base.setOplogIndex,
      oplogCommit: base.oplogCommit,
      markBeginOperation: base.markBeginOperation,
      markEndOperation: base.markEndOperation,
      getOplogPersistenceLevel: base.getOplogPersistenceLevel,
      setOplogPersistenceLevel: base.setOplogPersistenceLevel,
      getIdempotenceMode: base.getIdempotenceMode,
      setIdempotenceMode: base.setIdempotenceMode,
      generateIdempotencyKey: base.generateIdempotencyKey,
    },
    'golem:core/types': {
      parseUuid(text: string): UuidBits {
        try {
          return uuidFromString(text);
        } catch (e) {
          throw { payload: (e as Error).message };
        }
      },
      uuidToString,
    },
  };
}
