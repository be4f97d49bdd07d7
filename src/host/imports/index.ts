import type { WorkerContext } from './context.ts';
import { golemHost, type GolemApiIdField } from './golem-host.ts';
import { keyValue } from './keyvalue.ts';
import { provide, type Interfaces } from './provide.ts';
import { rpcTypes } from './rpc.ts';
import { wasi } from './wasi/index.ts';

/** The jco import object for one worker instance, keyed by unversioned interface name. */
export function hostImports(ctx: WorkerContext, idField: GolemApiIdField = 'templateId'): Interfaces {
  return provide({ 'golem:api/host': golemHost(ctx, idField), 'golem:rpc/types': rpcTypes(ctx) }, keyValue(ctx), wasi(ctx));
}

/**
 * The import object as the host builds it, for checking a component's imports at upload: built
 * over a context nothing is called on (only the shape is inspected).
 */
export function providedImports(): Interfaces {
  return hostImports(probeContext());
}

/** A context nothing is called on, for reading an import object's shape. */
export function probeContext(): WorkerContext {
  return { templateId: '00000000-0000-0000-0000-000000000000', workerName: '' } as unknown as WorkerContext;
}
