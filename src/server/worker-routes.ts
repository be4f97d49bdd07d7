/**
 * The seed's Worker API (`/v1/templates/.../workers`) plus two golem-ts extensions: listing a
 * template's workers and reading a worker's oplog.
 */
import type { FastifyInstance } from 'fastify';
import { ExecutorError } from '../host/errors.ts';
import type { ExecutorApi, VersionedWorkerId } from '../host/types.ts';
import {
  parseCallingConvention,
  parseCompleteParameters,
  parseFlag,
  parseInvokeParameters,
  parseNonNegative,
  parseWorkerCreation,
  parseWorkerId,
  requireQuery,
  requireTemplateId,
} from './validate.ts';

type Query = Record<string, string | undefined>;
interface TemplateParams {
  templateId: string;
}
interface WorkerParams extends TemplateParams {
  workerName: string;
}

export interface WorkerRouteOptions {
  executor: ExecutorApi;
  invokeTimeoutMs: number;
}

export function registerWorkerRoutes(app: FastifyInstance, { executor, invokeTimeoutMs }: WorkerRouteOptions): void {
  const versioned = (templateId: string, workerName: string): VersionedWorkerId => {
    const meta = executor.getWorker(templateId, workerName);
    return { workerId: meta.workerId, templateVersionUsed: meta.templateVersion };
  };

  app.get<{ Params: { workerId: string } }>('/v1/templates/workers/:workerId', async (req) => {
    const { templateId, workerName } = parseWorkerId(req.params.workerId);
    return versioned(templateId, workerName);
  });

  app.post<{ Params: TemplateParams }>('/v1/templates/:templateId/workers', async (req) => {
    const templateId = requireTemplateId(req.params.templateId);
    const { name, args, env } = parseWorkerCreation(req.body);
    return executor.createWorker(templateId, name, args, env);
  });

  // golem-ts extension (open-source Golem has it from April 2024; the seed does not).
  app.get<{ Params: TemplateParams }>('/v1/templates/:templateId/workers', async (req) => {
    return { workers: executor.listWorkers(requireTemplateId(req.params.templateId)) };
  });

  const worker = '/v1/templates/:templateId/workers/:workerName';

  app.get<{ Params: WorkerParams }>(worker, async (req) => {
    return executor.getWorker(requireTemplateId(req.params.templateId), req.params.workerName);
  });

  app.delete<{ Params: WorkerParams }>(worker, async (req) => {
    await executor.deleteWorker(requireTemplateId(req.params.templateId), req.params.workerName);
    return {};
  });

  app.post<{ Params: WorkerParams }>(`${worker}/key`, async (req) => {
    return { value: executor.createInvocationKey(requireTemplateId(req.params.templateId), req.params.workerName) };
  });

  app.post<{ Params: WorkerParams; Querystring: Query }>(`${worker}/invoke-and-await`, async (req) => {
    const templateId = requireTemplateId(req.params.templateId);
    const fn = requireQuery(req.query.function, 'function', 'the exported function, e.g. golem:underwriting/api/submit');
    const callingConvention = parseCallingConvention(req.query['calling-convention']);
    const params = parseInvokeParameters(req.body);
    const invocationKey = req.query['invocation-key'] || undefined;
    const running = executor.invokeAndAwait(templateId, req.params.workerName, fn, params, { invocationKey, callingConvention });
    const timedOut = () => timeoutMessage(executor, templateId, req.params.workerName, fn, invokeTimeoutMs);
    return { result: await withTimeout(running, invokeTimeoutMs, timedOut) };
  });

  app.post<{ Params: WorkerParams; Querystring: Query }>(`${worker}/invoke`, async (req) => {
    const templateId = requireTemplateId(req.params.templateId);
    const fn = requireQuery(req.query.function, 'function', 'the exported function, e.g. golem:underwriting/api/submit');
    await executor.invoke(templateId, req.params.workerName, fn, parseInvokeParameters(req.body));
    return {};
  });

  app.post<{ Params: WorkerParams }>(`${worker}/complete`, async (req) => {
    const templateId = requireTemplateId(req.params.templateId);
    const { oplogIdx, data } = parseCompleteParameters(req.body);
    return executor.completePromise(templateId, req.params.workerName, oplogIdx, data);
  });

  // The seed's table answers a JSON bool (open-source Golem: `{}`); the seed wins.
  app.post<{ Params: WorkerParams; Querystring: Query }>(`${worker}/interrupt`, async (req) => {
    const templateId = requireTemplateId(req.params.templateId);
    // `recover-immediately` is the seed's spelling, `recovery-immediately` open-source Golem's.
    const spelling = req.query['recover-immediately'] !== undefined ? 'recover-immediately' : 'recovery-immediately';
    const recoverImmediately = parseFlag(req.query[spelling], spelling);
    await executor.interrupt(templateId, req.params.workerName, recoverImmediately);
    return true;
  });

  // golem-ts extension: every promise of the worker, with its state and who awaits it.
  app.get<{ Params: WorkerParams }>(`${worker}/promises`, async (req) => {
    return { promises: executor.listPromises(requireTemplateId(req.params.templateId), req.params.workerName) };
  });

  // golem-ts extension: the worker's oplog, for debugging and the CLI's `oplog` command.
  app.get<{ Params: WorkerParams; Querystring: Query }>(`${worker}/oplog`, async (req) => {
    const templateId = requireTemplateId(req.params.templateId);
    const from = parseNonNegative(req.query.from, 'from');
    return { entries: executor.getOplog(templateId, req.params.workerName, from) };
  });
}

/**
 * Races an invocation against the server's timeout. On timeout the caller gets 504 while the
 * invocation keeps running; its eventual failure is deliberately swallowed (nobody awaits it).
 */
async function withTimeout<T>(running: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ExecutorError('TIMEOUT', message())), ms);
  });
  running.catch(() => {});
  try {
    return await Promise.race([running, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Says why, when the worker is suspended awaiting a promise (this invocation's or one queued ahead of it). */
function timeoutMessage(executor: ExecutorApi, templateId: string, workerName: string, fn: string, ms: number): string {
  const base = `invocation of ${fn} on worker ${workerName} did not complete within ${ms} ms; it continues in the background`;
  let awaited: number | undefined;
  try {
    awaited = executor.awaitedPromise(templateId, workerName);
  } catch {
    return base; // deleted meanwhile
  }
  if (awaited === undefined) return base;
  return `${base}: the worker is suspended awaiting promise ${awaited}; complete it (POST /v1/templates/${templateId}/workers/${workerName}/complete with {"oplogIdx": ${awaited}, "data": [...]}) and the worker continues`;
}
