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

export async function api<T = any>(method: string, path: string, json?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (json !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: json === undefined ? undefined : stringifyJson(json) });
  } catch (e) {
    throw new ApiError(0, [`cannot reach the host: ${(e as Error).message}`]);
  }
  const text = await res.text();
  let body: any;
  try {
    // Typed JSON: 64-bit integers beyond 2^53 come back as bigint, digit for digit.
    body = text ? parseJson(text) : undefined;
  } catch {
    body = text;
  }
  if (!res.ok) {
    const messages = Array.isArray(body?.errors) ? body.errors.map(String) : typeof body?.error === 'string' ? [body.error] : [text || res.statusText];
    throw new ApiError(res.status, messages);
  }
  return body as T;
}

export const enc = encodeURIComponent;
export const workerPath = (templateId: string, worker: string) => `/v1/templates/${enc(templateId)}/workers/${enc(worker)}`;

/** JSON text for display; bigints keep their digits. */
export const showJson = (value: unknown): string => stringifyJson(value) ?? '';
