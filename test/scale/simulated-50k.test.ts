import { describe, expect, it } from 'vitest';
import { checkStatuses, rows, scanSimulated } from '../helpers/sim-scan.ts';

// Issue 13's acceptance: size alone must not change a verdict. contoso-ready scaled to 50,000
// users on each side (12,500 copies of its four mailbox users, src/simulator/scale.ts) goes through
// the real collectors (LDAPS, Graph, the Exchange Online mailbox list) and every check, and must
// give every check the status contoso-2000 gets: no check turns error, skipped or times out because
// of N. How long it takes is measured by `npm run bench`, not here.
const COPIES = 12_500;

describe('a 50,000-user organisation through the simulators', () => {
  it('gives the statuses and verdict of the same organisation at 2,000 users', {
    timeout: 400_000,
  }, async () => {
    const small = await scanSimulated('contoso-2000');
    const large = await scanSimulated('contoso-ready', { scale: { copies: COPIES } });
    expect(rows(large.snapshot, 'ldap.users')).toBeGreaterThanOrEqual(50_000);
    expect(rows(large.snapshot, 'graph.users')).toBeGreaterThanOrEqual(50_000);
    const broken = Object.entries(large.snapshot.artifacts)
      .filter(([, a]) => (a as { status: string }).status === 'error')
      .map(([k, a]) => `${k}: ${JSON.stringify((a as { error?: unknown }).error)}`);
    expect(broken).toEqual([]);
    expect(checkStatuses(large.result)).toEqual(checkStatuses(small.result));
    expect(large.exitCode).toBe(small.exitCode);
    const notJudged = large.result.checks.filter((c) => c.status === 'error' || c.status === 'skipped');
    expect(notJudged.map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    // Placement decided from the complete mailbox list, not from the probe budget.
    expect(large.graph.byRoute['GET /users/{id}/mailboxSettings']).toBeUndefined();
    console.log(`50k scan through the simulators: ${Math.round(large.scanMs)} ms`);
  });
});
