/**
 * The dashboard's REST calls: the same `/v1` API as every client, with the bearer token the user
 * entered (kept for this browser tab only). Errors carry the server's messages for display.
 */
import { parseJson, stringifyJson } from '../wit/json.ts';

const TOKEN_KEY = 'golem-ts-token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly messages: string[],
  ) {
    super(`${status}: ${messages.join('; ')}`);
  }
}

export const getToken = () => sessionStorage.getItem(TOKEN_KEY) ?? undefined;
export const setToken = (token: string) => sessionStorage.setItem(TOKEN_KEY, token);

/** `accept`, and the bearer token when the user gave one. */
export function headersFor(accept: string): Record<string, string> {
  const headers: Record<string, string> = { accept };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  return headers;
}

/** A failed answer as an ApiError carrying the server's messages. */
export function apiError(res: Response, text: string): ApiError {
  let body: any;
  try {
    body = text ? parseJson(text) : undefined;
  } catch {
    body = text;
  }
  const messages = Array.isArray(body?.errors) ? body.errors.map(String) : typeof body?.error === 'string' ? [body.error] : [text || res.statusText];
  return new ApiError(res.status, messages);
}

export async function api<T = any>(method: string, path: string, json?: unknown): Promise<T> {
  const headers = headersFor('application/json');
  if (json !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: json === undefined ? undefined : stringifyJson(json) });
  } catch (e) {
    throw new ApiError(0, [`cannot reach the host: ${(e as Error).message}`]);
  }
  const text = await res.text();
  if (!res.ok) throw apiError(res, text);
  try {
    // Typed JSON: 64-bit integers beyond 2^53 come back as bigint, digit for digit.
    return (text ? parseJson(text) : undefined) as T;
  } catch {
    return text as T;
  }
}

export const enc = encodeURIComponent;
export const workerPath = (templateId: string, worker: string) => `/v1/templates/${enc(templateId)}/workers/${enc(worker)}`;

/** JSON text for display; bigints keep their digits. */
export const showJson = (value: unknown): string => stringifyJson(value) ?? '';
