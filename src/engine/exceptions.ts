import type { ExceptionState, FindingStatus, ResultFinding } from './types.ts';

export interface ExceptionRule {
  check: string;
  target?: string;
  reason: string;
  expires?: string;
}

/**
 * Accepted risks from the config. An active exception turns a matching fail/warn finding into
 * `info` and records the original status on the finding; one whose `expires` day has passed
 * stops applying and is reported as expired.
 */
export class ExceptionBook {
  readonly states: ExceptionState[];

  constructor(rules: readonly ExceptionRule[], today: Date) {
    this.states = rules.map((r) => ({
      ...r,
      state: isExpired(r.expires, today) ? 'expired' : 'unmatched',
      matched: 0,
    }));
  }

  apply(checkId: string, finding: ResultFinding): ResultFinding {
    if (finding.status !== 'fail' && finding.status !== 'warn') return finding;
    for (const rule of this.states) {
      if (rule.check !== checkId || rule.state === 'expired') continue;
      if (rule.target !== undefined && rule.target.toLowerCase() !== finding.target.toLowerCase()) continue;
      rule.state = 'active';
      rule.matched++;
      const originalStatus: FindingStatus = finding.status;
      return {
        ...finding,
        status: 'info',
        message: `${finding.message} [accepted: ${rule.reason}${rule.expires ? `, until ${rule.expires}` : ''}]`,
        exception: { reason: rule.reason, expires: rule.expires, originalStatus },
      };
    }
    return finding;
  }
}

/** An exception is valid through the whole of its `expires` day (UTC). */
export function isExpired(expires: string | undefined, today: Date): boolean {
  if (!expires) return false;
  return today.toISOString().slice(0, 10) > expires;
}
