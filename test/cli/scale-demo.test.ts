import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { ScanResult } from '../../src/engine/types.ts';
import { runDemo } from '../helpers/demo.ts';
import { memoryIo } from '../helpers/io.ts';
import { checkStatuses, rows, scanSimulated } from '../helpers/sim-scan.ts';

/** Findings of the mbx.* checks that say some users were left unanswered. */
function coverageGaps(result: ScanResult): string[] {
  return result.checks
    .filter((c) => c.id.startsWith('mbx.'))
    .flatMap((c) => c.findings.map((f) => `${c.id}: ${f.target.label}: ${f.message}`))
    .filter((m) => /not (probed|verified|listed)|budget/i.test(m));
}

const finding = (result: ScanResult, id: string, label: string) =>
  result.checks.find((c) => c.id === id)?.findings.find((f) => f.target.label === label);

describe('demo: contoso-2000, contoso-ready at 2,000 users', () => {
  it('is listed by demo --list with its description', async () => {
    const io = memoryIo();
    await main(['node', 'hybridscan', 'demo', '--list'], io);
    expect(io.out()).toMatch(/^contoso-2000 +contoso-ready at 2,000 users/m);
  });

  it('judges like contoso-ready, verifies every remote mailbox from the mailbox list, sends no mailboxSettings request', {
    timeout: 120_000,
  }, async () => {
    const ready = await runDemo('contoso-ready');
    const big = await scanSimulated('contoso-2000');
    expect(big.exitCode).toBe(ready.code);
    expect(checkStatuses(big.result)).toEqual(checkStatuses(ready.result));
    // The organisation really is 2,000 users on each side.
    expect(rows(big.snapshot, 'ldap.users')).toBe(2002); // + svc-mailstore, hybridscan
    expect(rows(big.snapshot, 'graph.users')).toBe(2001); // + the cloud-only admin
    expect(finding(big.result, 'mbx.inventory', 'on-premises')?.evidence?.count).toBe(1000);
    expect(finding(big.result, 'mbx.inventory', 'Exchange Online (remote mailboxes)')?.evidence?.count).toBe(
      1000,
    );
    // Every remote mailbox verified from the Exchange Online list, none by a probe, none left out.
    expect(finding(big.result, 'mbx.orphan-remote-mailboxes', 'remote mailboxes')?.evidence).toEqual({
      ok: 1000,
      total: 1000,
      inMailboxList: 1000,
      probed: 0,
    });
    expect(finding(big.result, 'mbx.inventory', 'cloud mailbox probes')?.message).toMatch(
      /^All 2000 synchronised mailbox users answered: 1960 by the complete Exchange Online mailbox list alone/,
    );
    expect(coverageGaps(big.result)).toEqual([]);
    expect(big.graph.byRoute['GET /users/{id}/mailboxSettings']).toBeUndefined();
    expect(big.graph.byRoute['GET /users']).toBe(3); // pages of 999
  });
});
