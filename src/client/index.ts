/** golem-ts/client: a typed REST client for `golem-ts serve` and Golem's `/v1` API. */
export { GolemClient, type GolemClientOptions, type InvokeAndAwaitOptions } from './client.ts';
export { GolemApiError, GolemClientError, GolemConnectionError, GolemTimeoutError } from './errors.ts';
export { API_SHAPES, type ApiShape } from './api-shape.ts';
export type { CallingConvention, OplogEntry, PromiseInfo, Template, VersionedWorkerId, WorkerEvent, WorkerId, WorkerMetadata, WorkerStatus, WorkerStreamEvent } from '../host/types.ts';
export { AgentClient, AgentClientError, type AgentClientOptions, type InvokeAgentOptions } from './agent-client.ts';
