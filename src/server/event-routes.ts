/**
 * golem-ts extension: worker events as server-sent events (text/event-stream), so clients wait
 * for a status instead of polling:
 * - `GET /v1/events`: every worker of every template (the dashboard's overview);
 * - `GET /v1/templates/{templateId}/events`: every worker of the template;
 * - `GET /v1/templates/{templateId}/workers/{workerName}/events`: one worker (404 if it does not exist).
 *
 * The first event is `snapshot` (`{"type":"snapshot","workers":[…]}`: the committed metadata,
 * read in the same turn as the subscription, so no change falls between it and the events),
 * then `status`, `created`, `deleted` and `promise-completed` (WorkerEvent in src/host/types.ts)
 * as the host commits them. `data` is always the whole event as JSON, `event` its type, `id` a
 * counter. A comment line every `heartbeatMs` keeps proxies from closing an idle stream. The
 * stream ends when the host closes or the server stops; a reconnecting client gets a new snapshot.
 *
 * Auth, Host and Origin checks apply as to every route (server.ts); a stream holds a host
 * resource, so unlike other GETs it is also refused to another origin's pages (a same-origin
 * page sends no Origin on a GET).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ExecutorApi, WorkerEventFilter, WorkerStreamEvent, WorkerSubscription } from '../host/types.ts';
import { stringifyJson } from '../wit/json.ts';
import { httpError } from './errors.ts';
import { crossOriginProblem } from './origin.ts';
import { requireTemplateId } from './validate.ts';

export const DEFAULT_HEARTBEAT_MS = 15_000;
/** A client that reads no further than this many unsent bytes is cut off rather than buffered for. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

export interface EventRouteOptions {
  executor: ExecutorApi;
  heartbeatMs?: number;
}

export function registerEventRoutes(app: FastifyInstance, { executor, heartbeatMs = DEFAULT_HEARTBEAT_MS }: EventRouteOptions): void {
  const open = new Set<() => void>();
  // Streams never end by themselves: ended here, before the server waits for its connections.
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });

  const stream = (req: FastifyRequest, reply: FastifyReply, filter: WorkerEventFilter) => {
    const foreign = crossOriginProblem(req.headers, 'Event streams are');
    if (foreign) throw httpError(403, foreign);
    const res = reply.raw;
    let id = 0;
    let ended = false;
    let streaming = false;
    let heartbeat: NodeJS.Timeout | undefined;
    let subscription: WorkerSubscription | undefined;
    const send = (event: WorkerStreamEvent) => {
      res.write(`id: ${id++}\nevent: ${event.type}\ndata: ${stringifyJson(event)}\n\n`);
      if (res.writableLength > MAX_BUFFERED_BYTES) end();
    };
    const end = () => {
      if (ended) return;
      ended = true;
      open.delete(end);
      clearInterval(heartbeat);
      subscription?.close();
      if (streaming) res.end();
    };
    // Throws (404, 403 beyond the host's bound) before anything is sent: an ordinary error reply.
    subscription = executor.subscribe(filter, (e) => !ended && send(e), end);
    if (ended) throw httpError(503, 'the host is closing');
    reply.hijack();
    streaming = true;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff', 'x-accel-buffering': 'no' });
    res.flushHeaders();
    send({ type: 'snapshot', workers: subscription.snapshot });
    heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
    open.add(end);
    // The client went away (or the response ended): the subscription goes with it.
    res.on('close', end);
  };

  app.get('/v1/events', async (req, reply) => {
    stream(req, reply, {});
  });

  app.get<{ Params: { templateId: string } }>('/v1/templates/:templateId/events', async (req, reply) => {
    stream(req, reply, { templateId: requireTemplateId(req.params.templateId) });
  });

  app.get<{ Params: { templateId: string; workerName: string } }>('/v1/templates/:templateId/workers/:workerName/events', async (req, reply) => {
    const templateId = requireTemplateId(req.params.templateId);
    executor.getWorker(templateId, req.params.workerName); // 404 for a worker that does not exist
    stream(req, reply, { templateId, workerName: req.params.workerName });
  });
}
