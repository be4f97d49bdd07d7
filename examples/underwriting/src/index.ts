/**
 * Insurance underwriting as a Golem workflow: an application is scored, an underwriter is asked
 * for a verdict through a durable promise, and the policy is priced once the verdict arrives.
 * The worker sleeps (durably, holding no memory) between `submit` and the underwriter's answer.
 */
import { createPromise, DurablePromise, openBucket, PayloadValidationError, resultFn, selfWorkerId } from 'golem-ts';
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

const StoredDecision = z.object({ approved: z.boolean(), annualPremiumCents: z.string(), reason: z.string() });

const state = () => openBucket('underwriting');

/** Buckets are shared by every worker, as in Golem: this worker's records carry its name. */
const key = (record: 'application' | 'decision') => `${selfWorkerId().workerName}/${record}`;

async function loadDecision(): Promise<Decision | undefined> {
  const stored = await state().get(key('decision'), StoredDecision);
  return stored && { ...stored, annualPremiumCents: BigInt(stored.annualPremiumCents) };
}

export const api = {
  submit: resultFn(async (app: Application): Promise<Submission> => {
    validateApplication(app);
    const bucket = state();
    if (await bucket.exists(key('application'))) throw new Error('an application was already submitted to this worker');

    const score = riskScore(app);
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
