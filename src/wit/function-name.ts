import { dropFunction } from './golem-type.ts';
import type { WitFunction, WorldExport } from './model.ts';

export interface ParsedFunctionName {
  /** The exported instance (`golem:underwriting/api`), or null for a world-level function. */
  instance: string | null;
  /** The function within the instance; with `resource` set, the resource member (`new`, `drop`, a method). */
  function: string;
  /** Set for Golem's resource sugar (`ns:pkg/iface/counter/inc`, `ns:pkg/iface.{counter.inc}`). */
  resource?: string;
}

/**
 * Splits a Golem function name (typed-json.md §3). Template-era Golem counts slashes:
 * none → world-level `run`; one or two → `iface/fn`, `ns:pkg/iface/fn` (instance = up to the
 * last slash); three → resource sugar `ns:pkg/iface/resource/member`; more → a world-level name.
 * Later Golem writes `ns:pkg/iface.{fn}` (and `.{resource.member}`), accepted as well.
 */
export function parseFunctionName(name: string): ParsedFunctionName {
  const braced = /^(.*)\.\{(.+)\}$/s.exec(name);
  if (braced) return parseBraced(braced[1], braced[2]);
  if (name.startsWith('{') && name.endsWith('}')) return { instance: null, function: name.slice(1, -1) };
  const parts = name.split('/');
  switch (parts.length) {
    case 1:
      return { instance: null, function: name };
    case 2:
    case 3:
      return { instance: parts.slice(0, -1).join('/'), function: parts[parts.length - 1] };
    case 4:
      return { instance: parts.slice(0, 2).join('/'), resource: parts[2], function: parts[3] };
    default:
      return { instance: null, function: name };
  }
}

function parseBraced(instance: string, inner: string): ParsedFunctionName {
  // `[method]r.x` and friends are explicit names; `r.x` is resource sugar.
  if (inner.startsWith('[')) return { instance, function: inner };
  const dot = inner.indexOf('.');
  if (dot < 0) return { instance, function: inner };
  return { instance, resource: inner.slice(0, dot), function: inner.slice(dot + 1) };
}

/**
 * The exported function a Golem function name denotes, or null. World-level functions are
 * found only by bare name, as in Golem. Resource sugar maps `new` to `[constructor]r`, `drop` to
 * `[drop]r` and anything else to `[method]r.x`, falling back to `[static]r.x`.
 */
export function findFunction(exports: WorldExport[], name: string): WitFunction | null {
  const parsed = parseFunctionName(name);
  if (parsed.instance === null) {
    const found = exports.find((e) => e.type === 'Function' && e.name === parsed.function);
    return found?.type === 'Function' ? { ...found.function, name: found.name } : null;
  }
  const instance = exports.find((e) => e.type === 'Instance' && e.name === parsed.instance);
  if (!instance || instance.type !== 'Instance') return null;
  const byName = (fnName: string): WitFunction | null => {
    const direct = instance.functions.find((f) => f.name === fnName);
    if (direct) return direct;
    const dropped = /^\[drop\](.+)$/.exec(fnName);
    if (!dropped) return null;
    const constructor = instance.functions.find((f) => f.name === `[constructor]${dropped[1]}`);
    return constructor ? dropFunction(constructor) : null;
  };
  if (parsed.resource === undefined) return byName(parsed.function);
  const r = parsed.resource;
  if (parsed.function === 'new') return byName(`[constructor]${r}`);
  if (parsed.function === 'drop') return byName(`[drop]${r}`);
  return byName(`[method]${r}.${parsed.function}`) ?? byName(`[static]${r}.${parsed.function}`);
}
