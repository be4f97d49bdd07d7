/**
 * Simulated travel providers. Their stock and outages live in the key-value store (shared by all
 * workers, like an outside service); every effect is written to the trip's ledger. In a real
 * component these functions call the providers' APIs.
 */
import { openBucket, Result, resultFn, selfWorkerId } from 'golem-ts';
import { record } from './ledger.ts';
import { schema } from './schema.ts';

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

/** Books one unit of `item` (a flight or a car class) and returns the provider's reference. */
export async function reserve(provider: 'flight' | 'car', item: string): Promise<Result<string, string>> {
  if (await down(provider)) return refuse(provider, item, 'the provider is unavailable');
  const stock = await counts().get(`stock/${item}`);
  if (stock === 0) return refuse(provider, item, 'sold out');
  if (stock !== undefined) await counts().set(`stock/${item}`, stock - 1);
  await record(`booked ${provider} ${item}`);
  return Result.ok(`${provider}:${item}:${selfWorkerId().workerName}`);
}

/** Confirms a hotel stay the hotel accepted (its reference comes from the hotel's answer). */
export async function confirmStay(hotel: string, reference: string): Promise<Result<string, string>> {
  if (await down('hotel')) return refuse('hotel', hotel, 'the provider is unavailable');
  await record(`booked hotel ${hotel} (${reference})`);
  return Result.ok(reference);
}

/** Cancels a booking; a flight or car unit goes back into stock. */
export async function release(provider: Provider, item: string, reference: string): Promise<Result<void, string>> {
  if (await down(provider)) return refuse(provider, item, 'the provider is unavailable');
  const stock = provider === 'hotel' ? undefined : await counts().get(`stock/${item}`);
  if (stock !== undefined) await counts().set(`stock/${item}`, stock + 1);
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
