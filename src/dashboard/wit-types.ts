/** Golem's template-metadata `Type` JSON as WIT text, and a sample typed-JSON value for an invoke form. */
import type { GolemType } from '../wit/golem-type.ts';

const LEAF: Record<string, string> = { Bool: 'bool', S8: 's8', U8: 'u8', S16: 's16', U16: 'u16', S32: 's32', U32: 'u32', S64: 's64', U64: 'u64', F32: 'f32', F64: 'f64', Chr: 'char', Str: 'string' };

export function typeText(t: GolemType): string {
  switch (t.type) {
    case 'List':
      return `list<${typeText(t.inner)}>`;
    case 'Option':
      return `option<${typeText(t.inner)}>`;
    case 'Tuple':
      return `tuple<${t.items.map(typeText).join(', ')}>`;
    case 'Record':
      return `record { ${t.cases.map((c) => `${c.name}: ${typeText(c.typ)}`).join(', ')} }`;
    case 'Variant':
      return `variant { ${t.cases.map((c) => (c.typ ? `${c.name}(${typeText(c.typ)})` : c.name)).join(', ')} }`;
    case 'Enum':
      return `enum { ${t.cases.join(', ')} }`;
    case 'Flags':
      return `flags { ${t.cases.join(', ')} }`;
    case 'Result':
      return `result<${t.ok ? typeText(t.ok) : '_'}, ${t.err ? typeText(t.err) : '_'}>`;
    case 'Handle':
      return `handle ${t.resource_id}`;
    default:
      return LEAF[t.type] ?? t.type;
  }
}

/** A value of the type in Golem's typed JSON (records by field name, variants `{"case": v}`). */
export function sampleValue(t: GolemType): unknown {
  switch (t.type) {
    case 'Bool':
      return false;
    case 'Chr':
      return 'a';
    case 'Str':
      return '';
    case 'List':
    case 'Flags':
      return [];
    case 'Option':
    case 'Handle':
      return null;
    case 'Tuple':
      return t.items.map(sampleValue);
    case 'Record':
      return Object.fromEntries(t.cases.map((c) => [c.name, sampleValue(c.typ)]));
    case 'Variant':
      return t.cases.length ? { [t.cases[0].name]: t.cases[0].typ ? sampleValue(t.cases[0].typ) : null } : null;
    case 'Enum':
      return t.cases[0] ?? null;
    case 'Result':
      return { ok: t.ok ? sampleValue(t.ok) : null };
    default:
      return 0;
  }
}
