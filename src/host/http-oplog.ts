import { isHostCall } from './oplog.ts';
import type { OplogEntry } from './types.ts';

/**
 * How an outgoing HTTP request reads in the oplog, for the CLI and the dashboard (no Node APIs:
 * the dashboard bundles it). A request is two entries: `wasi:http/outgoing-handler/handle`
 * (WriteRemote; its request: method, uri, headers, body length and SHA-256; committed before
 * the request is sent) and the `wasi:http/types/future-incoming-response/get` that returned the
 * outcome (ReadRemote; request `{handle: <idx of the handle entry>}`, response the whole
 * response — status, headers, body bytes — or the wasi:http error code).
 */
export const HTTP_REQUEST_FN = 'wasi:http/outgoing-handler/handle';
export const HTTP_RESPONSE_FN = 'wasi:http/types/future-incoming-response/get';


export type HttpEntry =
  | { kind: 'request'; method: string; uri: string; bodyBytes: number }
  | { kind: 'response'; handle: number; status: number; body: Uint8Array }
  | { kind: 'failure'; handle: number; error: string };

/** The request or outcome an oplog entry records, if it is one (a `get` that found nothing yet is neither). */
export function httpEntry(e: OplogEntry): HttpEntry | undefined {
  if (!isHostCall(e)) return undefined;
  if (e.functionName === HTTP_REQUEST_FN) {
    const r = e.request as { method?: string; uri?: string; body?: { bytes?: number } } | undefined;
    return { kind: 'request', method: r?.method ?? '?', uri: r?.uri ?? '?', bodyBytes: r?.body?.bytes ?? 0 };
  }
  if (e.functionName !== HTTP_RESPONSE_FN) return undefined;
  const handle = (e.request as { handle?: number } | undefined)?.handle ?? 0;
  const ok = (e.response as { ok?: { ok?: { status: number; body?: { $bytes?: string } }; err?: { tag?: string } } } | null)?.ok;
  if (ok?.ok) return { kind: 'response', handle, status: ok.ok.status, body: fromBase64(ok.ok.body?.$bytes ?? '') };
  if (ok?.err) return { kind: 'failure', handle, error: ok.err.tag ?? 'error' };
  return undefined;
}

/** `POST http://… (57-byte body)`, `200 ← 14 bytes: {"score":70}`, `failed: connection-refused`. */
export function describeHttpEntry(entry: HttpEntry, maxBody = 80): string {
  switch (entry.kind) {
    case 'request':
      return `${entry.method} ${entry.uri}${entry.bodyBytes ? ` (${entry.bodyBytes}-byte body)` : ''}`;
    case 'response':
      return `response to entry ${entry.handle}: ${entry.status}, ${entry.body.length} bytes${bodyPreview(entry.body, maxBody)}`;
    case 'failure':
      return `request of entry ${entry.handle} failed: ${entry.error}`;
  }
}

function bodyPreview(body: Uint8Array, max: number): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    if (!text || /[\x00-\x08\x0e-\x1f]/.test(text)) return '';
    return `: ${text.length > max ? `${text.slice(0, max - 1)}…` : text}`;
  } catch {
    return '';
  }
}

function fromBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

