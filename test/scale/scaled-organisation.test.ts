import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine/evaluate.ts';
import { loadChecks } from '../../src/engine/registry.ts';
import type { ScanResult } from '../../src/engine/types.ts';
import type { Snapshot } from '../../src/snapshot/types.ts';
import { scaledSnapshot } from '../helpers/scale.ts';

// The same organisation at 5 and at ~10,000 users per side must be judged the same way: size
// alone must not turn a check into error, skipped or a different status (npm run bench measures
// how long it takes; this only proves the outcome does not depend on N).
const TODAY = new Date('2027-01-01T00:00:00Z');
const checks = await loadChecks();

function judge(snapshot: Snapshot): ScanResult {
  return evaluate(snapshot, { config: snapshot.config, checks, today: TODAY });
}
const statuses = (r: ScanResult) => Object.fromEntries(r.checks.map((c) => [c.id, c.status]));
const count = (s: Snapshot, key: 'ldap.users' | 'graph.users') =>
  (s.artifacts[key] as { data: unknown[] }).data.length;

describe('a scaled-up organisation', () => {
  const small = scaledSnapshot(1);
  const large = scaledSnapshot(10_000);
  const smallResult = judge(small);
  const largeResult = judge(large);

  it('really is large: at least 10,000 users on each side, every one with its own identity', () => {
    expect(count(small, 'ldap.users')).toBeLessThan(10);
    expect(count(large, 'ldap.users')).toBeGreaterThanOrEqual(10_000);
    expect(count(large, 'graph.users')).toBeGreaterThanOrEqual(10_000);
    const graph = (
      large.artifacts['graph.users'] as {
        data: { id: string; onPremisesImmutableId?: string | null; userPrincipalName: string }[];
      }
    ).data;
    expect(new Set(graph.map((u) => u.id)).size).toBe(graph.length);
    expect(new Set(graph.map((u) => u.userPrincipalName)).size).toBe(graph.length);
    const anchors = graph.map((u) => u.onPremisesImmutableId).filter(Boolean);
    expect(new Set(anchors).size).toBe(anchors.length);
  });

  it('gives every check the status it has in the small organisation, and the same verdict', () => {
    expect(statuses(largeResult)).toEqual(statuses(smallResult));
    expect(largeResult.verdict).toBe(smallResult.verdict);
  });

  it('evaluates every check: none skipped or errored in either size', () => {
    for (const r of [smallResult, largeResult]) {
      const notJudged = r.checks.filter((c) => c.status === 'skipped' || c.status === 'error');
      expect(notJudged.map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    }
  });

  it('judged every user: the user-level passes count the large organisation', () => {
    const upn = largeResult.checks.find((c) => c.id === 'sync.upn-routable');
    const synced = (
      large.artifacts['graph.users'] as { data: { onPremisesSyncEnabled?: boolean | null }[] }
    ).data.filter((u) => u.onPremisesSyncEnabled === true).length;
    expect(synced).toBeGreaterThanOrEqual(8_000);
    expect(upn?.findings[0]?.message).toContain(`${synced} synchronised users`);
  });
});
