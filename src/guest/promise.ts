/**
 * Durable promises.
 *
 * A durable promise is created by a worker, handed out (its id travels as a string, as JSON or as
 * the WIT `promise-id` record), completed exactly once by another worker or through Golem's REST
 * API, and awaited by the worker that created it — across suspensions, restarts and replays.
 *
 * ```ts
 * const verdict = z.object({ verdict: z.enum(['approve', 'reject']) });
 * const p = createPromise(verdict);          // DurablePromise<{ verdict: 'approve' | 'reject' }>
 * bucket.set('review', p.toString());        // hand the id out / store it
 * …
 * const { verdict: v } = await DurablePromise.parse(stored, verdict).result();
 * ```
 *
 * Payloads are UTF-8 JSON validated with any Standard Schema (zod 4, valibot, arktype, …).
 */
import type { PromiseId } from 'golem:api/host@0.2.0';
import { InvalidPromiseIdError } from './errors.ts';
import { witWorkerId, workerIdUuid } from './worker-id.ts';
import {
  awaitPromise as hostAwaitPromise,
  completePromise as hostCompletePromise,
  createPromise as hostCreatePromise,
  deletePromise as hostDeletePromise,
  uuidFromString,
  uuidToString,
} from './host.ts';
import {
  assertSchema,
  decodePayload,
  encodeJson,
  type AnySchema,
  type InferOutput,
} from './payload.ts';
import { forgetPromiseSchema, publishPromiseSchema } from './promise-schema.ts';
import { promiseSchemaKey } from './promise-schema-key.ts';

/** Golem's REST JSON form of a promise id. */
export interface PromiseIdJson {
  workerId: { templateId: string; workerName: string };
  oplogIdx: number;
}

/** The body of `POST /v1/templates/{templateId}/workers/{workerName}/complete`. */
export interface CompletionBody {
  oplogIdx: number;
  /** The payload bytes, as JSON numbers. */
  data: number[];
}

/**
 * Anything that identifies a promise: a handle, the WIT record, its REST JSON form, or its string
 * form (`<template-uuid>/<worker-name>/<oplog-idx>`, or the JSON text).
 */
export type PromiseRef = DurablePromise<any> | PromiseId | PromiseIdJson | string;

const U64_MAX = (1n << 64n) - 1n;

/** A handle on a durable promise whose payload decodes to `T`. */
export class DurablePromise<T = unknown> {
  /** The raw WIT `promise-id` (return it from an export typed `promise-id`). */
  readonly id: PromiseId;
  readonly #schema: AnySchema | undefined;
  readonly #templateId: string;

  private constructor(id: PromiseId, schema: AnySchema | undefined) {
    this.id = id;
    this.#schema = schema;
    this.#templateId = uuidToString(workerIdUuid(id.workerId)!);
  }

  /** Wraps an existing promise id (the WIT record or its REST JSON form). */
  static fromId(id: PromiseId | PromiseIdJson): DurablePromise<unknown>;
  static fromId<S extends AnySchema>(id: PromiseId | PromiseIdJson, schema: S): DurablePromise<InferOutput<S>>;
  static fromId(id: PromiseId | PromiseIdJson, schema?: AnySchema): DurablePromise<unknown> {
    if (schema !== undefined) assertSchema(schema);
    return new DurablePromise(normalizePromiseId(id), schema);
  }

  /**
   * Rebuilds a handle from `toString()` output (`<template-uuid>/<worker-name>/<oplog-idx>`) or
   * from `JSON.stringify(promise)` output. Throws `InvalidPromiseIdError` on malformed input.
   */
  static parse(text: string): DurablePromise<unknown>;
  static parse<S extends AnySchema>(text: string, schema: S): DurablePromise<InferOutput<S>>;
  static parse(text: string, schema?: AnySchema): DurablePromise<unknown> {
    if (schema !== undefined) assertSchema(schema);
    return new DurablePromise(parsePromiseId(text), schema);
  }

  /** The oplog index that identifies the promise within its worker. */
  get oplogIdx(): bigint {
    return this.id.oplogIdx;
  }

  /** The name of the worker that owns the promise. */
  get workerName(): string {
    return this.id.workerId.workerName;
  }

  /** The owning worker's template id, as a UUID string. */
  get templateId(): string {
    return this.#templateId;
  }

  /** The REST path that completes this promise (POST, body: {@link completionBody}). */
  get completionPath(): string {
    return `/v1/templates/${this.#templateId}/workers/${encodeURIComponent(this.workerName)}/complete`;
  }

