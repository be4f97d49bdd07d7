import type { ComponentImport } from '../wit/binary/world.ts';
import { formatSignature, type WitFunction } from '../wit/index.ts';
import { signatureDifference, typeDifference } from '../wit/type-difference.ts';
import { compatibleName, type HostSignatures } from './host-wit.ts';
import type { GolemApiIdField } from './imports/golem-host.ts';
import { jsName } from './js-name.ts';

/**
 * What a component imports, checked against the import object the host really builds: every
 * imported interface must exist and have every function the component asks for (jco looks
 * them up by camelCase name, resources as PascalCase classes). Returns the missing ones,
 * named as WIT does: `golem:api/host@0.2.0.{golem-await-promise}`.
 */
export function missingImports(imports: ComponentImport[], provided: Record<string, unknown>): string[] {
  const missing: string[] = [];
  for (const imp of imports) {
    if (imp.kind === 'type') continue; // a world-level type needs no provider
    const iface = provided[unversioned(imp.name)] as Record<string, unknown> | undefined;
    if (imp.kind !== 'instance' || !iface) {
      missing.push(imp.name);
      continue;
    }
    for (const fn of imp.functions) if (!hasFunction(iface, fn)) missing.push(`${imp.name}.{${fn}}`);
  }
  return missing;
}

/**
 * Imported functions whose WIT type differs from every one the host's WIT gives that function
 * (see hostSignatures), each with the expected and found signatures and where they differ:
 * `golem:api/host@0.2.0.{get-oplog-index} with a signature the host does not provide: expected func() -> u64,
 * found func() -> u32 (result: expected u64, found u32)`.
 * jco would otherwise convert values by the component's types and fail at run time.
 */
export function mismatchedImports(imports: ComponentImport[], host: HostSignatures): string[] {
  const wrong: string[] = [];
  for (const imp of imports) {
    const known = imp.kind === 'instance' ? host.get(compatibleName(imp.name)) : undefined;
    if (!known) continue;
    for (const fn of imp.functions) {
      const expected = known.get(fn);
      if (!expected) continue;
      const name = `${imp.name}.{${fn}}`;
      let found;
      try {
        found = imp.signature(fn);
      } catch (e) {
        wrong.push(`${name} with a type that cannot be read (${(e as Error).message})`);
        continue;
      }
      if (!found) continue;
      if (expected.some((e) => signatureDifference(e, found) === undefined)) continue;
      // Where it differs from the closest dialect: the one agreeing on the most leading parameters.
      const agreeing = (e: WitFunction) => e.params.findIndex((p, i) => !found.params[i] || typeDifference(p.type, found.params[i].type, '') !== undefined);
      const score = (e: WitFunction) => (agreeing(e) < 0 ? e.params.length : agreeing(e));
      const closest = expected.reduce((best, e) => (score(e) > score(best) ? e : best));
      const spelled = [...new Set(expected.map(formatSignature))].join(' or ');
      wrong.push(`${name} with a signature the host does not provide: expected ${spelled}, found ${formatSignature(found)} (${signatureDifference(closest, found)})`);
    }
  }
  return wrong;
}

const unversioned = (name: string) => name.replace(/@[^/]*$/, '');

function hasFunction(iface: Record<string, unknown>, witName: string): boolean {
  const m = /^\[(constructor|method|static)\]([^.]+)(?:\.(.+))?$/.exec(witName);
  if (!m) return typeof iface[jsName(witName)] === 'function';
  const cls = iface[className(m[2])] as (Function & Record<string, unknown>) | undefined;
  if (typeof cls !== 'function') return false;
  if (m[1] === 'constructor') return true;
  const member = jsName(m[3] ?? '');
  return typeof (m[1] === 'method' ? (cls.prototype as Record<string, unknown>)[member] : cls[member]) === 'function';
}

function className(resource: string): string {
  const camel = jsName(resource);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

/**
 * The 2024 spellings of `golem:api/host@0.2.0` differ in `worker-id`'s first field:
 * `template-id` (golem-wit ≤ v0.2.5, and the seed) or `component-id` (v0.2.6 on, v1.0.0).
 */
export function golemApiIdField(imports: ComponentImport[]): GolemApiIdField {
  const host = imports.find((i) => i.name.startsWith('golem:api/host@'));
  return host?.records.get('worker-id')?.includes('component-id') ? 'componentId' : 'templateId';
}
