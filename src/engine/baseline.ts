import { UsageError } from '../util/errors.ts';
import { findingKeyFor, STATUS_RANK as RANK } from './diff.ts';
import { readTarget } from './target.ts';
import type { BaselineState, BaselineSummary, ScanResult, Status, Target } from './types.ts';

/** The statuses a compliance job tracks between runs: what a person has to act on. */
const TRACKED: ReadonlySet<Status> = new Set(['fail', 'warn', 'error']);

/** A check in error has no findings: it is tracked as one check-wide item. */
const CHECK_WIDE: Target = { kind: 'check-wide', id: '', label: '(the check)' };

/**
 * Marks every finding of `result` against an earlier result of the same organisation
 * (`scan --baseline previous.json`), keyed like `diff` by check id + target kind + id, so a
 * reworded label is the same finding. Only fail, warn and error are tracked: a finding is `new`
 * when the baseline had it passing or not at all, `changed` when its non-passing status differs,
 * `unchanged` otherwise; a finding that passes now but did not is `fixed`, and so is a baseline
 * finding that is gone from a check that ran again. A check skipped now (`--only`, a source not
 * configured) fixes nothing: its old findings are simply not compared.
 */
export function applyBaseline(result: ScanResult, baseline: ScanResult, file: string): ScanResult {
  const key = findingKeyFor(baseline, result);
  const before = new Map<string, { check: string; target: Target; status: Status; message: string }>();
  for (const c of baseline.checks) {
    const findings = Array.isArray(c.findings) ? c.findings : [];
    const items =
      c.status === 'error' && findings.length === 0
        ? [{ target: CHECK_WIDE, status: 'error' as Status, message: c.reason ?? c.message }]
        : findings.map((f) => ({
            target: readTarget(f.target),
            status: f.status as Status,
            message: f.message,
          }));
    for (const item of items) {
      const k = key(c.id, item.target);
      const seen = before.get(k);
      if (!seen || RANK[item.status] > RANK[seen.status]) before.set(k, { check: c.id, ...item });
    }
  }
  const counts = { new: 0, changed: 0, unchanged: 0, newFailures: 0, newErrors: 0 };
  const compared = new Set<string>();
  const stateOf = (check: string, target: Target, status: Status): BaselineState | undefined => {
    const k = key(check, target);
    compared.add(k);
    const prior = before.get(k)?.status;
    const wasTracked = prior !== undefined && TRACKED.has(prior);
    if (!TRACKED.has(status)) return wasTracked ? 'fixed' : undefined;
    const state: Exclude<BaselineState, 'fixed'> = !wasTracked
      ? 'new'
      : prior === status
        ? 'unchanged'
        : 'changed';
    counts[state]++;
    if (state !== 'unchanged' && status === 'fail') counts.newFailures++;
    if (state !== 'unchanged' && status === 'error') counts.newErrors++;
    return state;
  };
  const ran = new Set<string>();
  const checks = result.checks.map((c) => {
    if (c.status !== 'skipped' && c.status !== 'error') ran.add(c.id);
    if (c.status === 'error' && c.findings.length === 0) {
      const state = stateOf(c.id, CHECK_WIDE, 'error');
      return state ? { ...c, baselineState: state } : c;
    }
    // A check that failed outright before and runs again compares its findings; its check-wide error is fixed.
    if (c.status !== 'skipped' && c.status !== 'error') stateOf(c.id, CHECK_WIDE, 'pass');
    return {
      ...c,
      findings: c.findings.map((f) => {
        const state = stateOf(c.id, f.target, f.status);
        return state ? { ...f, baselineState: state } : f;
      }),
    };
  });
  const fixedFindings: BaselineSummary['fixedFindings'] = [];
  for (const [k, item] of before) {
    if (!TRACKED.has(item.status)) continue;
    if (compared.has(k)) {
      const now = findStatus(checks, item.check, item.target, key);
      if (now === undefined || TRACKED.has(now)) continue;
    } else if (!ran.has(item.check)) continue;
    fixedFindings.push({
      check: item.check,
      target: item.target,
      before: item.status,
      message: item.message,
    });
  }
  return {
    ...result,
    checks,
    baseline: {
      file,
      startedAt: String(baseline.startedAt),
      verdict: String(baseline.verdict),
      new: counts.new,
      changed: counts.changed,
      unchanged: counts.unchanged,
      fixed: fixedFindings.length,
      fixedFindings,
      newFailures: counts.newFailures,
      newErrors: counts.newErrors,
    },
  };
}

function findStatus(
  checks: ScanResult['checks'],
  check: string,
  target: Target,
  key: (check: string, t: Target) => string,
): Status | undefined {
  const c = checks.find((x) => x.id === check);
  if (!c) return undefined;
  if (target.kind === CHECK_WIDE.kind && target.id === '') return c.status === 'error' ? 'error' : 'pass';
  const k = key(check, target);
  let worst: Status | undefined;
  for (const f of c.findings)
    if (key(check, f.target) === k && (worst === undefined || RANK[f.status] > RANK[worst])) worst = f.status;
  return worst;
}

/**
 * A baseline must be a result of the same tenant: comparing two organisations would call every
 * finding new. Compared by tenant id when both results have one, else by the tenant name.
 */
export function checkSameTenant(
  baseline: ScanResult,
  current: { tenant?: string; tenantId?: string },
  file: string,
): void {
  const a = baseline.target ?? { domains: [] };
  const norm = (s?: string) => s?.trim().toLowerCase() || undefined;
  // A tenant given as a GUID is the tenant id; a domain name is compared with the other's name.
  const ids = (t: { tenant?: string; tenantId?: string }) => {
    const tenant = norm(t.tenant);
    const isGuid = tenant !== undefined && GUID.test(tenant);
    return { id: norm(t.tenantId) ?? (isGuid ? tenant : undefined), name: isGuid ? undefined : tenant };
  };
  const x = ids(a);
  const y = ids(current);
  const differs = x.id && y.id ? x.id !== y.id : Boolean(x.name && y.name && x.name !== y.name);
  if (differs)
    throw new UsageError(
      `--baseline ${file}: it is a result for tenant ${a.tenant ?? a.tenantId}, not ${current.tenant ?? current.tenantId}; give the last result of this tenant`,
    );
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
