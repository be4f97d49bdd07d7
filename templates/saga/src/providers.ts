/**
 * Simulated travel providers. Their stock and outages live in the key-value store (shared by all
 * workers, like an outside service); every effect is written to the trip's ledger. In a real
 * component these functions call the providers' APIs.
 */
import { openBucket, Result, resultFn, selfWorkerId } from 'golem-ts';
import { record } from './ledger.js';
import { schema } from './schema.js';

export type Provider = 'flight' | 'hotel' | 'car';

const counts = () => openBucket('saga-providers', schema('a count', (v): v is number => Number.isInteger(v) && (v as number) >= 0));

/** True (and one refusal used up) while `provider` is down. */
async function down(provider: Provider): Promise<boolean> {
  const key = `outage/${provider}`;
  const left = (await counts().get(key)) ?? 0;
  if (left === 0) return false;
  await counts().set(key, left - 1);
  return true;
}

async function refuse(provider: Provider, item: string, reason: string): Promise<Result<never, string>> {
  await record(`${provider} ${item} refused: ${reason}`);
  return Result.err(`${provider} ${item}: ${reason}`);
}

/**
 * The providers are idempotent per trip, like real booking APIs called with an idempotency key:
 * booking what this trip already holds returns the same reference (and says so in the ledger),
 * cancelling what it does not hold does nothing. On Golem a step may run again (see the README).
 */
const holdKey = (provider: Provider, item: string) => `held/${provider}/${item}/${selfWorkerId().workerName}`;

/** Books one unit of `item` (a flight or a car class) and returns the provider's reference. */
export async function reserve(provider: 'flight' | 'car', item: string): Promise<Result<string, string>> {
  const reference = `${provider}:${item}:${selfWorkerId().workerName}`;
  if (await counts().exists(holdKey(provider, item))) {
    await record(`${provider} ${item} already booked`);
    return Result.ok(reference);
  }
  if (await down(provider)) return refuse(provider, item, 'the provider is unavailable');
  const stock = await counts().get(`stock/${item}`);
  if (stock === 0) return refuse(provider, item, 'sold out');
  if (stock !== undefined) await counts().set(`stock/${item}`, stock - 1);
  await counts().set(holdKey(provider, item), 1);
  await record(`booked ${provider} ${item}`);
  return Result.ok(reference);
}

/** Confirms a hotel stay the hotel accepted (its reference comes from the hotel's answer). */
export async function confirmStay(hotel: string, reference: string): Promise<Result<string, string>> {
  if (await counts().exists(holdKey('hotel', hotel))) {
    await record(`hotel ${hotel} already booked`);
    return Result.ok(reference);
  }
  if (await down('hotel')) return refuse('hotel', hotel, 'the provider is unavailable');
  await counts().set(holdKey('hotel', hotel), 1);
  await record(`booked hotel ${hotel} (${reference})`);
  return Result.ok(reference);
}

/** Cancels a booking; a flight or car unit goes back into stock. */
export async function release(provider: Provider, item: string, reference: string): Promise<Result<void, string>> {
  if (!(await counts().exists(holdKey(provider, item)))) return Result.ok(undefined);
  if (await down(provider)) return refuse(provider, item, 'the provider is unavailable');
  const stock = provider === 'hotel' ? undefined : await counts().get(`stock/${item}`);
  if (stock !== undefined) await counts().set(`stock/${item}`, stock + 1);
  await counts().delete(holdKey(provider, item));
  await record(`cancelled ${provider} ${item}${provider === 'hotel' ? ` (${reference})` : ''}`);
  return Result.ok(undefined);
}

export const providers = {
  async setStock(item: string, count: number): Promise<void> {
    await counts().set(`stock/${item}`, count);
  },
  async stock(item: string): Promise<number | undefined> {
    return counts().get(`stock/${item}`);
  },
  setOutage: resultFn(async (provider: string, refusals: number): Promise<void> => {
    if (provider !== 'flight' && provider !== 'hotel' && provider !== 'car') throw new Error(`unknown provider ${JSON.stringify(provider)}: flight, hotel or car`);
    await counts().set(`outage/${provider}`, refusals);
  }),
};
