import { createPromise, DurablePromise, openBucket, resultFn, selfWorkerId, type PromiseId } from 'golem-ts';

interface Answer {
  approved: boolean;
  by: string;
}

/** What an approver posts to the promise. A Standard Schema written by hand: no library needed. */
const Answer = {
  '~standard': {
    version: 1,
    vendor: 'approval-template',
    types: undefined as unknown as { input: unknown; output: Answer },
    validate(value: unknown) {
      const v = value as { approved?: unknown; by?: unknown };
      if (typeof v === 'object' && v !== null && typeof v.approved === 'boolean' && typeof v.by === 'string') {
        return { value: { approved: v.approved, by: v.by } satisfies Answer };
      }
      return { issues: [{ message: 'expected {"approved": boolean, "by": string}' }] };
    },
  },
} as const;

const requests = () => openBucket('approval');
const key = () => `${selfWorkerId().workerName}/request`;

export const api = {
  async request(subject: string): Promise<PromiseId> {
    const approval = createPromise(Answer);
    await requests().set(key(), { subject, promise: approval.toString() });
    return approval.id;
  },

  outcome: resultFn(async (): Promise<string> => {
    const stored = (await requests().get(key())) as { subject: string; promise: string } | undefined;
    if (!stored) throw new Error('no approval requested');
    const answer = await DurablePromise.parse(stored.promise, Answer).result();
    return `${stored.subject}: ${answer.approved ? 'approved' : 'rejected'} by ${answer.by}`;
  }),
};
