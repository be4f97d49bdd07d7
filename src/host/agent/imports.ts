import type { ComponentImport } from '../../wit/binary/world.ts';
import type { WorkerContext } from '../imports/context.ts';
import { keyValue } from '../imports/keyvalue.ts';
import { provide, type Interfaces } from '../imports/provide.ts';
import { wasi } from '../imports/wasi/index.ts';
import type { WasiIo } from '../imports/wasi/io.ts';
import { golemApi15 } from './golem-api.ts';
import { logging } from './logging.ts';
import { promiseAwarePoll } from './promise-pollable.ts';
import { withTraps } from './traps.ts';

/**
 * The import object of one agent instance (a Golem 1.5 component built on Golem's TypeScript
 * SDK): the host's WASI 0.2 (versionless in jco's import object, durable as for every worker),
 * wasi:keyvalue, wasi:logging (console.error and friends), golem:api/host@1.5.0 and golem:core/types@1.5.0 (golem-api.ts), with poll
 * aware of promise pollables; every other function the component imports traps with its name.
 */
export function agentImports(ctx: WorkerContext, imports: ComponentImport[]): Interfaces {
  const w = wasi(ctx) as WasiIo;
  const poll = w['wasi:io/poll'];
  const withPromisePoll = { ...w, 'wasi:io/poll': { Pollable: poll.Pollable, poll: promiseAwarePoll(ctx, poll.poll) } };
  return withTraps(provide(withPromisePoll, keyValue(ctx), logging(ctx), golemApi15(ctx, poll.Pollable)), imports);
}

/** Whether a component is a Golem 1.5 agent: it imports golem:api/host@1.5.x. */
export function isAgentComponent(imports: ComponentImport[]): boolean {
  return imports.some((i) => /^golem:api\/host@1\.5\./.test(i.name));
}
