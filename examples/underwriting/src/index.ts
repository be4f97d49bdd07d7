/**
 * Insurance underwriting as a Golem workflow: an application is scored, an underwriter is asked
 * for a verdict through a durable promise, and the policy is priced once the verdict arrives.
 * The worker sleeps (durably, holding no memory) between `submit` and the underwriter's answer.
 */
import { createPromise, DurablePromise, idempotencyKey, openBucket, PayloadValidationError, resultFn, selfWorkerId } from 'golem-ts';
import { z } from 'zod';
import type { Application, Decision, Submission } from 'golem:underwriting/types';
import { premiumCents, requiredChecks, riskScore, validateApplication } from './pricing.ts';

/** What the underwriter posts to the promise: UTF-8 JSON. */
export const Verdict = z.object({
  verdict: z.enum(['approve', 'decline']),
  'loading-percent': z.number().int().min(0).max(500),
  note: z.string(),
});

const StoredApplication = z.object({
  applicant: z.string(),
  age: z.number(),
  coverage: z.string(),
  smoker: z.boolean(),
  riskScore: z.number(),
  promise: z.string(),
});

/** What the credit bureau answers: a risk score from 0 (no risk) to 100. */
const BureauScore = z.object({ score: z.number().int().min(0).max(100) });

const StoredDecision = z.object({ approved: z.boolean(), annualPremiumCents: z.string(), reason: z.string() });

const state = () => openBucket('underwriting');

/** Buckets are shared by every worker, as in Golem: this worker's records carry its name. */
const key = (record: 'application' | 'decision' | 'credit-bureau') => `${selfWorkerId().workerName}/${record}`;

async function loadDecision(): Promise<Decision | undefined> {
  const stored = await state().get(key('decision'), StoredDecision);
  return stored && { ...stored, annualPremiumCents: BigInt(stored.annualPremiumCents) };
}

/**
 * The credit bureau's score for the applicant, if this worker uses one. The request is durable:
 * the host records it and the bureau's whole response, so a replay after a crash gets the
 * recorded score and the bureau is not called again. A crash while the request is in flight
 * sends it again (idempotence mode, the default): the idempotency key (the same on replay) lets
 * the bureau recognise the repeat.
 */
async function bureauScore(app: Application): Promise<number | undefined> {
  const url = await state().get(key('credit-bureau'), z.string());
  if (url === undefined) return undefined;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey() },
    body: JSON.stringify({ applicant: app.applicant, age: app.age, smoker: app.smoker }),
  });
  if (!res.ok) throw new Error(`the credit bureau at ${url} answered ${res.status}`);
  return BureauScore.parse(await res.json()).score;
}

export const api = {
  useCreditBureau: resultFn(async (url: string): Promise<void> => {
    if (!/^https?:\/\//.test(url)) throw new Error(`the credit bureau's URL must be http(s)://…, got ${url}`);
    await state().set(key('credit-bureau'), url);
  }),

  submit: resultFn(async (app: Application): Promise<Submission> => {
    validateApplication(app);
    const bucket = state();
    if (await bucket.exists(key('application'))) throw new Error('an application was already submitted to this worker');

    // The higher of our own score and the bureau's.
    const score = Math.max(riskScore(app), (await bureauScore(app)) ?? 0);
    const review = createPromise(Verdict);
    await bucket.set(key('application'), {
      applicant: app.applicant,
      age: app.age,
      coverage: app.coverage.toString(),
      smoker: app.smoker,
      riskScore: score,
      promise: review.toString(),
    } satisfies z.input<typeof StoredApplication>);
    return { promise: review.id, riskScore: score, required: requiredChecks(app) };
  }),

  awaitDecision: resultFn(async (): Promise<Decision> => {
    const bucket = state();
    const application = await bucket.get(key('application'), StoredApplication);
    if (!application) throw new Error('no application submitted');
    const already = await loadDecision();
    if (already) return already;

    let verdict: z.output<typeof Verdict>;
    try {
      // The worker suspends here until the underwriter completes the promise.
      verdict = await DurablePromise.parse(application.promise, Verdict).result();
    } catch (e) {
      if (e instanceof PayloadValidationError) throw new Error(`invalid verdict: ${e.message}`);
      throw e;
    }

    const approved = verdict.verdict === 'approve';
    const decision: Decision = {
      approved,
      annualPremiumCents: approved ? premiumCents(BigInt(application.coverage), application.riskScore, verdict['loading-percent']) : 0n,
      reason: verdict.note,
    };
    await bucket.set(key('decision'), { ...decision, annualPremiumCents: decision.annualPremiumCents.toString() });
    return decision;
  }),

  decision: (): Promise<Decision | undefined> => loadDecision(),
};
