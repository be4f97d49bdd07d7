/**
 * golem-ts extension: the key-value store's contents (`GET /v1/key-value`), for the dashboard.
 * Values are shown as UTF-8 text when they are, else base64; long ones are cut.
 */
import type { FastifyInstance } from 'fastify';
import type { ExecutorApi } from '../host/types.ts';

const MAX_ENTRIES = 1000;
const MAX_VALUE_CHARS = 4096;

export interface KeyValueEntry {
  key: string;
  encoding: 'utf8' | 'base64';
  value: string;
  size: number;
  truncated: boolean;
}

export function registerKeyValueRoutes(app: FastifyInstance, { executor }: { executor: ExecutorApi }): void {
  app.get('/v1/key-value', async () => {
    const buckets = new Map<string, KeyValueEntry[]>();
    for (const e of executor.listKeyValues(MAX_ENTRIES)) {
      const list = buckets.get(e.bucket) ?? [];
      list.push(entry(e.key, e.value));
      buckets.set(e.bucket, list);
    }
    return { buckets: [...buckets].map(([name, entries]) => ({ name, entries })) };
  });
}

function entry(key: string, bytes: Uint8Array): KeyValueEntry {
  let text: string;
  let encoding: KeyValueEntry['encoding'] = 'utf8';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = Buffer.from(bytes).toString('base64');
    encoding = 'base64';
  }
  const truncated = text.length > MAX_VALUE_CHARS;
  return { key, encoding, value: truncated ? text.slice(0, MAX_VALUE_CHARS) : text, size: bytes.length, truncated };
}
