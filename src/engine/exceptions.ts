import type { ExceptionState, FindingStatus, ResultFinding, Target, TargetKind } from './types.ts';

interface ExceptionRule {
  check: string;
  /** Matches a finding's target id or its label, case-insensitively (so configs written against labels keep working). */
  target?: string;
  /** When given, the finding's target kind must match too. */
  kind?: TargetKind;
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
      if (!matchesTarget(rule, finding.target)) continue;
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

function matchesTarget(rule: Pick<ExceptionRule, 'target' | 'kind'>, target: Target): boolean {
  if (rule.kind !== undefined && rule.kind !== target.kind) return false;
  if (rule.target === undefined) return true;
  const wanted = rule.target.trim().toLowerCase();
  return wanted === target.id.toLowerCase() || wanted === target.label.trim().toLowerCase();
}
