/**
 * The Golem 1.5 REST shapes golem-ts serves for agents. Facts from Golem's OpenAPI
 * `openapi/golem-worker-service.yaml` in golemcloud/golem at tag v1.5.9
 * (commit f6b8875e2251d969ef4045a3078996836684e38e), the parts used here:
 *
 * - `POST /v1/agents/invoke-agent` (operationId invoke_agent, tag Agent), optional header
 *   `Idempotency-Key`; body `AgentInvocationRequest`; 200 `AgentInvocationResult`;
 *   400 `ErrorsBody`; 401/403/404/409/413/415/422 `ErrorBody`; 500 `ErrorBodyWithOptionalWorkerError`.
 * - `POST /v1/components/{component_id}/workers/{agent_name}/complete` (tag Worker),
 *   body `CompleteParameters`; 200 `boolean`; errors as above.
 * - `GET /v1/components/{component_id}/workers/{agent_name}` (get_worker_metadata) → 200 `AgentMetadataDto`;
 *   `GET /v1/components/{component_id}/workers` (get_workers_metadata; query filter, cursor, count,
 *   precise) → 200 `WorkersMetadataResponse` `{ workers: AgentMetadataDto[], cursor? }`;
 *   `DELETE /v1/components/{component_id}/workers/{agent_name}` → 200 `DeleteWorkerResponse` `{}`;
 *   `POST …/{agent_name}/interrupt?recovery-immediately=bool` → 200 `InterruptResponse` `{}`.
 * - Golem 1.5 has no route listing a worker's promises, and its
 *   `GET …/{agent_name}/oplog?count=N` answers `PublicOplogEntry` values, a form golem-ts neither
 *   serves nor reads.
 */

/** `AgentInvocationRequest`: required appName, envName, agentTypeName, parameters, methodName, methodParameters, mode. */
export interface AgentInvocationRequest {
  appName: string;
  envName: string;
  agentTypeName: string;
  /** The constructor parameters. */
  parameters: UntypedJsonDataValue;
  phantomId?: string;
  methodName: string;
  methodParameters: UntypedJsonDataValue;
  mode: 'await' | 'schedule';
  scheduleAt?: string;
  idempotencyKey?: string;
  deploymentRevision?: number;
  ownerAccountEmail?: string;
}

/** `AgentInvocationResult`: required agentId; result absent when nothing is awaited. */
export interface AgentInvocationResult {
  agentId: { componentId: string; agentId: string };
  result?: UntypedJsonDataValue;
  componentRevision?: number;
}

/**
 * `UntypedJsonDataValue`, discriminated by `type`: `Tuple` → `{ elements: UntypedJsonElementValue[] }`
 * (or `Multimodal`, not served here); an element is `{ type: "ComponentModel", value: <JSON> }`
 * (or `UnstructuredText` / `UnstructuredBinary`, not served here).
 */
export interface UntypedJsonDataValue {
  type: 'Tuple' | 'Multimodal';
  elements: { type: 'ComponentModel' | 'UnstructuredText' | 'UnstructuredBinary'; value?: unknown }[];
}

/** `CompleteParameters`: `{ oplogIdx: uint64, data: uint8[] }`. */

/** `ErrorsBody` (400) `{ code, errors: string[] }`; `ErrorBody` (others) `{ code, error }`. */
export function agentErrorBody(status: number, code: string, messages: string[]): { code: string; errors: string[] } | { code: string; error: string } {
  return status === 400 ? { code, errors: messages } : { code, error: messages.join('; ') };
}

export function tupleValues(v: unknown, what: string): unknown[] {
  const d = v as UntypedJsonDataValue | undefined;
  if (!d || typeof d !== 'object' || d.type !== 'Tuple' || !Array.isArray(d.elements)) {
    throw new TypeError(`${what}: expected {"type": "Tuple", "elements": [{"type": "ComponentModel", "value": ...}, ...]}`);
  }
  return d.elements.map((e, i) => {
    if (!e || e.type !== 'ComponentModel') throw new TypeError(`${what}.elements[${i}]: only ComponentModel values are served by golem-ts`);
    return e.value;
  });
}

export function tuple(values: unknown[]): UntypedJsonDataValue {
  return { type: 'Tuple', elements: values.map((value) => ({ type: 'ComponentModel', value })) };
}

/**
 * `AgentMetadataDto`, the fields golem-ts knows. Golem 1.5 also requires environmentId,
 * createdBy, config, pendingInvocationCount, updates, createdAt, componentSize,
 * totalLinearMemorySize, exportedResourceInstances, activePlugins, skippedRegions and
 * deletedRegions: the host does not track them and leaves them out rather than invent them.
 */
export interface AgentMetadataDto {
  agentId: { componentId: string; agentId: string };
  env: Record<string, string>;
  /** `AgentStatus`: Running, Idle, Suspended, Interrupted, Retrying, Failed, Exited. */
  status: string;
  componentRevision: number;
  retryCount: number;
}

export function agentMetadata(meta: { workerId: { rawTemplateId: string; workerName: string }; env: Record<string, string>; status: string; templateVersion: number; retryCount: number }): AgentMetadataDto {
  return {
    agentId: { componentId: meta.workerId.rawTemplateId, agentId: meta.workerId.workerName },
    env: meta.env,
    status: meta.status,
    componentRevision: meta.templateVersion,
    retryCount: meta.retryCount,
  };
}
