import type { HandleType, WitFunction, WitType, WorldExport } from './model.ts';

export { formatSignature, formatWitType } from './format.ts';

export type GolemLeafType = 'Bool' | 'S8' | 'U8' | 'S16' | 'U16' | 'S32' | 'U32' | 'S64' | 'U64' | 'F32' | 'F64' | 'Chr' | 'Str';

/** Golem's template-metadata `Type` JSON (typed-json.md §2). */
export type GolemType =
  | { type: GolemLeafType }
  | { type: 'List' | 'Option'; inner: GolemType }
  | { type: 'Tuple'; items: GolemType[] }
  | { type: 'Record'; cases: { name: string; typ: GolemType }[] }
  | { type: 'Variant'; cases: { name: string; typ?: GolemType }[] }
  | { type: 'Enum' | 'Flags'; cases: string[] }
  | { type: 'Result'; ok?: GolemType; err?: GolemType }
  | { type: 'Handle'; resource_id: number; mode: 'Borrowed' | 'Owned' };

export interface GolemFunction {
  name: string;
  parameters: { name: string; typ: GolemType }[];
  results: { name?: string; typ: GolemType }[];
}

export type GolemExport =
  | { type: 'Instance'; name: string; functions: GolemFunction[] }
  | ({ type: 'Function' } & GolemFunction);

/** Numbers resource handles; Golem uses the component's type index, which WIT source cannot know. */
export type ResourceIdOf = (handle: HandleType) => number;

const LEAF: Record<string, GolemLeafType> = {
  bool: 'Bool',
  s8: 'S8',
  u8: 'U8',
  s16: 'S16',
  u16: 'U16',
  s32: 'S32',
  u32: 'U32',
  s64: 'S64',
  u64: 'U64',
  f32: 'F32',
  f64: 'F64',
  char: 'Chr',
  string: 'Str',
};

export function toGolemType(type: WitType, resourceId: ResourceIdOf = resourceNumbering()): GolemType {
  const convert = (t: WitType): GolemType => toGolemType(t, resourceId);
  switch (type.kind) {
    case 'list':
      return { type: 'List', inner: convert(type.element) };
    case 'option':
      return { type: 'Option', inner: convert(type.inner) };
    case 'tuple':
      return { type: 'Tuple', items: type.items.map(convert) };
    case 'record':
      return { type: 'Record', cases: type.fields.map((f) => ({ name: f.name, typ: convert(f.type) })) };
    case 'variant':
      return { type: 'Variant', cases: type.cases.map((c) => (c.type ? { name: c.name, typ: convert(c.type) } : { name: c.name })) };
    case 'enum':
      return { type: 'Enum', cases: [...type.cases] };
    case 'flags':
      return { type: 'Flags', cases: [...type.flags] };
    case 'result': {
      const result: GolemType = { type: 'Result' };
      if (type.ok) result.ok = convert(type.ok);
      if (type.err) result.err = convert(type.err);
      return result;
    }
    case 'handle':
      return { type: 'Handle', resource_id: resourceId(type), mode: type.mode === 'own' ? 'Owned' : 'Borrowed' };
    default:
      return { type: LEAF[type.kind] };
  }
}

/** Numbers resources 0, 1, … in order of first appearance. */
export function resourceNumbering(): ResourceIdOf {
  const ids = new Map<string, number>();
  return (handle) => {
    const key = `${handle.owner}#${handle.resource}`;
    if (!ids.has(key)) ids.set(key, ids.size);
    return ids.get(key)!;
  };
}

/**
 * The template metadata `exports` array for a world's exports. As Golem does, each exported
 * resource constructor is followed by a synthetic `[drop]R` function.
 */
export function exportMetadata(worldExports: WorldExport[], resourceId: ResourceIdOf = resourceNumbering()): GolemExport[] {
  return worldExports.map((exp) => {
    if (exp.type === 'Function') return { type: 'Function', ...functionMetadata({ ...exp.function, name: exp.name }, resourceId) };
    const functions: GolemFunction[] = [];
    for (const fn of exp.functions) {
      functions.push(functionMetadata(fn, resourceId));
      if (fn.kind === 'constructor' && fn.resource) functions.push(functionMetadata(dropFunction(fn), resourceId));
    }
    return { type: 'Instance', name: exp.name, functions };
  });
}

export function functionMetadata(fn: WitFunction, resourceId: ResourceIdOf = resourceNumbering()): GolemFunction {
  const parameters = fn.params.map((p) => ({ name: p.name, typ: toGolemType(p.type, resourceId) }));
  const results =
    fn.results.kind === 'named'
      ? fn.results.items.map((r) => ({ name: r.name, typ: toGolemType(r.type, resourceId) }))
      : fn.results.type
        ? [{ typ: toGolemType(fn.results.type, resourceId) }]
        : [];
  return { name: fn.name, parameters, results };
}

/** Golem's synthetic `[drop]R` for a resource whose constructor is exported. */
export function dropFunction(constructor: WitFunction): WitFunction {
  const resource = constructor.resource!;
  const created = constructor.results.kind === 'anon' ? constructor.results.type : undefined;
  const owner = created?.kind === 'handle' ? created.owner : '';
  return {
    name: `[drop]${resource}`,
    kind: 'method',
    resource,
    params: [{ name: 'self', type: { kind: 'handle', resource, owner, mode: 'own' } }],
    results: { kind: 'anon' },
  };
}
