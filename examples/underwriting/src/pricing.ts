import type { Application } from 'golem:underwriting/types';

export function validateApplication(app: Application): void {
  if (!app.applicant.trim()) throw new Error('applicant must not be empty');
  if (app.age < 18 || app.age > 100) throw new Error(`age must be between 18 and 100, got ${app.age}`);
  if (app.coverage <= 0n) throw new Error('coverage must be greater than 0');
}

/** 0–100: age band, smoking and very large sums each add risk. */
export function riskScore(app: Application): number {
  const ageBand = app.age < 30 ? 10 : app.age < 45 ? 20 : app.age < 60 ? 35 : 55;
  const smoking = app.smoker ? 30 : 0;
  const size = app.coverage > 1_000_000n ? 10 : 0;
  return Math.min(100, ageBand + smoking + size);
}

/** Evidence the underwriter needs before deciding. */
export function requiredChecks(app: Application): string[] {
  const checks = ['identity-verification'];
  if (app.age >= 50) checks.push('medical-exam');
  if (app.smoker) checks.push('nicotine-test');
  if (app.coverage >= 500_000n) checks.push('financial-statement');
  return checks;
}

/**
 * Annual premium in cents: a base rate per 1,000 of coverage that grows with the risk score,
 * then the underwriter's loading on top. Integer arithmetic throughout (coverage is a u64).
 */
export function premiumCents(coverage: bigint, risk: number, loadingPercent: number): bigint {
  const centsPerThousand = 100n + BigInt(risk) * 5n;
  const base = (coverage * centsPerThousand) / 1000n;
  return (base * BigInt(100 + loadingPercent)) / 100n;
}
