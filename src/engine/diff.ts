import type { ScanResult, Status } from './types.ts';

export interface FindingChange {
  check: string;
  target: string;
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

const RANK: Record<Status, number> = { pass: 0, skipped: 0, info: 1, warn: 2, error: 3, fail: 4 };

/** What changed between two scans of the same organisation, keyed by check id and finding target. */
export function diffResults(before: ScanResult, after: ScanResult): ResultDiff {
  const key = (check: string, target: string) => `${check}\u0000${target.toLowerCase()}`;
  const index = (r: ScanResult) => {
    const m = new Map<string, FindingChange>();
    for (const c of r.checks) {
      for (const f of c.findings)
        m.set(key(c.id, f.target), { check: c.id, target: f.target, after: f.status, message: f.message });
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
