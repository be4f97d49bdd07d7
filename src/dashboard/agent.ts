/**
 * A Golem 1.5 agent on the worker page: its type and id, its methods (from the agent type
 * metadata the component describes, `GET /v1/templates/{id}/agent-types`) and a form that calls
 * a method through Golem 1.5's `POST /v1/agents/invoke-agent`.
 */
import { parseAgentId, type ParsedAgentId } from '../host/agent/agent-id.ts';
import type { AgentTypeSummary } from '../host/agent/type-summary.ts';
import { tuple, type AgentInvocationRequest, type AgentInvocationResult } from '../server/agent-api.ts';
import type { Template } from '../host/types.ts';
import { api, enc } from './api.ts';
import { invokeFrame, runInvocation, type InvokeFrame } from './invoke-form.ts';
import { showErrors } from './messages.ts';
import { fill, h } from './dom.ts';

/** An agent component exports golem:agent/guest (the worker's name is then an agent id). */
export const isAgentTemplate = (t: Template | undefined): boolean => !!t?.metadata.exports.some((e) => e.type === 'Instance' && e.name.startsWith('golem:agent/guest@'));

/** Golem 1.5's worker route for an agent: its complete route works for agents as on Golem. */
export const agentPath = (componentId: string, agentId: string) => `/v1/components/${enc(componentId)}/workers/${enc(agentId)}`;

export interface AgentInfo {
  id: ParsedAgentId;
  type: AgentTypeSummary | undefined;
  app: string;
}

export async function agentInfo(template: Template, agentId: string): Promise<AgentInfo> {
  const id = parseAgentId(agentId);
  const { agentTypes } = await api<{ agentTypes: AgentTypeSummary[] }>('GET', `/v1/templates/${enc(template.versionedTemplateId.rawTemplateId)}/agent-types`);
  return { id, type: agentTypes.find((t) => t.typeName === id.agentType), app: template.templateName.split(':')[0] };
}

/** `Agent type ApprovalAgent · id "a-1"` */
export function agentSummary(info: AgentInfo): HTMLElement {
  return h(
    'p',
    { class: 'agent-id' },
    'Agent type ',
    h('strong', { class: 'mono' }, info.id.agentType),
    ' · id ',
    h('span', { class: 'mono' }, info.id.params.map((p) => JSON.stringify(p)).join(', ')),
    info.type?.description ? h('span', { class: 'muted' }, ` · ${info.type.description}`) : null,
  );
}

const signature = (params: { name: string; type: string }[]) => params.map((p) => `${p.name}: ${p.type}`).join(', ');

export function methodList(info: AgentInfo): HTMLElement {
  if (!info.type) return h('p', {}, `The component defines no agent type ${info.id.agentType}.`);
  return h(
    'ul',
    { class: 'methods' },
    info.type.methods.map((m) => h('li', {}, h('code', {}, `${m.name}(${signature(m.parameters)})${m.result ? ` -> ${m.result}` : ''}`), m.description ? h('span', { class: 'muted' }, ` ${m.description}`) : null)),
  );
}

/** Calls a method with one JSON value per parameter, awaiting the result or scheduling it. */
export function agentInvokeForm(info: AgentInfo): HTMLElement {
  const methods = info.type?.methods ?? [];
  if (methods.length === 0) return h('p', {}, 'No methods.');
  const select = h('select', { id: 'invoke-fn' }, methods.map((m) => h('option', { value: m.name }, m.name)));
  const args = h('textarea', { id: 'invoke-args', rows: 3, class: 'mono', spellcheck: false });
  const current = () => methods.find((m) => m.name === select.value)!;
  const sample = (type: string) => (type === 'string' ? '""' : type === 'bool' ? 'false' : /^[suf]\d+$/.test(type) ? '0' : 'null');
  const sig = h('p', { class: 'mono sig' });
  const showArgs = () => {
    fill(sig, `${current().name}(${signature(current().parameters)})`);
    args.value = `[${current().parameters.map((p) => sample(p.type)).join(', ')}]`;
  };
  select.addEventListener('change', showArgs);
  showArgs();

  const submit = async (frame: InvokeFrame) => {
    const { wait, errors } = frame;
    let values: unknown;
    try {
      values = JSON.parse(args.value);
    } catch (err) {
      return showErrors(errors, [`Arguments: not valid JSON (${(err as Error).message})`], args);
    }
    if (!Array.isArray(values)) return showErrors(errors, ['Arguments: a JSON array, one value per parameter'], args);
    const m = current();
    const body: AgentInvocationRequest = { appName: info.app, envName: 'local', agentTypeName: info.id.agentType, parameters: tuple(info.id.params), methodName: m.name, methodParameters: tuple(values), mode: wait.checked ? 'await' : 'schedule' };
    const call = async () => (await api<AgentInvocationResult>('POST', '/v1/agents/invoke-agent', body)).result?.elements[0]?.value ?? null;
    await runInvocation(frame, m.name, call, `Scheduled ${m.name}.`);
  };

  return invokeFrame('Method', select, [sig, h('label', { for: 'invoke-args' }, 'Arguments (JSON array)'), args], submit);
}
