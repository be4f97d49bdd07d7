/**
 * Golem 1.5's REST routes for agents (shapes in agent-api.ts), beside the seed's routes: invoke
 * an agent method (await or schedule mode, idempotency key), complete one of its promises, and
 * the worker routes Golem 1.5 keeps for agents (metadata, list, delete, interrupt). One golem-ts
 * extension: `GET /v1/templates/{id}/agent-types`, the component's agent types with their methods.
 */
import type { FastifyInstance } from 'fastify';
import { formatAgentId } from '../host/agent/agent-id.ts';
import type { Agents } from '../host/agent/agents.ts';
import { summarizeAgentType } from '../host/agent/type-summary.ts';
import { ExecutorError, invalid } from '../host/errors.ts';
import type { ExecutorApi } from '../host/types.ts';
import { agentErrorBody, agentMetadata, tuple, tupleValues, type AgentInvocationRequest, type AgentInvocationResult } from './agent-api.ts';
import { toErrorReply } from './errors.ts';
import { parseCompleteParameters, parseFlag, requireTemplateId } from './validate.ts';

export function registerAgentRoutes(app: FastifyInstance, { executor }: { executor: ExecutorApi }): void {
  const agents = (executor as ExecutorApi & { agents?: Agents }).agents;
  if (!agents) return;
  app.register(async (scope) => {
    // Golem 1.5's error bodies carry a `code` (here the host's error code).
    scope.setErrorHandler(async (err, _req, reply) => {
      const { status, body } = toErrorReply(err);
      const code = err instanceof ExecutorError ? err.code : status === 500 ? 'INTERNAL' : 'INVALID_REQUEST';
      const messages = 'errors' in body ? body.errors : [body.error];
      return reply.code(status).send(agentErrorBody(status, code, messages));
    });

    scope.post<{ Body: AgentInvocationRequest; Headers: { 'idempotency-key'?: string } }>('/v1/agents/invoke-agent', async (req): Promise<AgentInvocationResult> => {
      const body = req.body;
      if (!body || typeof body !== 'object') throw invalid('body: expected an AgentInvocationRequest object');
      const problems = (['appName', 'envName', 'agentTypeName', 'methodName'] as const).filter((k) => typeof body[k] !== 'string' || !body[k]).map((k) => `${k}: required, a non-empty string`);
      if (body.mode !== 'await' && body.mode !== 'schedule') problems.push('mode: required, "await" or "schedule"');
      if (body.scheduleAt !== undefined) problems.push('scheduleAt: scheduling at a time is not supported by golem-ts');
      if (problems.length) throw invalid(problems);
      let params: unknown[];
      let args: unknown[];
      try {
        params = tupleValues(body.parameters, 'parameters');
        args = tupleValues(body.methodParameters, 'methodParameters');
      } catch (e) {
        throw invalid((e as Error).message);
      }
      const componentId = await agents.componentOf(body.appName, body.agentTypeName);
      const agentId = formatAgentId(body.agentTypeName, params);
      const idempotencyKey = req.headers['idempotency-key'] ?? body.idempotencyKey;
      const result = await agents.invoke(componentId, agentId, body.methodName, args, { mode: body.mode, idempotencyKey });
      const revision = executor.getWorker(componentId, agentId).templateVersion;
      return { agentId: { componentId, agentId }, ...(body.mode === 'await' ? { result: tuple(result === undefined ? [] : [result]) } : {}), componentRevision: revision };
    });

    scope.post<{ Params: { componentId: string; agentName: string } }>('/v1/components/:componentId/workers/:agentName/complete', async (req) => {
      const componentId = requireTemplateId(req.params.componentId);
      const { oplogIdx, data } = parseCompleteParameters(req.body);
      return executor.completePromise(componentId, req.params.agentName, oplogIdx, data);
    });

    // golem-ts extension: what the dashboard shows of an agent (Golem 1.5 keeps agent types in its registry service).
    scope.get<{ Params: { templateId: string } }>('/v1/templates/:templateId/agent-types', async (req) => {
      return { agentTypes: (await agents.types(requireTemplateId(req.params.templateId))).map(summarizeAgentType) };
    });

    const agent = '/v1/components/:componentId/workers/:agentName';
    type AgentParams = { Params: { componentId: string; agentName: string } };
    scope.get<{ Params: { componentId: string } }>('/v1/components/:componentId/workers', async (req) => {
      return { workers: executor.listWorkers(requireTemplateId(req.params.componentId)).map(agentMetadata) };
    });
    scope.get<AgentParams>(agent, async (req) => agentMetadata(executor.getWorker(requireTemplateId(req.params.componentId), req.params.agentName)));
    scope.delete<AgentParams>(agent, async (req) => {
      await executor.deleteWorker(requireTemplateId(req.params.componentId), req.params.agentName);
      return {};
    });
    scope.post<AgentParams & { Querystring: Record<string, string | undefined> }>(`${agent}/interrupt`, async (req) => {
      const recover = parseFlag(req.query['recovery-immediately'], 'recovery-immediately');
      await executor.interrupt(requireTemplateId(req.params.componentId), req.params.agentName, recover);
      return {};
    });
  });
}
