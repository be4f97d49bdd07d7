import { tuple } from '../server/agent-api.ts';

/**
 * Golem 1.5's agent routes as a client calls them (the golem-ts host serves them too; shapes in
 * src/server/agent-api.ts): invoke an agent method, complete one of an agent's promises.
 */
export interface AgentClientOptions {
  url: string;
  token?: string;
}

export interface InvokeAgentOptions {
  app: string;
  env?: string;
  /** `schedule`: return once accepted. */
  schedule?: boolean;
  idempotencyKey?: string;
}

export class AgentClientError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    const b = body as { errors?: string[]; error?: string } | undefined;
    super(`HTTP ${status}: ${b?.errors?.join('; ') ?? b?.error ?? JSON.stringify(body)}`);
    this.name = 'AgentClientError';
  }
}

export class AgentClient {
  private readonly url: string;
  constructor(private readonly opts: AgentClientOptions) {
    this.url = opts.url.replace(/\/+$/, '');
  }

  /** Calls `method` of the agent `agentType(params…)` with plain JSON `args`; the result's plain JSON value (undefined when scheduled or void). */
  async invoke(agentType: string, params: unknown[], method: string, args: unknown[], o: InvokeAgentOptions): Promise<{ componentId: string; agentId: string; result: unknown }> {
    const body = { appName: o.app, envName: o.env ?? 'local', agentTypeName: agentType, parameters: tuple(params), methodName: method, methodParameters: tuple(args), mode: o.schedule ? 'schedule' : 'await' };
    const res = (await this.post('/v1/agents/invoke-agent', body, o.idempotencyKey ? { 'Idempotency-Key': o.idempotencyKey } : {})) as {
      agentId: { componentId: string; agentId: string };
      result?: { elements: { value: unknown }[] };
    };
    return { ...res.agentId, result: res.result?.elements[0]?.value };
  }

  async complete(componentId: string, agentId: string, oplogIdx: number | bigint, data: Uint8Array): Promise<boolean> {
    return (await this.post(`/v1/components/${encodeURIComponent(componentId)}/workers/${encodeURIComponent(agentId)}/complete`, { oplogIdx: Number(oplogIdx), data: [...data] })) as boolean;
  }

  private async post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
    const res = await fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.opts.token ? { authorization: `Bearer ${this.opts.token}` } : {}), ...headers },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!res.ok) throw new AgentClientError(res.status, parsed);
    return parsed;
  }
}
