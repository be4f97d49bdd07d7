/**
 * The golem-ts REST server: Golem Cloud's `/v1` Worker and Template API over an executor.
 *
 * Where the seed (Golem Cloud /v1) and open-source Golem (/v2) differ, the seed wins: `/v1` paths,
 * `rawTemplateId`, `env` as `[["K","V"]]` pairs, 404 for an unknown promise, `recover-immediately`.
 * Deliberate choices beyond the seed:
 * - `POST …/interrupt` answers `true`, the seed's "JSON bool" (open-source Golem answers `{}`;
 *   the client accepts both); `recovery-immediately` is accepted too.
 * - `DELETE …/workers/{name}` answers `{}` (the seed shows no body).
 * - Worker creation also accepts `env` as an object map and treats a missing `args`/`env` as empty.
 * - `invocation-key` on invoke-and-await is optional (the executor then makes one).
 * - 500 bodies are `{"error": "..."}` as in the seed, not open-source Golem's `golemError`.
 * - golem-ts extensions: `GET /v1/templates/{id}/workers` → `{"workers": [...]}`,
 *   `GET /v1/templates/{id}/workers/{name}/oplog?from=N` → `{"entries": [...]}`,
 *   `GET /v1/templates/{id}/workers/{name}/promises` → `{"promises": [...]}`,
 *   `GET /v1/key-value` → `{"buckets": [...]}`, worker events as server-sent events at
 *   `GET /v1/events`, `GET /v1/templates/{id}/events` and `GET /v1/templates/{id}/workers/{name}/events`
 *   (event-routes.ts), and the dashboard at `/`.
 */
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { ExecutorError, invalid } from '../host/errors.ts';
import type { ExecutorApi } from '../host/types.ts';
import { MAX_WORKER_NAME_LENGTH } from '../host/worker-name.ts';
import { parseJson, stringifyJson } from '../wit/json.ts';
import { bearerMatches, tokenProblem } from './auth.ts';
import { DEFAULT_HOST, DEFAULT_INVOKE_TIMEOUT_MS, DEFAULT_PORT, MAX_JSON_BYTES, MAX_TEMPLATE_BYTES } from './defaults.ts';
import { isDashboardAsset, registerDashboard } from './dashboard.ts';
import { discardRequestBody } from './drain.ts';
import { registerEventRoutes } from './event-routes.ts';
import { registerKeyValueRoutes } from './keyvalue-routes.ts';
import { registerAgentRoutes } from './agent-routes.ts';
import { httpError, toErrorReply } from './errors.ts';
import { hostProblem, originProblem, parseAllowedHost, type HostPolicy } from './origin.ts';
import { registerTemplateRoutes } from './template-routes.ts';
import { registerWorkerRoutes } from './worker-routes.ts';

/**
 * Longest path parameter the router accepts: the versioned id `{templateId}.{workerName}` of the
 * longest worker name, even if a client percent-encodes every character of it.
 */
const MAX_PARAM_LENGTH = 3 * (36 + 1 + MAX_WORKER_NAME_LENGTH);

export interface ServerOptions {
  executor: ExecutorApi;
  /** The address listened on (default 127.0.0.1); its name is accepted in `Host`. */
  host?: string;
  /**
   * More names the host answers to in `Host` (`name` for any port, `name:port` for one), besides
   * the loopback names and the address listened on; other names are refused (DNS rebinding).
   */
  allowedHosts?: string[];
  /** When set, every request needs `Authorization: Bearer <token>`. */
  token?: string;
  /** How long invoke-and-await waits before answering 504 (the invocation continues). */
  invokeTimeoutMs?: number;
  /** How often an idle event stream gets a heartbeat comment; default 15 s. */
  eventHeartbeatMs?: number;
  /** Where unexpected (500) failures are reported; default: one block on stderr. */
  logError?: (err: unknown, req: FastifyRequest) => void;
}

