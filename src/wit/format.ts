import type { WitFunction, WitParam, WitType } from './model.ts';

/** WIT source text of a type, naming named types (`list<string>`, `result<submission, string>`). */
export function formatWitType(type: WitType): string {
  switch (type.kind) {
    case 'list':
      return `list<${formatWitType(type.element)}>`;
    case 'option':
      return `option<${formatWitType(type.inner)}>`;
    case 'result':
      if (!type.ok && !type.err) return 'result';
      if (!type.err) return `result<${formatWitType(type.ok!)}>`;
      return `result<${type.ok ? formatWitType(type.ok) : '_'}, ${formatWitType(type.err)}>`;
    case 'tuple':
      return `tuple<${type.items.map(formatWitType).join(', ')}>`;
    case 'record':
    case 'variant':
    case 'enum':
    case 'flags':
      return type.name;
    case 'handle':
      // A bare resource name means `own<r>` in WIT.
      return type.mode === 'own' ? type.resource : `borrow<${type.resource}>`;
    default:
      return type.kind;
  }
}

/** `func(app: application) -> result<submission, string>`. */
export function formatSignature(fn: WitFunction): string {
  const params = formatParams(fn.params);
  const results = fn.results;
  if (results.kind === 'named') return `func${params} -> ${formatParams(results.items)}`;
  return results.type ? `func${params} -> ${formatWitType(results.type)}` : `func${params}`;
}

function formatParams(params: WitParam[]): string {
  return `(${params.map((p) => `${p.name}: ${formatWitType(p.type)}`).join(', ')})`;
}
