import { describe, expect, it } from 'vitest';
import { Slots } from '../../src/host/thread/slots.ts';

describe('Slots (instantiations at once)', () => {
  it('runs at most `size` at once, the rest in arrival order, and frees a slot on failure too', async () => {
    const slots = new Slots(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const gates = Array.from({ length: 5 }, () => {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      return { promise, resolve };
    });
    const jobs = gates.map((gate, i) =>
      slots.run(async () => {
        order.push(i);
        most = Math.max(most, ++running);
        await gate.promise;
        running--;
        if (i === 1) throw new Error('failed');
        return i;
      }),
    );
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([0, 1]);
    gates[1].resolve(); // fails: its slot goes to the next in line
    await expect(jobs[1]).rejects.toThrow('failed');
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([0, 1, 2]);
    for (const g of gates) g.resolve();
    expect(await Promise.all([jobs[0], jobs[2], jobs[3], jobs[4]])).toEqual([0, 2, 3, 4]);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });
});
