import type { ComponentImport } from '../wit/binary/world.ts';
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
    const iface = provided[imp.name.replace(/@[^/]*$/, '')] as Record<string, unknown> | undefined;
    if (imp.kind !== 'instance' || !iface) {
      missing.push(imp.name);
      continue;
    }
    for (const fn of imp.functions) if (!hasFunction(iface, fn)) missing.push(`${imp.name}.{${fn}}`);
  }
  return missing;
}

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
