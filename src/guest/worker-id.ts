import type { UuidBits } from './uuid.ts';

/**
 * Golem's `worker-id` record comes in two 2024 spellings: `template-id` (the seed, golem-wit up
 * to v0.2.5) and `component-id` (golem-wit v0.2.6 on, v1.0.0 included; `golem-ts build --golem
 * golem-1.0`). The bindings hand the guest whichever its WIT declares and read records by field
 * name, so the SDK reads either and builds records carrying both (the second one hidden from
 * enumeration, so equality and JSON stay in the seed's shape).
 */
export function workerIdUuid(workerId: object): UuidBits | undefined {
  const w = workerId as { templateId?: { uuid?: UuidBits }; componentId?: { uuid?: UuidBits } };
  return (w.templateId ?? w.componentId)?.uuid;
}

export function witWorkerId<T extends { templateId: { uuid: UuidBits }; workerName: string }>(uuid: UuidBits, workerName: string): T {
  const id = { templateId: { uuid }, workerName };
  Object.defineProperty(id, 'componentId', { value: { uuid }, enumerable: false });
  return id as T;
}
