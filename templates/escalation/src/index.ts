import { completePromise, createPromise, DurablePromise, openBucket, remoteFunction, RemoteWorker, resultFn, selfWorkerId, uuidToString, wit, type PromiseId } from 'golem-ts';

interface Answer {
  approved: boolean;
  by: string;
}
/** What lands in the first approver's promise: their answer, or the timer's marker. */
type FirstOutcome = Answer | { timeout: true };

const isAnswer = (v: unknown): v is Answer =>
  typeof v === 'object' && v !== null && typeof (v as Answer).approved === 'boolean' && typeof (v as Answer).by === 'string';

/** Standard Schemas written by hand: no library needed. */
const schema = <T>(check: (v: unknown) => v is T, message: string) => ({
  '~standard': {
    version: 1 as const,
    vendor: 'escalation-template',
    types: undefined as unknown as { input: unknown; output: T },
    validate: (value: unknown) => (check(value) ? { value } : { issues: [{ message }] }),
  },
});
const AnswerSchema = schema(isAnswer, 'expected {"approved": boolean, "by": string}');
const FirstSchema = schema(
  (v: unknown): v is FirstOutcome => isAnswer(v) || (typeof v === 'object' && v !== null && (v as { timeout?: unknown }).timeout === true),
  'expected {"approved": boolean, "by": string} or {"timeout": true}',
);

// This template's own exports, typed for worker-to-worker RPC.
const expire = remoteFunction('golem:escalation/api.{expire}', [wit.promiseId, wit.u64], wit.bool);
const wake = remoteFunction('golem:escalation/api.{wake}', []);

interface Request {
  subject: string;
  secondApprover: string;
  deadlineMs: string;
  first: string;
  second: string;
}
const requests = () => openBucket('escalation');
const key = () => `${selfWorkerId().workerName}/request`;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const verdict = (a: Answer) => `${a.approved ? 'approved' : 'rejected'} by ${a.by}`;

export const api = {
  async request(subject: string, firstApprover: string, secondApprover: string, deadlineMs: bigint) {
    const first = createPromise(FirstSchema);
    const second = createPromise(AnswerSchema);
    const req: Request = { subject, secondApprover, deadlineMs: String(deadlineMs), first: first.toString(), second: second.toString() };
    await requests().set(key(), req);
    // The deadline runs in another worker: one worker cannot race await-promise against a timer.
    const self = selfWorkerId();
    RemoteWorker.of(self.templateId, `${self.workerName}-timer`).invoke(expire, first.id, deadlineMs);
    console.log(`${subject}: asked ${firstApprover}, escalating to ${secondApprover} after ${deadlineMs} ms`);
    return { first: first.id, second: second.id };
  },

  outcome: resultFn(async (): Promise<string> => {
    const req = (await requests().get(key())) as Request | undefined;
    if (!req) throw new Error('no approval requested: call request first');
    const first = await DurablePromise.parse(req.first, FirstSchema).result();
    if (isAnswer(first)) return `${req.subject}: ${verdict(first)}`;
    const second = await DurablePromise.parse(req.second, AnswerSchema).result();
    return `${req.subject}: escalated to ${req.secondApprover} after ${req.deadlineMs} ms; ${verdict(second)}`;
  }),

  async expire(target: PromiseId, ms: bigint): Promise<boolean> {
    // Over 100 ms a guest timer is durable: the worker suspends and the host wakes it when due.
    await sleep(Number(ms));
    const fired = completePromise(target, { timeout: true });
    // On Golem a guest's complete-promise does not wake the awaiting worker; an invocation does.
    if (fired) RemoteWorker.of(uuidToString(target.workerId.templateId.uuid), target.workerId.workerName).invoke(wake);
    return fired;
  },

  wake(): void {},
};
