/**
 * An agent type as people read it (the dashboard, `GET /v1/templates/{id}/agent-types`): its
 * constructor and methods with parameter names and WIT type names, from the type metadata the
 * component itself describes (discover.ts).
 */
import type { AgentType } from './discover.ts';
import type { DataSchema, WitTypeNode } from './values.ts';

export interface AgentParameterSummary {
  name: string;
  type: string;
}

export interface AgentTypeSummary {
  typeName: string;
  description: string;
  constructor: AgentParameterSummary[];
  methods: { name: string; description: string; parameters: AgentParameterSummary[]; result: string }[];
}

export function summarizeAgentType(t: AgentType): AgentTypeSummary {
  return {
    typeName: t.typeName,
    description: t.description,
    constructor: parameters(t.constructor.inputSchema),
    methods: t.methods.map((m) => ({ name: m.name, description: m.description, parameters: parameters(m.inputSchema), result: parameters(m.outputSchema).map((p) => p.type).join(', ') })),
  };
}

function parameters(schema: DataSchema): AgentParameterSummary[] {
  if (schema.tag !== 'tuple') return [{ name: '', type: schema.tag }];
  return (schema.val as [string, { tag: string; val: { nodes: WitTypeNode[] } }][]).map(([name, el]) => ({
    name,
    type: el.tag === 'component-model' ? typeName(el.val.nodes, 0) : el.tag,
  }));
}

/** WIT spelling of a type node: `string`, `list<string>`, `option<u32>`, `record { … }`. */
function typeName(nodes: WitTypeNode[], i: number): string {
  const ty = nodes[i]?.type;
  if (!ty) return '?';
  const prim = /^prim-(.+)-type$/.exec(ty.tag);
  if (prim) return prim[1];
  const inner = (j: unknown) => typeName(nodes, j as number);
  switch (ty.tag) {
    case 'list-type':
      return `list<${inner(ty.val)}>`;
    case 'option-type':
      return `option<${inner(ty.val)}>`;
    case 'tuple-type':
      return `tuple<${(ty.val as number[]).map(inner).join(', ')}>`;
    case 'record-type':
      return `record { ${(ty.val as [string, number][]).map(([n, t]) => `${n}: ${inner(t)}`).join(', ')} }`;
    case 'enum-type':
      return `enum { ${(ty.val as string[]).join(', ')} }`;
    default:
      return ty.tag.replace(/-type$/, '');
  }
}
