import { ExecutorError, invalid } from '../errors.ts';
import type { Executor } from '../executor.ts';
import type { LoadedTemplate } from '../templates.ts';
import { parseAgentId } from './agent-id.ts';
import { agentTypes, type AgentType } from './discover.ts';
import { fromDataValue, toDataValue } from './values.ts';

export const GUEST = 'golem:agent/guest@1.5.0';
const ANONYMOUS = { anonymous: null };

export interface AgentInvokeOptions {
  idempotencyKey?: string;
  /** `schedule`: accepted and run in the background (Golem's `schedule` mode); default `await`. */
  mode?: 'await' | 'schedule';
}

/**
 * Agents on the host: an agent is a worker of an agent component, named by its agent id
 * (`CounterAgent("c1")`). Its first invocation is the SDK's `initialize` (the constructor,
 * from the id's parameters); every method call is `invoke` — both recorded and replayed like
 * any worker's invocations, so an agent is exactly as durable as a worker. Arguments and results
 * are plain JSON, converted through the agent type the component itself describes.
 */
export class Agents {
  constructor(
    private readonly executor: Executor,
    private readonly load: (templateId: string) => Promise<LoadedTemplate>,
  ) {}

  /**
   * The agent component of Golem application `app` that defines `agentType`: components are
   * uploaded under Golem's name `<app>:<component>` (golem.yaml). Golem's environments are not
   * modelled: every environment of the app sees the same components.
   */
  async componentOf(app: string, agentType: string): Promise<string> {
    const candidates = this.executor.listTemplates().filter((t) => t.templateName.startsWith(`${app}:`));
    const ids = [...new Set(candidates.map((t) => t.versionedTemplateId.rawTemplateId))];
    for (const id of ids) {
      const t = await this.load(id);
      if (t.agent && (await agentTypes(t)).some((a) => a.typeName === agentType)) return id;
    }
    throw new ExecutorError('TEMPLATE_NOT_FOUND', ids.length ? `no component of app ${app} defines agent type ${agentType}` : `no component uploaded for app ${app} (upload it as ${app}:<component>)`);
  }

  /** The agent types of an agent component (its latest version). */
  async types(templateId: string): Promise<AgentType[]> {
    const t = await this.load(templateId);
    if (!t.agent) throw invalid(`component ${templateId} is not a Golem 1.5 agent component`);
    return agentTypes(t);
  }

  async agentType(templateId: string, name: string): Promise<AgentType> {
    const types = await this.types(templateId);
    const found = types.find((t) => t.typeName === name);
    if (!found) throw new ExecutorError('WORKER_NOT_FOUND', `agent type ${name} not found (the component defines ${types.map((t) => t.typeName).join(', ')})`);
    return found;
  }

  /** Creates and initializes the agent if it does not exist yet. */
  async ensure(templateId: string, agentId: string): Promise<AgentType> {
    let parsed;
    try {
      parsed = parseAgentId(agentId);
    } catch (e) {
      throw invalid((e as Error).message);
    }
    const type = await this.agentType(templateId, parsed.agentType);
    if (this.exists(templateId, agentId)) return type;
    const input = wrap(() => toDataValue(type.constructor.inputSchema, parsed.params, `${type.typeName} constructor`));
    try {
      await this.executor.createWorker(templateId, agentId, [], [['GOLEM_AGENT_ID', agentId], ['GOLEM_AGENT_TYPE', type.typeName], ['GOLEM_COMPONENT_ID', templateId]], { agent: true });
    } catch (e) {
      if ((e as ExecutorError).code !== 'WORKER_ALREADY_EXISTS') throw e;
      return type;
    }
    await this.executor.invokeAndAwait(templateId, agentId, `${GUEST}.{initialize}`, [type.typeName, input, ANONYMOUS]);
    return type;
  }

  exists(templateId: string, agentId: string): boolean {
    try {
      this.executor.getWorker(templateId, agentId);
      return true;
    } catch {
      return false;
    }
  }

  /** Calls a method with plain JSON arguments; resolves with its plain JSON result (await mode). */
  async invoke(templateId: string, agentId: string, method: string, args: unknown[], opts: AgentInvokeOptions = {}): Promise<unknown> {
    const type = await this.ensure(templateId, agentId);
    const m = type.methods.find((x) => x.name === method);
    if (!m) throw invalid(`agent type ${type.typeName} has no method ${method} (it has ${type.methods.map((x) => x.name).join(', ')})`);
    const input = wrap(() => toDataValue(m.inputSchema, args, `${type.typeName}.${method}`));
    const params = [method, input, ANONYMOUS];
    if (opts.mode === 'schedule') {
      await this.executor.invoke(templateId, agentId, `${GUEST}.{invoke}`, params);
      return undefined;
    }
    if (opts.idempotencyKey !== undefined) this.executor.adoptInvocationKey(templateId, agentId, opts.idempotencyKey);
    const result = await this.executor.invokeAndAwait(templateId, agentId, `${GUEST}.{invoke}`, params, { invocationKey: opts.idempotencyKey });
    return fromDataValue(m.outputSchema, okOf(result, `${type.typeName}.${method}`), `${type.typeName}.${method}`);
  }
}

/** The `ok` of the export's `result<data-value, agent-error>` as the executor answers it (typed JSON). */
function okOf(result: unknown, what: string): unknown {
  const r = Array.isArray(result) ? result[0] : result;
  if (r && typeof r === 'object' && 'ok' in r) return (r as { ok: unknown }).ok;
  if (r && typeof r === 'object' && 'err' in r) throw new ExecutorError('INVOCATION_FAILED', `${what}: agent error ${JSON.stringify((r as { err: unknown }).err)}`);
  return r;
}

function wrap<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw invalid((e as Error).message);
  }
}
