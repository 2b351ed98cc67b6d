import type { CheckResult, FindingStatus, Summary, Verdict } from './types.ts';

export function emptySummary(): Summary {
  return { pass: 0, fail: 0, warn: 0, info: 0, skipped: 0, error: 0 };
}

export function summarize(checks: readonly CheckResult[]): Summary {
  const s = emptySummary();
  for (const c of checks) s[c.status]++;
  return s;
}

/**
 * A failure decides the verdict even when something else could not be checked. Nothing evaluated
 * (every check skipped) is never "ready": an area nobody looked at has not been shown to be fine.
 */
export function verdictOf(summary: Summary, incomplete = false): Verdict {
  if (summary.fail > 0) return 'not-ready';
  const evaluated = summary.pass + summary.warn + summary.info + summary.error;
  if (summary.error > 0 || incomplete || evaluated === 0) return 'incomplete';
  if (summary.warn > 0) return 'ready-with-warnings';
  return 'ready';
}

const RANK: Record<FindingStatus, number> = { pass: 0, info: 1, warn: 2, error: 3, fail: 4 };

/** The check's status from its findings: the worst one wins; a failure outranks an error. */
export function worstOf(statuses: readonly FindingStatus[]): FindingStatus {
  let worst: FindingStatus = 'pass';
  for (const s of statuses) if (RANK[s] > RANK[worst]) worst = s;
  return worst;
}

export type FailOn = 'fail' | 'warn' | 'never';
