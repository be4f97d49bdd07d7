import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { errorCodeOf, type ErrorCode } from './error-code.ts';

/** One outgoing request, its body complete (request bodies are buffered, see OutgoingBody). */
export interface OutgoingHttpRequest {
  method: string;
  /** Absolute: `scheme://authority/path?query`. */
  uri: string;
  /** Header values as latin1 text (byte for byte what the guest set). */
  headers: [string, string][];
  body: Uint8Array;
  /** Milliseconds; from the guest's request-options or the host's defaults. */
  connectTimeoutMs: number;
  firstByteTimeoutMs: number;
  betweenBytesTimeoutMs: number;
  /** Longest response body accepted; a longer one is the error `HTTP-response-body-size`. */
  maxResponseBytes: number;
}

/** A whole response (body buffered), or the wasi:http error code the request failed with. */
export type HttpOutcome = { ok: { status: number; headers: [string, string][]; body: Uint8Array } } | { err: ErrorCode };

/** Where a worker's outgoing requests go: Node's HTTP stack, or the test kit's routes. */
export type HttpTransport = (request: OutgoingHttpRequest) => Promise<HttpOutcome>;

/** The host's outgoing-HTTP settings (ExecutorOptions.http); every field has a default. */
export interface HttpSettings {
  /** Default: Node's HTTP stack (nodeTransport). */
  transport?: HttpTransport;
  /** Timeouts (ms) where the guest's request-options set none; default DEFAULT_HTTP_TIMEOUTS_MS. */
  timeoutsMs?: { connect?: number; firstByte?: number; betweenBytes?: number };
  /** Longest response body recorded; default MAX_HTTP_RESPONSE_BYTES. */
  maxResponseBytes?: number;
}

/**
 * Sends a request through node:http/node:https on the host's event loop and buffers the
 * response up to `maxResponseBytes`. Never rejects: every failure is a wasi:http error code.
 */
export const nodeTransport: HttpTransport = (req) =>
  new Promise<HttpOutcome>((resolve) => {
    let url: URL;
    try {
      url = new URL(req.uri);
    } catch {
      resolve({ err: { tag: 'HTTP-request-URI-invalid' } });
      return;
    }
    let settled = false;
    let watchdog: NodeJS.Timeout | undefined;
    const finish = (outcome: HttpOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(watchdog);
      resolve(outcome);
    };
    const fail = (err: ErrorCode) => {
      finish({ err });
      request.destroy();
    };
    const arm = (ms: number, err: ErrorCode) => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => fail(err), ms);
    };

    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(url, { method: req.method, headers: headerObject(req.headers), agent: false, lookup: rfc6761Lookup });
    arm(req.connectTimeoutMs, { tag: 'connection-timeout' });
    request.on('socket', (socket) => {
      const connected = () => arm(req.firstByteTimeoutMs, { tag: 'connection-read-timeout' });
      if (!socket.connecting) connected();
      else socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', connected);
    });
    request.on('error', (e) => finish({ err: errorCodeOf(e) }));
    request.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      arm(req.betweenBytesTimeoutMs, { tag: 'connection-read-timeout' });
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > req.maxResponseBytes) return fail({ tag: 'HTTP-response-body-size', val: BigInt(size) });
        chunks.push(chunk);
        arm(req.betweenBytesTimeoutMs, { tag: 'connection-read-timeout' });
      });
      res.on('end', () => finish({ ok: { status: res.statusCode ?? 0, headers: pairs(res.rawHeaders), body: new Uint8Array(Buffer.concat(chunks)) } }));
      res.on('error', (e) => finish({ err: errorCodeOf(e) }));
    });
    request.end(req.body);
  });

/** Node takes repeated headers as arrays; names are kept as the guest spelled them. */
function headerObject(headers: [string, string][]): Record<string, string | string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of headers) (out[name] ??= []).push(value);
  return out;
}

function pairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i].toLowerCase(), raw[i + 1]]);
  return out;
}

/**
 * dns.lookup, except that names under `.invalid` fail at once as RFC 6761 asks of resolvers:
 * no query leaves the machine for a name that can never resolve.
 */
function rfc6761Lookup(hostname: string, options: object, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void {
  if (/(^|\.)invalid\.?$/i.test(hostname)) {
    const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
    process.nextTick(() => callback(err, ''));
    return;
  }
  dnsLookup(hostname, options, callback as never);
}
