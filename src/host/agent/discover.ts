import type { LoadedTemplate } from '../templates.ts';
import type { WorkerContext } from '../imports/context.ts';
import { systemClock } from '../clock.ts';
import { agentImports } from './imports.ts';
import type { DataSchema } from './values.ts';

/** One agent type as the guest describes it (golem:agent/common@1.5.0 `agent-type`, the parts golem-ts reads). */
export interface AgentType {
  typeName: string;
  description: string;
  mode: string;
  constructor: { inputSchema: DataSchema };
  methods: { name: string; description: string; inputSchema: DataSchema; outputSchema: DataSchema }[];
}

const discovered = new WeakMap<LoadedTemplate, Promise<AgentType[]>>();

/**
 * The agent types a component defines, from its own `discover-agent-types` export, called on
 * an instance of its own on the host thread, once per template version. Nothing it does is
 * recorded: it belongs to no agent (its host calls are answered live, effects refused).
 */
export function agentTypes(template: LoadedTemplate): Promise<AgentType[]> {
  let p = discovered.get(template);
  if (!p) {
    p = discover(template);
    p.catch(() => discovered.delete(template));
    discovered.set(template, p);
  }
  return p;
}

async function discover(template: LoadedTemplate): Promise<AgentType[]> {
  const refuse = () => {
    throw new Error('discovering agent types: no effects');
  };
  const durability = { call: <T>(_n: string, _t: string, live: () => T) => live(), indexed: refuse, append: refuse, replaying: false, enterRegion() {}, leaveRegion() {} };
  const ctx = { templateId: template.id, workerName: '', args: [], env: [], durability, clock: systemClock, settings: {}, output() {}, promiseCompleted() {} } as unknown as WorkerContext;
  const exports = (await template.instantiate(agentImports(ctx, template.imports))) as { guest: { discoverAgentTypes(): Promise<AgentType[]> } };
  return exports.guest.discoverAgentTypes();
}
