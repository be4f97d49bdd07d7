/**
 * Calling services from a workflow with `fetch`. Every request and its whole response are
 * recorded in the worker's oplog: after a crash, replay hands the workflow the recorded
 * responses and sends nothing again. A request in flight when the host died is sent once more
 * (the default idempotence mode), so each request carries an idempotency key: `idempotencyKey()`
 * is recorded too, so the repeat carries the same key and the service can recognise it.
 */
import { idempotencyKey, openBucket, resultFn, selfWorkerId } from 'golem-ts';
import type { Receipt } from 'golem:http-call/api';

interface Services {
  payments: string;
  warehouse: string;
}

const services = () => openBucket('http-call');
const key = () => `${selfWorkerId().workerName}/services`;

/** POSTs JSON with an idempotency key; the status and the JSON answer (or `{}`). */
async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey() },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // not JSON: keep the status only
  }
  return { status: res.status, json };
}

export const api = {
  configure: resultFn(async (payments: string, warehouse: string): Promise<void> => {
    for (const url of [payments, warehouse]) if (!/^https?:\/\//.test(url)) throw new Error(`a service URL must be http(s)://…, got ${url}`);
    await services().set(key(), { payments, warehouse });
  }),

  checkout: resultFn(async (order: string, sku: string, amountCents: bigint): Promise<Receipt> => {
    const svc = (await services().get(key())) as Services | undefined;
    if (!svc) throw new Error('call configure first');

    const charge = await post(`${svc.payments}/charges`, { order, amountCents: amountCents.toString() });
    if (charge.status !== 201) throw new Error(`the payment was refused (${charge.status})`);
    const chargeId = String(charge.json.id);

    const reservation = await post(`${svc.warehouse}/reservations`, { order, sku });
    if (reservation.status !== 201) {
      // Compensation: undo the charge before reporting the failure.
      const refund = await post(`${svc.payments}/charges/${chargeId}/refund`, { order });
      if (refund.status !== 200) throw new Error(`${sku} could not be reserved (${reservation.status}) and refunding ${chargeId} failed (${refund.status})`);
      throw new Error(`${sku} could not be reserved (${reservation.status}); charge ${chargeId} was refunded`);
    }
    return { chargeId, reservationId: String(reservation.json.id) };
  }),
};
