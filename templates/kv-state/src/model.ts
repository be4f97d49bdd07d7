import { schema } from './schema.js';

/** A cart line as the WIT `line` record (camelCased) and as stored in the key-value store. */
export interface Line {
  sku: string;
  name: string;
  quantity: number;
  unitPriceCents: number;
}

/** What the `carts` bucket holds per customer. */
export interface StoredCart {
  lines: Line[];
}

/** What the `orders` bucket holds, under `<customer>/<number>`. */
export interface StoredOrder {
  number: number;
  customer: string;
  lines: Line[];
}

const U32_MAX = 0xffff_ffff;
const isU32 = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= U32_MAX;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const isLine = (v: unknown): v is Line =>
  isObject(v) && typeof v.sku === 'string' && typeof v.name === 'string' && isU32(v.quantity) && isU32(v.unitPriceCents);

export const StoredCart = schema('{"lines": [line, …]}', (v): v is StoredCart => isObject(v) && Array.isArray(v.lines) && v.lines.every(isLine));

export const StoredOrder = schema(
  '{"number", "customer", "lines"}',
  (v): v is StoredOrder => isObject(v) && Number.isSafeInteger(v.number) && typeof v.customer === 'string' && Array.isArray(v.lines) && v.lines.every(isLine),
);

/** The sum of quantity × unit price, exact (as the WIT u64). */
export const totalCents = (lines: readonly Line[]): bigint => lines.reduce((sum, l) => sum + BigInt(l.quantity) * BigInt(l.unitPriceCents), 0n);

/** Why `line` cannot go into a cart, if it cannot. */
export function lineProblem(line: Line): string | undefined {
  if (line.sku.trim() === '') return 'sku must not be empty';
  if (line.name.trim() === '') return 'name must not be empty';
  if (line.quantity === 0) return 'quantity must be at least 1';
  return undefined;
}
