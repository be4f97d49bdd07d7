import type { WitType } from '../../src/wit/index.ts';
import { RANGES } from './typed-json-arbitraries.ts';

/**
 * Breaks valid typed JSON in one place. A site is a node of the JSON value with its WIT type and
 * path (as the codec names paths: `value.field`, `value[2]`, `value.ok`, `value.case`); a
 * mutation replaces it with something that is invalid for that type, and says at which path the
 * decoder must report it. Each mutation here is invalid whatever the rest of the value is.
 */

export interface Site {
  type: WitType;
  json: unknown;
  path: string;
  /** The whole JSON value with this node replaced. */
  replace(node: unknown): unknown;
}

export interface Mutation {
  /** What the mutation does, for failure messages. */
  label: string;
  node: unknown;
  /** Appended to the site's path to give the path of the error. */
  at: string;
}

/** A key that no generated WIT name can equal (an underscore is not allowed in WIT identifiers). */
export const UNKNOWN_NAME = 'No_such_name';

export function sitesOf(type: WitType, json: unknown, path: string, replace: (node: unknown) => unknown = (node) => node): Site[] {
  const sites: Site[] = [{ type, json, path, replace }];
  const child = (childType: WitType, childJson: unknown, childPath: string, rebuild: (node: unknown) => unknown): void => {
    sites.push(...sitesOf(childType, childJson, childPath, (node) => replace(rebuild(node))));
  };
  const array = json as unknown[];
  const object = json as Record<string, unknown>;
  switch (type.kind) {
    case 'list':
      array.forEach((item, i) => child(type.element, item, `${path}[${i}]`, (node) => array.map((x, j) => (j === i ? node : x))));
      break;
    case 'tuple':
      type.items.forEach((item, i) => child(item, array[i], `${path}[${i}]`, (node) => array.map((x, j) => (j === i ? node : x))));
      break;
    case 'option':
      // An option adds nothing to the path and its some is the inner value itself, so the inner
      // node is this same site (mutationsOf(option) breaks it without producing null, a valid none).
      if (json !== null) sites.push(...sitesOf(type.inner, json, path, replace).slice(1));
      break;
    case 'result': {
      const tag = Object.hasOwn(object, 'ok') ? 'ok' : 'err';
      const side = type[tag];
      if (side) child(side, object[tag], `${path}.${tag}`, (node) => ({ [tag]: node }));
      break;
    }
    case 'record':
      for (const field of type.fields) child(field.type, object[field.name], `${path}.${field.name}`, (node) => ({ ...object, [field.name]: node }));
      break;
    case 'variant': {
      const [name] = Object.keys(object);
      const found = type.cases.find((c) => c.name === name)!;
      if (found.type) child(found.type, object[name], `${path}.${name}`, (node) => ({ [name]: node }));
      break;
    }
    default:
      break;
  }
  return sites;
}

const wrongShapes = (...nodes: unknown[]): Mutation[] => nodes.map((node) => ({ label: `replace with ${show(node)}`, node, at: '' }));

/** Mutations that make `json` (a valid value of `type`, or null for an option's none) invalid. */
export function mutationsOf(type: WitType, json: unknown): Mutation[] {
  switch (type.kind) {
    case 'bool':
      return wrongShapes(0, 'true', null, [], {});
    case 's8':
    case 'u8':
    case 's16':
    case 'u16':
    case 's32':
    case 'u32':
    case 's64':
    case 'u64': {
      const [min, max] = RANGES[type.kind];
      const big = type.kind === 's64' || type.kind === 'u64';
      const beyond = (n: bigint): unknown => (big ? n : Number(n));
      return wrongShapes('x', '', '1.5', ' 1', 1.5, -0.5, 1e300, true, null, [], {}, [1], beyond(max + 1n), beyond(min - 1n), ...(big ? [] : ['1']));
    }
    case 'f32':
      return wrongShapes('1', true, null, [], {}, 1e39, -1e39, 3.5e38, 10n ** 39n);
    case 'f64':
      return wrongShapes('1', true, null, [], {}, [1.5]);
    case 'char':
      return wrongShapes('A', '', 'ab', 0xd800, 0xdbff, 0xdc00, 0xdfff, 0x110000, -1, 1.5, 2n ** 64n, null, true, [65]);
    case 'string':
      return wrongShapes(5, null, true, [], {}, ['x'], '\ud800', 'a\udc00', '\udc00\ud800', 'x\ud83d');
    case 'list':
      return wrongShapes('x', {}, null, 1, true);
    case 'option':
      // null is a valid none: every other way to break the inner type breaks the option.
      return mutationsOf(type.inner, json === null ? undefined : json).filter((m) => m.node !== null);
    case 'result':
      return [
        ...wrongShapes([], 'ok', {}, { value: 1 }, null, 0, { Ok: 1 }),
        ...(type.ok ? [] : [{ label: 'payload for a unit ok', node: { ok: 0 }, at: '.ok' }]),
        ...(type.err ? [] : [{ label: 'payload for a unit err', node: { err: 'x' }, at: '.err' }]),
      ];
    case 'tuple': {
      const items = Array.isArray(json) ? json : undefined;
      return [
        ...wrongShapes('x', {}, null, 1),
        ...(items ? [{ label: 'one item short', node: items.slice(0, -1), at: '' }, { label: 'one item too many', node: [...items, null], at: '' }] : []),
      ];
    }
    case 'record': {
      const object = isObject(json) ? json : undefined;
      const required = object ? type.fields.filter((f) => f.type.kind !== 'option') : [];
      return [
        ...wrongShapes('x', [], null, 1),
        ...required.map((f) => ({ label: `drop field ${f.name}`, node: withoutKey(object!, f.name), at: '' })),
      ];
    }
    case 'variant': {
      const object = isObject(json) ? json : undefined;
      const name = object ? Object.keys(object)[0] : undefined;
      const unit = type.cases.find((c) => c.name === name && !c.type);
      return [
        ...wrongShapes('x', [], null, {}, { [UNKNOWN_NAME]: null }, type.cases[0].name),
        ...(object ? [{ label: 'unknown case first', node: { [UNKNOWN_NAME]: 1, ...object }, at: '' }] : []),
        ...(unit ? [{ label: 'payload for a unit case', node: { [unit.name]: 0 }, at: `.${unit.name}` }, { label: 'false for a unit case', node: { [unit.name]: false }, at: `.${unit.name}` }] : []),
      ];
    }
    case 'enum':
      return wrongShapes(UNKNOWN_NAME, '', 0, null, [], {}, true, [type.cases[0]]);
    case 'flags': {
      const set = Array.isArray(json) ? json : undefined;
      const extra = (label: string, item: unknown): Mutation => ({ label, node: [...set!, item], at: `[${set!.length}]` });
      return [
        ...wrongShapes('x', {}, null, true, type.flags[0]),
        ...(set ? [extra('unknown flag', UNKNOWN_NAME), extra('null flag', null), extra('object flag', {}), extra('array flag', [type.flags[0]])] : []),
      ];
    }
    case 'handle':
      return wrongShapes('x');
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withoutKey(object: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...object };
  delete copy[key];
  return copy;
}

function show(node: unknown): string {
  return typeof node === 'bigint' ? `${node}n` : JSON.stringify(node);
}