  /** `<template-uuid>/<worker-name>/<oplog-idx>`; {@link DurablePromise.parse} reads it back. */
  toString(): string {
    return `${this.#templateId}/${this.workerName}/${this.oplogIdx}`;
  }

  /** Golem's REST JSON form: `{ workerId: { templateId, workerName }, oplogIdx }`. */
  toJSON(): PromiseIdJson {
    return {
      workerId: { templateId: this.#templateId, workerName: this.workerName },
      oplogIdx: oplogIdxToNumber(this.oplogIdx),
    };
  }

  /** The exact REST completion body for `value` (JSON-encoded as UTF-8). */
  completionBody(value: T): CompletionBody {
    return this.completionBodyBytes(encodeJson(value, 'promise completion value'));
  }

  /** The exact REST completion body for raw payload bytes. */
  completionBodyBytes(bytes: Uint8Array): CompletionBody {
    return { oplogIdx: oplogIdxToNumber(this.oplogIdx), data: Array.from(bytes) };
  }

  /**
   * Waits durably for the promise and returns its payload decoded (UTF-8 JSON) and validated.
   * If the promise is not complete yet, the host suspends the worker here; the exception it may
   * use to unwind is never caught by the SDK. Throws `PayloadValidationError` on a bad payload.
   */
  async result(): Promise<T> {
    const bytes = hostAwaitPromise(this.id);
    return decodePayload<T>(bytes, this.#schema, `promise ${this.toString()}`);
  }

  /** Waits durably for the promise and returns its raw payload. */
  async resultBytes(): Promise<Uint8Array> {
    return hostAwaitPromise(this.id);
  }

  /** Completes the promise with `value` (JSON). True if completed now, false if it already was. */
  complete(value: T): boolean {
    return hostCompletePromise(this.id, encodeJson(value, 'promise completion value'));
  }

  /** Completes the promise with raw bytes. True if completed now, false if it already was. */
  completeBytes(bytes: Uint8Array): boolean {
    return hostCompletePromise(this.id, bytes);
  }

  /** Deletes the promise (and its published schema, if any). */
  delete(): void {
    deletePromise(this);
  }
}

/**
 * Creates a durable promise owned by this worker. With a Standard Schema the payload is validated
 * and typed by the schema's output type; without one it is `unknown` JSON.
 */
export function createPromise(): DurablePromise<unknown>;
export function createPromise<S extends AnySchema>(schema: S): DurablePromise<InferOutput<S>>;
export function createPromise(schema?: AnySchema): DurablePromise<unknown> {
  if (schema !== undefined) assertSchema(schema);
  const id = hostCreatePromise();
  if (schema === undefined) return DurablePromise.fromId(id);
  const promise = DurablePromise.fromId(id, schema);
  publishPromiseSchema(promise.toString(), schema);
  return promise;
}

/**
 * Completes a promise with `value` (JSON). True if completed now, false if it already was.
 * With a handle, `value` must have the handle's type; ids and strings accept any JSON value.
 */
export function completePromise<T>(promise: DurablePromise<T>, value: NoInfer<T>): boolean;
export function completePromise(promise: PromiseId | PromiseIdJson | string, value: unknown): boolean;
export function completePromise(promise: PromiseRef, value: unknown): boolean {
  return hostCompletePromise(toPromiseId(promise), encodeJson(value, 'promise completion value'));
}

/** Completes a promise with raw bytes. True if completed now, false if it already was. */
export function completePromiseBytes(promise: PromiseRef, bytes: Uint8Array): boolean {
  return hostCompletePromise(toPromiseId(promise), bytes);
}

/** Deletes a promise. */
export function deletePromise(promise: PromiseRef): void {
  const id = toPromiseId(promise);
  hostDeletePromise(id);
  forgetPromiseSchema(promiseSchemaKey(uuidToString(id.workerId.templateId.uuid), id.workerId.workerName, id.oplogIdx));
}

/** The WIT `promise-id` for any {@link PromiseRef}. */
export function toPromiseId(promise: PromiseRef): PromiseId {
  if (promise instanceof DurablePromise) return promise.id;
  if (typeof promise === 'string') return parsePromiseId(promise);
  return normalizePromiseId(promise);
}

// ---------------------------------------------------------------------------------------------

function oplogIdxToNumber(idx: bigint): number {
  const n = Number(idx);
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`oplog index ${idx} does not fit in a JSON number`);
  }
  return n;
}

