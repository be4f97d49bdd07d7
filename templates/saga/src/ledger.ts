import { openBucket, selfWorkerId } from 'golem-ts';
import { isString, schema } from './schema.js';

/** What the saga did with the providers, one line per effect, per trip (= worker). */
const ledger = () => openBucket('saga-ledger', schema('a list of strings', (v): v is string[] => Array.isArray(v) && v.every(isString)));

export async function record(line: string): Promise<void> {
  const key = selfWorkerId().workerName;
  await ledger().set(key, [...((await ledger().get(key)) ?? []), line]);
}

export async function lines(): Promise<string[]> {
  return (await ledger().get(selfWorkerId().workerName)) ?? [];
}
