import { describe, expect, it } from 'vitest';
import { runDemo } from '../helpers/demo.ts';
import { demoReadyVerdict } from '../helpers/knowledge.ts';

interface Result {
  verdict: string;
  checks: {
    id: string;
    status: string;
    findings: {
      target: { kind: string; id: string; label: string };
      status: string;
      message: string;
      evidence?: Record<string, unknown>;
    }[];
  }[];
}

async function demo(scenario: string) {
  const { code, result } = await runDemo<Result>(scenario);
  const check = (id: string) => result.checks.find((c) => c.id === id);
  return { code, result, check };
}

const MBX = [
  'mbx.inventory',
  'mbx.duplicate-mailboxes',
  'mbx.orphan-remote-mailboxes',
  'mbx.cloud-only-in-hybrid',
  'mbx.license-state',
  'mbx.public-folders-and-archives',
];

describe('demo: mailbox placement', () => {
  it('contoso-ready: every mbx check runs with a real status and the scan stays ready', {
    timeout: 30_000,
  }, async () => {
    const { result, check } = await demo('contoso-ready');
    expect(result.verdict).toBe(demoReadyVerdict()); // warns only for a stale build table
    for (const id of MBX) expect(['pass', 'info'], id).toContain(check(id)?.status);
    expect(check('mbx.duplicate-mailboxes')?.status).toBe('pass');
    expect(check('mbx.orphan-remote-mailboxes')?.status).toBe('pass');
    // every mailbox user was probed over Graph (no budget cut in the demo)
    expect(
      check('mbx.inventory')?.findings.find((f) => f.target.label === 'cloud mailbox probes')?.message,
    ).toBe('All 4 synchronised mailbox users probed (mailboxSettings)');
  });

  it.each([
    ['mbx-duplicate-mailbox', 'mbx.duplicate-mailboxes', 'fail', 'dave@contoso.com', 'not-ready'],
    ['mbx-orphan-remote', 'mbx.orphan-remote-mailboxes', 'fail', 'carol@contoso.com', 'not-ready'],
    ['mbx-cloud-only', 'mbx.cloud-only-in-hybrid', 'warn', 'erin@contoso.com', 'ready-with-warnings'],
    ['mbx-unlicensed', 'mbx.license-state', 'warn', 'bob@contoso.com', 'ready-with-warnings'],
  ])(
    '%s: %s is %s for %s, and nothing else breaks',
    { timeout: 30_000 },
    async (scenario, id, status, user, verdict) => {
      const { result, check } = await demo(scenario);
      expect(check(id)?.status).toBe(status);
      const bad = check(id)?.findings.filter((f) => f.status === status) ?? [];
      expect(bad.map((f) => f.target.label)).toEqual([user]);
      expect(bad[0]?.evidence?.primarySmtp).toBe(user);
      // The demo reads Exchange Online live: the evidence is the mailbox list, not a sampled probe.
      expect(bad[0]?.evidence?.cloudMailbox).toMatch(
        /^(Exchange Online mailbox list: |not in the Exchange Online mailbox list \(complete\))/,
      );
      expect(result.verdict).toBe(verdict);
      const others = result.checks
        // The fingerprint warns in every demo once data/exchange-builds.json is older than 90 days.
        .filter(
          (c) =>
            ['fail', 'warn', 'error'].includes(c.status) &&
            c.id !== id &&
            c.id !== 'http.exchange-build-fingerprint',
        )
        .map((c) => `${c.id} ${c.status}`);
      expect(others).toEqual([]);
    },
  );

  it('mbx-archives-and-public-folders: lists the public folder mailbox and alice’s cloud archive (read over LDAP)', {
    timeout: 30_000,
  }, async () => {
    const { result, check } = await demo('mbx-archives-and-public-folders');
    expect(result.verdict).toBe(demoReadyVerdict()); // warns only for a stale build table
    const findings = check('mbx.public-folders-and-archives')?.findings ?? [];
    expect(findings.map((f) => f.target.label).sort()).toEqual([
      'PF01@corp.contoso.com',
      'alice@contoso.com',
    ]);
    expect(findings.find((f) => f.target.label === 'alice@contoso.com')?.evidence).toMatchObject({
      archive: 'cloud-archive-of-onprem',
      msExchArchiveGuid: '3q2+7wAAAAAAAAAAAAAAEQ==',
      msExchArchiveName: 'In-Place Archive - Alice Anders',
    });
  });
});
