import { findFunction, parseFunctionName, type WitFunction, type WorldExport } from '../wit/index.ts';
import { jsName } from './js-name.ts';

/** An exported function as the host calls it. */
export interface Resolved {
  fn: WitFunction;
  /** Canonical name written to the oplog: `instance/function` or a bare world function. */
  name: string;
  path: string[];
}

/** Accepts Golem's name forms (`ns:pkg/iface/fn`, `ns:pkg/iface.{fn}`, bare world functions). */
export function resolveExport(exports: WorldExport[], functionName: string): Resolved | undefined {
  const fn = findFunction(exports, functionName);
  if (!fn) return undefined;
  const { instance } = parseFunctionName(functionName);
  if (fn.kind !== 'freestanding') return undefined; // resources have no JSON form on this host
  return instance === null
    ? { fn, name: fn.name, path: [jsName(fn.name)] }
    : { fn, name: `${instance}/${fn.name}`, path: [instance, jsName(fn.name)] };
}
