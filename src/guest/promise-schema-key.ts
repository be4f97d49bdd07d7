/**
 * Where a promise's payload schema travels as data (pure: shared by the guest SDK, the host and
 * the dashboard). `createPromise(schema)` writes the schema's JSON Schema into this
 * `wasi:keyvalue` bucket under the promise's id, so any host that can read the bucket can check a
 * completion before accepting it. On a real Golem the entry is ordinary key-value data: nothing
 * reads it there, and the guest still validates the payload when it awaits the promise.
 */
export const PROMISE_SCHEMA_BUCKET = 'golem-ts:promise-schemas';

/** The key of a promise's schema: `<template-uuid>/<worker-name>/<oplog-idx>`, the promise's string id. */
export const promiseSchemaKey = (templateId: string, workerName: string, oplogIdx: bigint | number): string => `${templateId}/${workerName}/${oplogIdx}`;
