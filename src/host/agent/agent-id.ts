/**
 * Agent ids as Golem writes them: the agent type and its constructor parameters,
 * `CounterAgent("c1")`, `Job(42,true)`. golem-ts reads and writes the parameter kinds its
 * templates use, as JSON literals: strings, numbers, booleans. Anything else (records, lists,
 * variants: Golem writes those in WAVE) is refused with a clear error.
 */
export interface ParsedAgentId {
  agentType: string;
  params: unknown[];
}

const MAX_AGENT_ID_LENGTH = 512;

export function parseAgentId(id: string): ParsedAgentId {
  const m = /^([A-Za-z][A-Za-z0-9_-]*)\((.*)\)$/s.exec(id);
  if (!m) throw new AgentIdError(`Invalid agent id ${JSON.stringify(id)}: expected AgentType(params), e.g. CounterAgent("c1")`);
  let params: unknown;
  try {
    params = JSON.parse(`[${m[2]}]`);
  } catch {
    throw new AgentIdError(`Invalid agent id ${JSON.stringify(id)}: golem-ts reads parameters written as strings ("a-1"), numbers and booleans, comma-separated`);
  }
  for (const p of params as unknown[]) {
    if (!['string', 'number', 'boolean'].includes(typeof p)) {
      throw new AgentIdError(`Invalid agent id ${JSON.stringify(id)}: parameter ${JSON.stringify(p)} is not a string, number or boolean (the kinds golem-ts supports in agent ids)`);
    }
  }
  return { agentType: m[1], params: params as unknown[] };
}

export function formatAgentId(agentType: string, params: unknown[]): string {
  return `${agentType}(${params.map((p) => JSON.stringify(p)).join(',')})`;
}

/** The problem with `id` as a worker name for an agent, or undefined. */
export function agentIdProblem(id: string): string | undefined {
  if (id.length > MAX_AGENT_ID_LENGTH) return `Invalid agent id: ${id.length} characters; at most ${MAX_AGENT_ID_LENGTH} are allowed`;
  try {
    parseAgentId(id);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

export class AgentIdError extends Error {
  override name = 'AgentIdError';
}
