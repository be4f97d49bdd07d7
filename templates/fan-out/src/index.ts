import { completePromise, createPromise, DurablePromise, openBucket, remoteFunction, RemoteWorker, resultFn, selfWorkerId, uuidToString, wit, type PromiseId } from 'golem-ts';

/** What a part sends back: its item's result. A Standard Schema written by hand: no library needed. */
const PartResult = {
  '~standard': {
    version: 1,
    vendor: 'fan-out-template',
    types: undefined as unknown as { input: unknown; output: { item: string; result: string } },
    validate(value: unknown) {
      const v = value as { item?: unknown; result?: unknown };
      if (typeof v === 'object' && v !== null && typeof v.item === 'string' && typeof v.result === 'string') return { value: { item: v.item, result: v.result } };
      return { issues: [{ message: 'expected {"item": string, "result": string}' }] };
    },
  },
} as const;

// The remote side of this same template's exports, typed for RPC.
const work = remoteFunction('golem:fanout/api.{work}', [wit.string, wit.promiseId]);
const wake = remoteFunction('golem:fanout/api.{wake}', []);

const parts = () => openBucket('fanout');
const key = () => `${selfWorkerId().workerName}/parts`;

/** The part's job; replace with yours. */
const process = (item: string): string => item.toUpperCase().split('').reverse().join('');

export const api = {
  async start(items: string[]): Promise<number> {
    const self = selfWorkerId();
    const promises = items.map((item, i) => {
      const reply = createPromise(PartResult);
      // Fire and forget: returns once the part accepted the call; the part is created on first use.
      RemoteWorker.of(self.templateId, `${self.workerName}-part-${i}`).invoke(work, item, reply.id);
      return reply.toString();
    });
    await parts().set(key(), promises);
    return items.length;
  },

  collect: resultFn(async (): Promise<string[]> => {
    const promises = (await parts().get(key())) as string[] | undefined;
    if (!promises) throw new Error('no parts started: call start first');
    const results: string[] = [];
    // Each await suspends this worker until that part has answered.
    for (const p of promises) results.push((await DurablePromise.parse(p, PartResult).result()).result);
    return results;
  }),

  work(item: string, reply: PromiseId): void {
    completePromise(reply, { item, result: process(item) });
    // On Golem a guest's complete-promise does not wake the awaiting worker; an invocation does.
    RemoteWorker.of(uuidToString(reply.workerId.templateId.uuid), reply.workerId.workerName).invoke(wake);
  },

  wake(): void {},
};
