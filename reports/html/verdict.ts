import type { CheckResult, ScanResult, Status, Verdict } from '../../src/engine/types.ts';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const VERDICT_WORDS: Record<Verdict, string> = {
  ready: 'Ready',
  'ready-with-warnings': 'Ready with warnings',
  'not-ready': 'Not ready',
  incomplete: 'Incomplete',
};

export const STATUS_WORDS: Record<Status, string> = {
  fail: 'Fail',
  error: 'Error',
  warn: 'Warning',
  info: 'Info',
  skipped: 'Skipped',
  pass: 'Pass',
};

/** The banner's headline and the line under it, in words (the colour only repeats them). */
export function verdictHeadline(result: ScanResult): { title: string; detail: string } {
  const s = result.summary;
  const undecided = s.error ? `${plural(s.error, 'check', 'checks')} could not be decided` : '';
  const warnings = s.warn ? plural(s.warn, 'warning', 'warnings') : '';
  const join = (...parts: string[]) => parts.filter(Boolean).join('; ');
  switch (result.verdict) {
    case 'not-ready':
      return {
        title: `Not ready: ${plural(s.fail, 'problem blocks', 'problems block')} archiving`,
        detail: join(undecided, warnings && `${warnings} to review`, `${s.pass} passed`),
      };
    case 'incomplete':
      return {
        title: `Incomplete: ${
          result.incomplete
            ? `the scan stopped early (${result.incomplete.reason})`
            : s.error
              ? undecided
              : 'some evidence could not be collected'
        }`,
        detail: join(
          result.incomplete ? undecided : '',
          warnings && `${warnings} to review`,
          `${s.pass} passed`,
          'nothing failed, but readiness cannot be confirmed until every check runs',
        ),
      };
    case 'ready-with-warnings':
      return {
        title: `Ready with warnings: ${warnings || 'review before archiving'}`,
        detail: join(`nothing blocks archiving`, `${s.pass} passed`),
      };
    default:
      return {
        title: 'Ready: nothing blocks archiving',
        detail: join(`${s.pass} passed`, s.info ? `${s.info} for information` : ''),
      };
  }
}

const BLOCKER_ORDER: Partial<Record<Status, number>> = { fail: 0, error: 1, warn: 2 };

/** Checks that need action, fail first, then error, then warn; stable within a status. */
export function blockers(checks: readonly CheckResult[]): CheckResult[] {
  return checks
    .map((c, i) => ({ c, i, rank: BLOCKER_ORDER[c.status] }))
    .filter((x): x is { c: CheckResult; i: number; rank: number } => x.rank !== undefined)
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map((x) => x.c);
}

/**
 * Errors with one cause (a sign-in that failed, a source that was down) are one problem: they are
 * grouped by the cause with the artifact key in front removed ("graph.users: Sign-in failed…").
 */
export function errorCause(check: CheckResult): string {
  const reason = check.reason ?? check.message;
  return reason.replace(/^[a-z]+\.[A-Za-z0-9]+: /, '');
}
