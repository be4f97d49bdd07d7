import { nodeTransport, type HttpOutcome, type HttpTransport, type OutgoingHttpRequest } from '../host/imports/http/transport.ts';
import { TestKitError } from './errors.ts';

/** An outgoing request of a worker, as a route handler and `host.http.requests` see it. */
export interface TestHttpRequest {
  method: string;
  /** Absolute URL, query included. */
  url: string;
  /** Header names in lower case; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: Uint8Array;
  text(): string;
  json(): unknown;
  /** Whether a route answered it (otherwise it went to a loopback service, or failed for want of a route). */
  routed: boolean;
}

/** What a route answers: a fetch `Response`, or its parts (`json` is sent as application/json). */
export type TestHttpResponse = Response | { status?: number; headers?: Record<string, string>; body?: string | Uint8Array; json?: unknown };

export type TestHttpHandler = (request: TestHttpRequest) => TestHttpResponse | Promise<TestHttpResponse>;

export interface TestHttp {
  /**
   * Answers the workers' requests to `spec` (`'POST https://bureau.example/score'`, or a URL alone
   * for any method) with `handler`, without a server. A spec without a query matches any query.
   * A later route for the same spec replaces the earlier one.
   */
  route(spec: string, handler: TestHttpHandler): void;
  /** Every outgoing request of the host's workers so far (routed or not), oldest first. Replay sends none. */
  readonly requests: readonly TestHttpRequest[];
}

/**
 * The kit's HTTP transport: routes first. A request no route matches goes out for real only to a
 * loopback address (127.0.0.0/8, ::1, localhost: a service the test itself started); anything
 * else fails with the wasi:http error `internal-error` naming the missing route. So a test never
 * reaches beyond the machine by accident, and a forgotten route fails loudly instead of calling
 * a real service.
 */
export function testHttp(): { http: TestHttp; transport: HttpTransport } {
  const routes = new Map<string, TestHttpHandler>();
  const requests: TestHttpRequest[] = [];

  const find = (method: string, url: URL): TestHttpHandler | undefined => {
    const withQuery = `${url.origin}${url.pathname}${url.search}`;
    const withoutQuery = `${url.origin}${url.pathname}`;
    for (const target of [withQuery, withoutQuery]) {
      const handler = routes.get(`${method} ${target}`) ?? routes.get(`* ${target}`);
      if (handler) return handler;
    }
    return undefined;
  };

  const transport: HttpTransport = async (req) => {
    const url = new URL(req.uri);
    const handler = find(req.method, url);
    const seen = requestView(req, handler !== undefined);
    requests.push(seen);
    if (handler) {
      try {
        return await answer(await handler(seen));
      } catch (e) {
        return { err: { tag: 'internal-error', val: `golem-ts test kit: the route for ${req.method} ${req.uri} threw: ${(e as Error)?.message ?? String(e)}` } };
      }
    }
    if (isLoopback(url.hostname)) return nodeTransport(req);
    return { err: { tag: 'internal-error', val: `golem-ts test kit: no route for ${req.method} ${req.uri} (add host.http.route('${req.method} ${url.origin}${url.pathname}', …))` } };
  };

  const http: TestHttp = {
    route(spec, handler) {
      const m = /^(?:([A-Za-z]+)\s+)?(\S+)$/.exec(spec.trim());
      let url: URL | undefined;
      try {
        url = m ? new URL(m[2]) : undefined;
      } catch {
        url = undefined;
      }
      if (!m || !url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
        throw new TestKitError('BAD_INPUT', `http.route takes 'METHOD http(s)://host/path' or a URL, not ${JSON.stringify(spec)}`);
      }
      routes.set(`${m[1]?.toUpperCase() ?? '*'} ${url.origin}${url.pathname}${url.search}`, handler);
    },
    requests,
  };
  return { http, transport };
}

function requestView(req: OutgoingHttpRequest, routed: boolean): TestHttpRequest {
  const headers: Record<string, string> = {};
  for (const [n, v] of req.headers) {
    const name = n.toLowerCase();
    headers[name] = name in headers ? `${headers[name]}, ${v}` : v;
  }
  const text = () => new TextDecoder().decode(req.body);
  return { method: req.method, url: req.uri, headers, body: req.body, text, json: () => JSON.parse(text()), routed };
}

async function answer(res: TestHttpResponse): Promise<HttpOutcome> {
  if (res instanceof Response) {
    return { ok: { status: res.status, headers: [...res.headers], body: new Uint8Array(await res.arrayBuffer()) } };
  }
  const headers: [string, string][] = Object.entries(res.headers ?? {}).map(([n, v]) => [n.toLowerCase(), v]);
  let body = res.body ?? new Uint8Array(0);
  if (res.json !== undefined) {
    body = JSON.stringify(res.json);
    if (!headers.some(([n]) => n === 'content-type')) headers.push(['content-type', 'application/json']);
  }
  return { ok: { status: res.status ?? 200, headers, body: typeof body === 'string' ? new TextEncoder().encode(body) : body } };
}

function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}
