/**
 * Request validation for the Worker API. Each parser collects every problem it finds and throws
 * one INVALID_REQUEST (400 `{"errors": [...]}`), so a client sees all its mistakes at once.
 */
import { invalid } from '../host/errors.ts';
import type { CallingConvention } from '../host/types.ts';
import { isUuid } from '../guest/uuid.ts';
import { workerNameProblem } from '../host/worker-name.ts';

const U64_MAX = (1n << 64n) - 1n;

export function requireTemplateId(id: string): string {
  if (!isUuid(id)) throw invalid(`Invalid template id: ${JSON.stringify(id)} is not a UUID`);
  return id;
}

/** Splits the seed's textual worker id `<templateId>.<workerName>` at the first `.` after the UUID. */
export function parseWorkerId(text: string): { templateId: string; workerName: string } {
  const templateId = text.slice(0, 36);
  const workerName = text.slice(37);
  if (!isUuid(templateId) || text[36] !== '.' || workerName === '') {
    throw invalid(`Invalid worker id: ${JSON.stringify(text)}; expected <templateId>.<workerName>`);
  }
  return { templateId, workerName };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function requireObject(body: unknown, shape: string): Record<string, unknown> {
  if (!isObject(body)) throw invalid(`The request body must be a JSON object ${shape}`);
  return body;
}

export interface WorkerCreation {
  name: string;
  args: string[];
  env: [string, string][];
}

/**
 * `{"name", "args": [..], "env": [["K","V"], ...]}`. `args` and `env` may be omitted (empty), and
 * `env` may also be an object map, the open-source spelling, so either client shape works.
 */
export function parseWorkerCreation(body: unknown): WorkerCreation {
  const b = requireObject(body, '{"name": string, "args": [string], "env": [[string, string]]}');
  const errors: string[] = [];
  const name = b.name;
  if (typeof name !== 'string') errors.push('name: required, a string');
  else {
    const problem = workerNameProblem(name);
    if (problem) errors.push(problem);
  }

  let args: string[] = [];
  if (b.args !== undefined) {
    if (!Array.isArray(b.args)) errors.push('args: must be an array of strings');
    else {
      b.args.forEach((a, i) => typeof a !== 'string' && errors.push(`args[${i}]: must be a string`));
      args = b.args as string[];
    }
  }

  let env: [string, string][] = [];
  if (Array.isArray(b.env)) {
    b.env.forEach((pair, i) => {
      const ok = Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' && typeof pair[1] === 'string';
      if (!ok) errors.push(`env[${i}]: must be a pair of strings ["KEY", "value"]`);
    });
    env = b.env as [string, string][];
  } else if (isObject(b.env)) {
    env = Object.entries(b.env) as [string, string][];
    env.forEach(([k, v]) => typeof v !== 'string' && errors.push(`env.${k}: must be a string`));
  } else if (b.env !== undefined) {
    errors.push('env: must be a list of ["KEY", "value"] pairs');
  }

  if (errors.length) throw invalid(errors);
  return { name: name as string, args, env };
}

/** `{"params": <any JSON>}`; the executor type-checks the params against the function. */
export function parseInvokeParameters(body: unknown): unknown {
  const b = requireObject(body, '{"params": [...]}');
  if (!('params' in b)) throw invalid('params: required (a JSON array with one element per function parameter)');
  return b.params;
}

/** `{"oplogIdx": u64, "data": [u8, ...]}` */
export function parseCompleteParameters(body: unknown): { oplogIdx: bigint; data: Uint8Array } {
  const b = requireObject(body, '{"oplogIdx": integer (or a decimal string), "data": [byte, ...]}');
  const errors: string[] = [];

  let oplogIdx = 0n;
  // The seed's Promises page sends it as a decimal string ({"oplogIdx": "10"}); its REST page as a number.
  const idx = typeof b.oplogIdx === 'string' && /^\d{1,20}$/.test(b.oplogIdx) ? BigInt(b.oplogIdx) : b.oplogIdx;
  if (idx === undefined) errors.push('oplogIdx: required, a non-negative integer');
  else if (!isInteger(idx) || BigInt(idx) < 0n || BigInt(idx) > U64_MAX) {
    errors.push(`oplogIdx: must be an integer between 0 and 2^64-1, got ${describe(idx)}`);
  } else oplogIdx = BigInt(idx);

  let data = new Uint8Array();
  if (b.data === undefined) errors.push('data: required, an array of bytes (integers 0-255)');
  else if (!Array.isArray(b.data)) errors.push(`data: must be an array of bytes (integers 0-255), got ${describe(b.data)}`);
  else {
    const bad = b.data.findIndex((x) => !(typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 255));
    if (bad >= 0) errors.push(`data[${bad}]: must be an integer 0-255, got ${describe(b.data[bad])}`);
    else data = Uint8Array.from(b.data as number[]);
  }

  if (errors.length) throw invalid(errors);
  return { oplogIdx, data };
}

const isInteger = (v: unknown): v is number | bigint => typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v));

function describe(v: unknown): string {
  if (typeof v === 'bigint') return v.toString();
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

const CONVENTIONS: CallingConvention[] = ['Component', 'Stdio', 'StdioEventloop'];

export function parseCallingConvention(value: string | undefined): CallingConvention | undefined {
  if (value === undefined || value === '') return undefined;
  const found = CONVENTIONS.find((c) => c.toLowerCase() === value.toLowerCase());
  if (!found) throw invalid(`calling-convention: must be one of ${CONVENTIONS.join(', ')}, got ${JSON.stringify(value)}`);
  return found;
}

export function requireQuery(value: string | undefined, name: string, what: string): string {
  if (value === undefined || value === '') throw invalid(`${name}: required query parameter (${what})`);
  return value;
}

/** A boolean query flag: absent → false; `true`/`false` (a bare `?flag` counts as true). */
export function parseFlag(value: string | undefined, name: string): boolean {
  if (value === undefined) return false;
  const v = value.toLowerCase();
  if (v === 'true' || v === '') return true;
  if (v === 'false') return false;
  throw invalid(`${name}: must be true or false, got ${JSON.stringify(value)}`);
}

export function parseNonNegative(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw invalid(`${name}: must be a non-negative integer, got ${JSON.stringify(value)}`);
  return Number(value);
}
