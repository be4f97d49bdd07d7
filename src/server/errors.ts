/**
 * Maps every failure to the Worker API's error table: 400 carries `{"errors": [...]}`, every
 * other status `{"error": "..."}`. Nothing a client can cause may surface as a 500. The
 * framework's own client errors (bad URL encoding, 413, 414, 415) keep their status and get the
 * same bodies.
 */
import { ExecutorError, storageFailed } from '../host/errors.ts';
import { isStorageFailure } from '../host/store.ts';
import { MAX_WORKER_NAME_LENGTH } from '../host/worker-name.ts';
import { mib } from '../host/limits.ts';
import { MAX_JSON_BYTES, MAX_TEMPLATE_BYTES } from './defaults.ts';

export interface ErrorReply {
  status: number;
  body: { errors: string[] } | { error: string };
}

/** An error raised by fastify or a plugin (body parsing, limits, content types, URLs). */
interface HttpLikeError extends Error {
  statusCode?: number;
  code?: string;
}

/** The seed's body for `status`: a list of problems for 400, one message otherwise. */
export function errorBody(status: number, messages: string[]): ErrorReply['body'] {
  return status === 400 ? { errors: messages } : { error: messages.join('; ') };
}

/** A refusal decided by the HTTP layer itself (not the executor), with its status. */
export const httpError = (statusCode: number, message: string): HttpLikeError => Object.assign(new Error(message), { statusCode });

export function toErrorReply(thrown: unknown): ErrorReply & { unexpected: boolean } {
  const err = isStorageFailure(thrown) ? storageFailed(thrown) : thrown;
  if (err instanceof ExecutorError) {
    return { status: err.status, body: errorBody(err.status, err.errors), unexpected: false };
  }
  const e = err as HttpLikeError;
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return { status: e.statusCode, body: errorBody(e.statusCode, [clientMessage(e)]), unexpected: false };
  }
  const message = e instanceof Error ? e.message : String(err);
  return { status: 500, body: { error: `internal error: ${message}` }, unexpected: true };
}

/** fastify's messages are terse ("Request body is too large"); name the limit or the fix where it helps. */
function clientMessage(e: HttpLikeError): string {
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return `${e.message}; send application/json (or application/octet-stream for a template upload)`;
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `${e.message} (JSON bodies may have up to ${mib(MAX_JSON_BYTES)}, template uploads up to ${mib(MAX_TEMPLATE_BYTES)})`;
    case 'FST_REQ_FILE_TOO_LARGE':
      return `the template file exceeds the upload limit of ${mib(MAX_TEMPLATE_BYTES)}`;
    case 'FST_ERR_BAD_URL':
      return `${e.message}: the path has malformed percent-encoding`;
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return `${e.message} (worker names have at most ${MAX_WORKER_NAME_LENGTH} characters)`;
    default:
      return e.message;
  }
}
