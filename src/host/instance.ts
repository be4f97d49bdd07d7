import { Durability } from './durability.ts';
import type { WorkerContext } from './imports/context.ts';
import { golemHost } from './imports/golem-host.ts';
import { keyValue } from './imports/keyvalue.ts';
import { rpcTypes } from './imports/rpc.ts';
import { WASI_IMPORTS, wasi } from './imports/wasi.ts';
import type { LoadedTemplate } from './templates.ts';

/** The jco import object for one worker instance, keyed by unversioned interface name. */
export function hostImports(ctx: WorkerContext): Record<string, unknown> {
  const kv = keyValue(ctx);
  return {
    'golem:api/host': golemHost(ctx),
    'golem:rpc/types': rpcTypes(ctx),
    'wasi:keyvalue/types': kv.types,
    'wasi:keyvalue/wasi-keyvalue-error': kv.error,
    'wasi:keyvalue/eventual': kv.eventual,
    'wasi:keyvalue/atomic': kv.atomic,
    'wasi:keyvalue/eventual-batch': kv.batch,
    ...wasi(ctx),
  };
}

/** Interfaces the host implements; a component importing anything else is refused at upload. */
export const PROVIDED_IMPORTS: readonly string[] = [
  'golem:api/host',
  'golem:rpc/types',
  'wasi:keyvalue/types',
  'wasi:keyvalue/wasi-keyvalue-error',
  'wasi:keyvalue/eventual',
  'wasi:keyvalue/atomic',
  'wasi:keyvalue/eventual-batch',
  ...WASI_IMPORTS,
];

export interface WorkerInstance {
  exports: Record<string, unknown>;
  durability: Durability;
  ctx: WorkerContext;
}

export async function instantiate(template: LoadedTemplate, ctx: WorkerContext): Promise<WorkerInstance> {
  const exports = await template.instantiate(hostImports(ctx));
  return { exports, durability: ctx.durability, ctx };
}

/** jco names exports in camelCase: `await-decision` → `awaitDecision`. */
export function jsName(witName: string): string {
  return witName.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
