import { formatWitType } from './format.ts';
import type { WitFunction, WitResults, WitType } from './model.ts';

/**
 * Where two WIT types differ in what crosses the component boundary, or undefined when they
 * agree: kinds, record field and case names in order, element types, resource names and handle
 * modes. Type names and parameter names are not compared (they do not cross it).
 * `at` names the place for the message: `result`, `param 1 (id)`, `field multiplier`.
 */
export function typeDifference(expected: WitType, found: WitType, at: string): string | undefined {
  const differ = () => `${at}: expected ${describe(expected)}, found ${describe(found)}`;
  if (expected.kind !== found.kind) return differ();
  switch (expected.kind) {
    case 'list':
      return typeDifference(expected.element, (found as typeof expected).element, `${at} list element`);
    case 'option':
      return typeDifference(expected.inner, (found as typeof expected).inner, `${at} option value`);
    case 'result': {
      const f = found as typeof expected;
      return optionalDifference(expected.ok, f.ok, `${at} ok`) ?? optionalDifference(expected.err, f.err, `${at} error`);
    }
    case 'tuple': {
      const f = found as typeof expected;
      if (expected.items.length !== f.items.length) return differ();
      return firstOf(expected.items.map((t, i) => () => typeDifference(t, f.items[i], `${at} item ${i}`)));
    }
    case 'record': {
      const f = found as typeof expected;
      if (expected.fields.map((x) => x.name).join() !== f.fields.map((x) => x.name).join()) return differ();
      return firstOf(expected.fields.map((x, i) => () => typeDifference(x.type, f.fields[i].type, `${at} field ${x.name}`)));
    }
    case 'variant': {
      const f = found as typeof expected;
      if (expected.cases.map((c) => c.name).join() !== f.cases.map((c) => c.name).join()) return differ();
      return firstOf(expected.cases.map((c, i) => () => optionalDifference(c.type, f.cases[i].type, `${at} case ${c.name}`)));
    }
    case 'enum':
      return expected.cases.join() === (found as typeof expected).cases.join() ? undefined : differ();
    case 'flags':
      return expected.flags.join() === (found as typeof expected).flags.join() ? undefined : differ();
    case 'handle': {
      const f = found as typeof expected;
      return expected.resource === f.resource && expected.mode === f.mode ? undefined : differ();
    }
    default:
      return undefined; // the same primitive
  }
}

/** Where two function types differ (parameters in order, then results), or undefined when they agree. */
export function signatureDifference(expected: WitFunction, found: WitFunction): string | undefined {
  if (expected.params.length !== found.params.length) return `${expected.params.length} parameters expected, ${found.params.length} found`;
  const params = firstOf(expected.params.map((p, i) => () => typeDifference(p.type, found.params[i].type, `parameter ${i + 1} (${p.name})`)));
  return params ?? resultsDifference(expected.results, found.results);
}

function resultsDifference(expected: WitResults, found: WitResults): string | undefined {
  const list = (r: WitResults) => (r.kind === 'anon' ? (r.type ? [r.type] : []) : r.items.map((i) => i.type));
  const e = list(expected);
  const f = list(found);
  if (e.length !== f.length || (expected.kind === 'named') !== (found.kind === 'named')) return `results: expected ${describeResults(expected)}, found ${describeResults(found)}`;
  return firstOf(e.map((t, i) => () => typeDifference(t, f[i], e.length === 1 ? 'result' : `result ${i + 1}`)));
}

function optionalDifference(expected: WitType | undefined, found: WitType | undefined, at: string): string | undefined {
  if (!expected || !found) return expected === found ? undefined : `${at}: expected ${expected ? describe(expected) : 'none'}, found ${found ? describe(found) : 'none'}`;
  return typeDifference(expected, found, at);
}

function firstOf(checks: (() => string | undefined)[]): string | undefined {
  for (const check of checks) {
    const d = check();
    if (d) return d;
  }
  return undefined;
}

/** A type for a message: named types spelled out (`record retry-policy { … }`), since names alone may agree. */
function describe(t: WitType): string {
  switch (t.kind) {
    case 'record':
      return `record ${t.name} { ${t.fields.map((f) => `${f.name}: ${formatWitType(f.type)}`).join(', ')} }`;
    case 'variant':
      return `variant ${t.name} { ${t.cases.map((c) => (c.type ? `${c.name}(${formatWitType(c.type)})` : c.name)).join(', ')} }`;
    case 'enum':
      return `enum ${t.name} { ${t.cases.join(', ')} }`;
    case 'flags':
      return `flags ${t.name} { ${t.flags.join(', ')} }`;
    default:
      return formatWitType(t);
  }
}

function describeResults(r: WitResults): string {
  if (r.kind === 'named') return `(${r.items.map((i) => `${i.name}: ${formatWitType(i.type)}`).join(', ')})`;
  return r.type ? formatWitType(r.type) : 'none';
}