export function createServer(opts: ServerOptions): FastifyInstance {
  const app = Fastify({
    logger: false,
    // Suspended invocations can hold a request open for a long time; closing must not wait for them.
    forceCloseConnections: true,
    bodyLimit: MAX_JSON_BYTES,
    routerOptions: {
      // Plain string values, last one wins: handlers never see an array for a repeated parameter.
      querystringParser: (s: string) => Object.fromEntries(new URLSearchParams(s)),
      ignoreTrailingSlash: true,
      maxParamLength: MAX_PARAM_LENGTH,
    },
    // Bad percent-encoding and over-long path parameters: the seed's bodies, not fastify's.
    frameworkErrors: (err, _req, reply) => {
      const { status, body } = toErrorReply(err);
      return (reply as FastifyReply).code(status).send(body);
    },
  });
  const logError = opts.logError ?? defaultLogError;

  // Typed JSON both ways: u64/s64 values beyond 2^53 survive as bigint instead of losing digits.
  // Only the body types the API defines; anything else (text/plain…) is a 400, not a string body.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, text, done) => {
    const body = String(text);
    if (body.trim() === '') return done(null, undefined);
    try {
      done(null, parseJson(body));
    } catch (e) {
      done(invalid(`Malformed JSON body: ${(e as Error).message}`), undefined);
    }
  });
  app.addContentTypeParser(['application/octet-stream', 'application/wasm'], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.setReplySerializer((payload) => stringifyJson(payload) ?? 'null');
  app.register(multipart, { limits: { fileSize: MAX_TEMPLATE_BYTES, files: 4, fields: 16 } });

  // Before anything else, the dashboard and a 404 included: only this host's names, and only
  // its own origin for whatever changes something.
  const policy: HostPolicy = { listenHost: opts.host ?? DEFAULT_HOST, allowedHosts: (opts.allowedHosts ?? []).map(parseAllowedHost) };
  app.addHook('onRequest', async (req) => {
    const wrongHost = hostProblem(req.headers.host, policy, { address: req.socket.localAddress, port: req.socket.localPort });
    if (wrongHost) throw httpError(421, wrongHost);
    const crossOrigin = originProblem(req.method, req.headers);
    if (crossOrigin) throw httpError(403, crossOrigin);
  });

  if (opts.token !== undefined) {
    const problem = tokenProblem(opts.token);
    if (problem) throw new Error(problem);
    const token = opts.token;
    app.addHook('onRequest', async (req, reply) => {
      if (isDashboardAsset(req.url)) return;
      if (!bearerMatches(req.headers.authorization, token)) {
        reply.header('www-authenticate', 'Bearer');
        throw new ExecutorError('UNAUTHORIZED', 'Unauthorized: send Authorization: Bearer <token>');
      }
    });
  }

  app.setErrorHandler(async (err, req, reply) => {
    const { status, body, unexpected } = toErrorReply(err);
    if (unexpected) logError(err, req);
    // Answered before the body's end (over the limit, whatever the size; a bad multipart part; a
    // refusal): the rest is read to nowhere so the client can finish sending and read the answer,
    // and the connection stays usable (fastify asks to close after a body error: that cut the
    // client off with EPIPE or a reset).
    if (!req.raw.complete) {
      discardRequestBody(req.raw);
      reply.removeHeader('connection');
    }
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    return reply.code(404).send({ error: `No route for ${req.method} ${req.url.split('?')[0]}` });
  });

  app.register(async (scope) => {
    registerTemplateRoutes(scope, opts);
    registerWorkerRoutes(scope, { executor: opts.executor, invokeTimeoutMs: opts.invokeTimeoutMs ?? DEFAULT_INVOKE_TIMEOUT_MS });
    registerKeyValueRoutes(scope, opts);
    registerEventRoutes(scope, { executor: opts.executor, heartbeatMs: opts.eventHeartbeatMs });
    registerAgentRoutes(scope, opts);
    registerDashboard(scope);
  });
  return app;
}

function defaultLogError(err: unknown, req: FastifyRequest): void {
  console.error(`golem-ts server: ${req.method} ${req.url} failed:`, err);
}

export interface StartOptions extends ServerOptions {
  /** 0 picks a free port. */
  port?: number;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer({ host = DEFAULT_HOST, port = DEFAULT_PORT, ...opts }: StartOptions): Promise<RunningServer> {
  const app = createServer({ ...opts, host });
  await app.listen({ host, port });
  const address = app.server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${urlHost}:${bound}`, close: () => app.close() };
}
