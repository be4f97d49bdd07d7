/**
 * Maps every failure to the Worker API's error table: 400 carries `{"errors": [...]}`, every
 * other status `{"error": "..."}`. Nothing a client can cause may surface as a 500.
 */
import { ExecutorError } from '../host/errors.ts';
import { MAX_JSON_BYTES, MAX_TEMPLATE_BYTES, mib } from './defaults.ts';

export interface ErrorReply {
  status: number;
  body: { errors: string[] } | { error: string };
}

/** An error raised by fastify or a plugin (body parsing, limits, content types). */
interface HttpLikeError extends Error {
  statusCode?: number;
  code?: string;
}

export function toErrorReply(err: unknown): ErrorReply & { unexpected: boolean } {
  if (err instanceof ExecutorError) {
    const status = err.status;
    return { status, body: status === 400 ? { errors: err.errors } : { error: err.message }, unexpected: false };
  }
  const e = err as HttpLikeError;
  // fastify answers client mistakes with 4xx codes of its own (413, 415, 406…); the seed's table
  // has one status for an invalid request, so they all become 400 with the reason kept.
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return { status: 400, body: { errors: [clientMessage(e)] }, unexpected: false };
  }
  const message = e instanceof Error ? e.message : String(err);
  return { status: 500, body: { error: `internal error: ${message}` }, unexpected: true };
}

/** fastify's messages are terse ("Request body is too large"); name the limit where it helps. */
function clientMessage(e: HttpLikeError): string {
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return `${e.message}; send application/json (or application/octet-stream for a template upload)`;
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `${e.message} (JSON bodies may have up to ${mib(MAX_JSON_BYTES)}, template uploads up to ${mib(MAX_TEMPLATE_BYTES)})`;
    case 'FST_REQ_FILE_TOO_LARGE':
      return `the template file exceeds the upload limit of ${mib(MAX_TEMPLATE_BYTES)}`;
    default:
      return e.message;
  }
}
