import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/engine/types.ts';
import { runDemo } from '../helpers/demo.ts';

/** The checks that read the live Exchange Online side (issue 11). */
const EXO_CHECKS = [
  'exo.accepted-domains',
  'exo.inbound-connector',
  'exo.outbound-connector',
  'exo.organization-relationship',
  'exo.intraorg-connector',
  'exo.dkim-signing',
  'app.ews-retirement-readiness',
  'mbx.orphan-remote-mailboxes',
  'mbx.duplicate-mailboxes',
  'mbx.cloud-only-in-hybrid',
  'journal.exo-rule',
  'journal.exo-ndr-mailbox',
];

async function demo(scenario: string) {
  const { code, result } = await runDemo<ScanResult>(scenario);
  const status = (id: string) => result.checks.find((c) => c.id === id)?.status;
  return { code, result, status };
}

describe('demo: the live Exchange Online side', () => {
  it('contoso-ready reads Exchange Online live: every check judged, the mailbox list complete', {
    timeout: 30_000,
  }, async () => {
    const { status, result } = await demo('contoso-ready');
    for (const id of EXO_CHECKS) expect(['pass', 'info'], id).toContain(status(id));
    const exo = result.sources.find((s) => s.id === 'exo');
    expect(exo).toMatchObject({ status: 'ok' });
    // Every remote mailbox verified from the list, none from a sampled mailboxSettings probe.
    const orphan = result.checks.find((c) => c.id === 'mbx.orphan-remote-mailboxes');
    expect(orphan?.findings[0]?.evidence).toMatchObject({ total: 2, inMailboxList: 2, probed: 0 });
    expect(orphan?.findings[0]?.message).toMatch(/live: Admin API Get-Mailbox/);
  });

  // Each scenario breaks one thing on the cloud side; the check that must notice it, and how.
  const broken: [string, string[], string, number][] = [
    ['exo-ews-blocked', ['app.ews-retirement-readiness'], 'fail', 1],
    ['exo-ews-allowlist-missing-app', ['app.ews-retirement-readiness'], 'fail', 1],
    ['exo-inbound-connector-disabled', ['exo.inbound-connector'], 'fail', 1],
    ['exo-outbound-no-cert-validation', ['exo.outbound-connector'], 'fail', 1],
    ['exo-orgrel-wrong-epr', ['exo.organization-relationship'], 'warn', 0],
    ['exo-accepted-domain-mismatch', ['exo.accepted-domains'], 'fail', 1],
    ['exo-duplicate-mailbox-guid', ['mbx.duplicate-mailboxes'], 'fail', 1],
    // A 403 on Get-Mailbox: the placement checks cannot decide (no sampled pass hides it): exit 3.
    [
      'exo-forbidden',
      ['mbx.orphan-remote-mailboxes', 'mbx.duplicate-mailboxes', 'mbx.cloud-only-in-hybrid'],
      'error',
      3,
    ],
    // Throttled, then recovered: everything read, same as contoso-ready.
    ['exo-throttled', ['mbx.orphan-remote-mailboxes', 'exo.inbound-connector'], 'pass', 0],
  ];
  for (const [scenario, ids, expected, exitCode] of broken) {
    it(`${scenario}: ${ids.join(', ')} → ${expected} (exit ${exitCode})`, { timeout: 30_000 }, async () => {
      const { status, code } = await demo(scenario);
      for (const id of ids) expect(status(id), id).toBe(expected);
      expect(code).toBe(exitCode);
    });
  }

  it('exo-forbidden: the error names the cmdlet, the HTTP status and the missing role', {
    timeout: 30_000,
  }, async () => {
    const { result } = await demo('exo-forbidden');
    const orphan = result.checks.find((c) => c.id === 'mbx.orphan-remote-mailboxes');
    expect(orphan?.reason).toMatch(/Get-Mailbox: HTTP 403/);
    expect(orphan?.reason).toMatch(/Exchange\.ManageAsAppV2/);
    expect(orphan?.reason).toMatch(/View-Only Recipients/);
  });
});
