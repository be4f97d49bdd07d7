import { Durability } from './durability.ts';
import type { WorkerContext } from './imports/context.ts';
import { golemHost, type GolemApiIdField } from './imports/golem-host.ts';
import { keyValue } from './imports/keyvalue.ts';
import { rpcTypes } from './imports/rpc.ts';
import { wasi } from './imports/wasi.ts';
import type { LoadedTemplate } from './templates.ts';

/** The jco import object for one worker instance, keyed by unversioned interface name. */
export function hostImports(ctx: WorkerContext, idField: GolemApiIdField = 'templateId'): Record<string, unknown> {
  const kv = keyValue(ctx);
  return {
    'golem:api/host': golemHost(ctx, idField),
    'golem:rpc/types': rpcTypes(ctx),
    'wasi:keyvalue/types': kv.types,
    'wasi:keyvalue/wasi-keyvalue-error': kv.error,
    'wasi:keyvalue/eventual': kv.eventual,
    'wasi:keyvalue/atomic': kv.atomic,
    'wasi:keyvalue/eventual-batch': kv.batch,
    ...wasi(ctx),
  };
}

/**
 * The import object as the host builds it, for checking a component's imports at upload: built
 * over a context nothing is called on (only the shape is inspected).
 */
export function providedImports(): Record<string, unknown> {
  const probe = { templateId: '00000000-0000-0000-0000-000000000000', workerName: '' } as unknown as WorkerContext;
  return hostImports(probe);
}

export interface WorkerInstance {
  exports: Record<string, unknown>;
  durability: Durability;
  ctx: WorkerContext;
}

export async function instantiate(template: LoadedTemplate, ctx: WorkerContext): Promise<WorkerInstance> {
  const exports = await template.instantiate(hostImports(ctx, template.golemApiIdField));
  return { exports, durability: ctx.durability, ctx };
}

/** jco names exports in camelCase: `await-decision` → `awaitDecision`. */
export function jsName(witName: string): string {
  return witName.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
