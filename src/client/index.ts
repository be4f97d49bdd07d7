/** golem-ts/client: a typed REST client for `golem-ts serve` and Golem's `/v1` API. */
export { GolemClient, type GolemClientOptions, type InvokeAndAwaitOptions } from './client.ts';
export { GolemApiError, GolemConnectionError } from './errors.ts';
export type { CallingConvention, OplogEntry, PromiseInfo, Template, VersionedWorkerId, WorkerId, WorkerMetadata, WorkerStatus } from '../host/types.ts';
