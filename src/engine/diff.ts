import { readTarget } from './target.ts';
import type { ScanResult, Status, Target } from './types.ts';

interface FindingChange {
  check: string;
  target: Target;
  before?: Status;
  after?: Status;
  message: string;
}

export interface ResultDiff {
  before: { startedAt: string; verdict: string };
  after: { startedAt: string; verdict: string };
  /** Findings that got worse or appeared non-passing. */
  regressed: FindingChange[];
  /** Findings that got better or disappeared. */
  improved: FindingChange[];
  /** Checks whose own status changed (including skipped/error, which have no findings). */
  checks: { id: string; before?: Status; after?: Status }[];
}

/** How bad a status is, for "got worse / got better" between two results. */
export const STATUS_RANK: Record<Status, number> = {
  pass: 0,
  skipped: 0,
  info: 1,
  warn: 2,
  error: 3,
  fail: 4,
};
const RANK = STATUS_RANK;

/**
 * The key of one finding across results: check id + target kind + id, so a reworded label is the
 * same finding. A result written before targets had kinds carries plain strings: then every result
 * is keyed by the id alone.
 */
export function findingKeyFor(...results: ScanResult[]): (check: string, target: Target) => string {
  const legacy = results.some(hasStringTargets);
  return (check, t) => `${check}\u0000${legacy ? '' : t.kind}\u0000${t.id}`;
}

/**
 * What changed between two scans of the same organisation, keyed by check id and the finding's
 * target kind + id (so a reworded label is the same finding). A result written before targets had
 * kinds carries plain strings: then both sides are keyed by the lowercased id alone.
 */
export function diffResults(before: ScanResult, after: ScanResult): ResultDiff {
  const key = findingKeyFor(before, after);
  const index = (r: ScanResult) => {
    const m = new Map<string, FindingChange>();
    for (const c of r.checks) {
      for (const f of c.findings) {
        const target = readTarget(f.target);
        m.set(key(c.id, target), { check: c.id, target, after: f.status, message: f.message });
      }
    }
    return m;
  };
  const old = index(before);
  const now = index(after);
  const regressed: FindingChange[] = [];
  const improved: FindingChange[] = [];
  for (const [k, n] of now) {
    const o = old.get(k);
    const from = o?.after ?? 'pass';
    const to = n.after ?? 'pass';
    if (RANK[to] > RANK[from]) regressed.push({ ...n, before: o?.after });
    else if (RANK[to] < RANK[from]) improved.push({ ...n, before: o?.after });
  }
  for (const [k, o] of old) {
    if (!now.has(k) && RANK[o.after ?? 'pass'] > 0)
      improved.push({
        ...o,
        before: o.after,
        after: undefined,
        message: `no longer reported (${o.message})`,
      });
  }
  const oldChecks = new Map(before.checks.map((c) => [c.id, c.status]));
  const newChecks = new Map(after.checks.map((c) => [c.id, c.status]));
  const checks = [...new Set([...oldChecks.keys(), ...newChecks.keys()])]
    .filter((id) => oldChecks.get(id) !== newChecks.get(id))
    .sort()
    .map((id) => ({ id, before: oldChecks.get(id), after: newChecks.get(id) }));
  return {
    before: { startedAt: before.startedAt, verdict: before.verdict },
    after: { startedAt: after.startedAt, verdict: after.verdict },
    regressed,
    improved,
    checks,
  };
}

function hasStringTargets(r: ScanResult): boolean {
  // A baseline file is read back from disk: a check without a findings array is tolerated.
  return r.checks.some(
    (c) => Array.isArray(c.findings) && c.findings.some((f) => typeof (f.target as unknown) === 'string'),
  );
}