function parsePromiseId(text: string): PromiseId {
  if (typeof text !== 'string') {
    throw new InvalidPromiseIdError(`a promise id string was expected, got ${typeof text}`, text);
  }
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (e) {
      throw new InvalidPromiseIdError(`invalid promise id ${JSON.stringify(text)}: not valid JSON`, text, e);
    }
    return normalizePromiseId(json, text);
  }
  const first = trimmed.indexOf('/');
  const last = trimmed.lastIndexOf('/');
  if (first < 0 || last === first) {
    throw new InvalidPromiseIdError(
      `invalid promise id ${JSON.stringify(text)}: expected <template-uuid>/<worker-name>/<oplog-idx>`,
      text,
    );
  }
  const uuidText = trimmed.slice(0, first);
  const workerName = trimmed.slice(first + 1, last);
  const idxText = trimmed.slice(last + 1);
  return {
    workerId: witWorkerId(parseUuid(uuidText, text), checkWorkerName(workerName, text)),
    oplogIdx: parseU64(idxText, text),
  };
}

/**
 * Accepts the WIT record (bigints, or integer numbers) or the REST JSON form. `input` is what the
 * caller passed (reported in errors), when `value` was parsed from it.
 */
function normalizePromiseId(value: unknown, input: unknown = value): PromiseId {
  const bad = (why: string): InvalidPromiseIdError =>
    new InvalidPromiseIdError(`invalid promise id: ${why}`, input);
  if (typeof value !== 'object' || value === null) throw bad(`expected an object, got ${describe(value)}`);
  const { workerId, oplogIdx } = value as { workerId?: unknown; oplogIdx?: unknown };
  if (typeof workerId !== 'object' || workerId === null) throw bad('missing workerId');
  const w = workerId as { templateId?: unknown; componentId?: unknown; rawTemplateId?: unknown; workerName?: unknown };
  if (typeof w.workerName !== 'string') throw bad('workerId.workerName must be a string');
  const templateId = w.templateId ?? w.componentId ?? w.rawTemplateId;
  let uuid: { highBits: bigint; lowBits: bigint };
  if (typeof templateId === 'string') {
    uuid = parseUuid(templateId, input);
  } else if (typeof templateId === 'object' && templateId !== null) {
    const u = (templateId as { uuid?: unknown }).uuid;
    if (typeof u !== 'object' || u === null) throw bad('workerId.templateId.uuid is missing');
    const { highBits, lowBits } = u as { highBits?: unknown; lowBits?: unknown };
    uuid = { highBits: toU64(highBits, 'highBits', input), lowBits: toU64(lowBits, 'lowBits', input) };
  } else {
    throw bad('workerId.templateId must be a UUID string or { uuid: { highBits, lowBits } }');
  }
  return {
    workerId: witWorkerId(uuid, checkWorkerName(w.workerName, input)),
    oplogIdx: toU64(oplogIdx, 'oplogIdx', input),
  };
}

function checkWorkerName(name: string, input: unknown): string {
  if (name.length === 0) throw new InvalidPromiseIdError('invalid promise id: empty worker name', input);
  return name;
}

function parseUuid(text: string, input: unknown): { highBits: bigint; lowBits: bigint } {
  try {
    return uuidFromString(text);
  } catch (e) {
    throw new InvalidPromiseIdError(
      `invalid promise id: template id ${JSON.stringify(text)} is not a UUID`,
      input,
      e,
    );
  }
}

function parseU64(text: string, input: unknown): bigint {
  if (!/^\d+$/.test(text)) {
    throw new InvalidPromiseIdError(
      `invalid promise id: oplog index ${JSON.stringify(text)} is not a non-negative integer`,
      input,
    );
  }
  const value = BigInt(text);
  if (value > U64_MAX) {
    throw new InvalidPromiseIdError(`invalid promise id: oplog index ${text} exceeds u64`, input);
  }
  return value;
}

function toU64(value: unknown, field: string, input: unknown): bigint {
  if (typeof value === 'bigint') {
    if (value < 0n || value > U64_MAX) {
      throw new InvalidPromiseIdError(`invalid promise id: ${field} is out of the u64 range`, input);
    }
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new InvalidPromiseIdError(`invalid promise id: ${field} must be a non-negative safe integer`, input);
    }
    return BigInt(value);
  }
  if (typeof value === 'string') return parseU64(value, input);
  throw new InvalidPromiseIdError(`invalid promise id: ${field} must be an integer, got ${describe(value)}`, input);
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}
