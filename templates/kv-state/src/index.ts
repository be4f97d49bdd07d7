/**
 * A shopping cart on golem-ts's typed key-value API. Every bucket is opened with a Standard Schema,
 * so what is read back is validated and typed; order numbers come from an atomic counter
 * (`increment`) that all customers share.
 */
import { openBucket, resultFn, selfWorkerId } from 'golem-ts';
import { lineProblem, StoredCart, StoredOrder, totalCents, type Line } from './model.js';

const carts = () => openBucket('carts', StoredCart); // customer → StoredCart
const orders = () => openBucket('orders', StoredOrder); // `${customer}/${number}` → StoredOrder
const counters = () => openBucket('counters'); // raw u64 counters

const customer = () => selfWorkerId().workerName;

async function loadCart(): Promise<StoredCart> {
  return (await carts().get(customer())) ?? { lines: [] };
}

/** Saves the cart (an empty one is deleted) and returns it in its WIT shape. */
async function saveCart(cart: StoredCart) {
  if (cart.lines.length === 0) await carts().delete(customer());
  else await carts().set(customer(), cart);
  return view(cart);
}

const view = (cart: StoredCart) => ({ lines: cart.lines, totalCents: totalCents(cart.lines) });
const orderView = (o: StoredOrder) => ({ number: BigInt(o.number), customer: o.customer, lines: o.lines, totalCents: totalCents(o.lines) });

function findLine(cart: StoredCart, sku: string): Line {
  const line = cart.lines.find((l) => l.sku === sku);
  if (!line) throw new Error(`no line with sku ${JSON.stringify(sku)} in the cart`);
  return line;
}

export const api = {
  addItem: resultFn(async (item: Line) => {
    const problem = lineProblem(item);
    if (problem) throw new Error(problem);
    const cart = await loadCart();
    const existing = cart.lines.find((l) => l.sku === item.sku);
    if (!existing) return saveCart({ lines: [...cart.lines, { ...item }] });
    if (existing.name !== item.name || existing.unitPriceCents !== item.unitPriceCents) {
      throw new Error(`sku ${item.sku} is already in the cart as ${JSON.stringify(existing.name)} at ${existing.unitPriceCents} cents`);
    }
    const quantity = existing.quantity + item.quantity;
    if (quantity > 0xffff_ffff) throw new Error('quantity too large');
    return saveCart({ lines: cart.lines.map((l) => (l === existing ? { ...l, quantity } : l)) });
  }),

  setQuantity: resultFn(async (sku: string, quantity: number) => {
    const cart = await loadCart();
    const line = findLine(cart, sku);
    return saveCart({ lines: quantity === 0 ? cart.lines.filter((l) => l !== line) : cart.lines.map((l) => (l === line ? { ...l, quantity } : l)) });
  }),

  removeItem: resultFn(async (sku: string) => {
    const cart = await loadCart();
    const line = findLine(cart, sku);
    return saveCart({ lines: cart.lines.filter((l) => l !== line) });
  }),

  getCart: async () => view(await loadCart()),

  checkout: resultFn(async () => {
    const cart = await loadCart();
    if (cart.lines.length === 0) throw new Error('the cart is empty');
    const number = Number(await counters().increment('order-number')); // atomic: unique across customers
    const order: StoredOrder = { number, customer: customer(), lines: cart.lines };
    await orders().set(`${customer()}/${number}`, order);
    await carts().delete(customer());
    return orderView(order);
  }),

  orders: async () => {
    const mine = (await orders().keys()).filter((k) => k.startsWith(`${customer()}/`));
    const found = await orders().getMany(mine); // one batch read, each value validated by the schema
    return found
      .filter((o): o is StoredOrder => o !== undefined)
      .sort((a, b) => a.number - b.number)
      .map(orderView);
  },

  getOrder: async (number: bigint) => {
    const order = await orders().get(`${customer()}/${number}`);
    return order ? orderView(order) : undefined;
  },
};
