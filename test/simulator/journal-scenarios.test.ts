import { describe, expect, it } from 'vitest';
import { runDemo } from '../helpers/demo.ts';
import { demoReadyVerdict } from '../helpers/knowledge.ts';

interface Result {
  verdict: string;
  checks: { id: string; status: string; reason?: string; findings: { status: string; message: string }[] }[];
}

async function demo(scenario: string): Promise<{ code: number; result: Result }> {
  return runDemo<Result>(scenario);
}

const statuses = (r: Result) =>
  Object.fromEntries(r.checks.filter((c) => c.id.startsWith('journal.')).map((c) => [c.id, c.status]));

const READY = {
  'journal.exo-ndr-mailbox': 'pass',
  'journal.exo-rule': 'pass',
  'journal.gateway-address': 'pass',
  'journal.gateway-reachable': 'pass',
  'journal.onprem-ndr-and-duplicates': 'info',
  'journal.onprem-no-local-journal': 'pass',
  'journal.onprem-rule': 'pass',
};

describe('journaling in the demo scenarios', () => {
  it('contoso-ready: every journal check has a real status, none skipped', { timeout: 60_000 }, async () => {
    const { code, result } = await demo('contoso-ready');
    expect(statuses(result)).toEqual(READY);
    const reachable = result.checks.find((c) => c.id === 'journal.gateway-reachable');
    expect(reachable?.findings[0]?.message).toMatch(/offers STARTTLS and completed a verified TLS handshake/);
    // The demo snapshot is taken now: the fingerprint warns only once data/exchange-builds.json is
    // more than 90 days old (the simulated server runs its newest update).
    expect(result.verdict).toBe(demoReadyVerdict());
    expect(code).toBe(0);
  });

  it.each([
    ['journal-gateway-internal', { 'journal.gateway-address': 'fail' }, /coexistence|accepted domain/],
    [
      'journal-gateway-no-mx',
      { 'journal.gateway-address': 'fail', 'journal.gateway-reachable': 'fail' },
      /no MX/,
    ],
    ['journal-gateway-no-starttls', { 'journal.gateway-reachable': 'warn' }, /does not offer STARTTLS/],
    ['journal-exo-rule-scoped', { 'journal.exo-rule': 'fail' }, /Scope Internal/],
    ['journal-exo-ndr-missing', { 'journal.exo-ndr-mailbox': 'fail', 'journal.exo-rule': 'pass' }, /Not set/],
    [
      'journal-exo-export-malformed',
      { 'journal.exo-rule': 'error', 'journal.exo-ndr-mailbox': 'pass' },
      /journal-rules\.json is not valid export JSON/,
    ],
    ['journal-onprem-internal-rule', { 'journal.onprem-rule': 'fail' }, /internal address/],
    [
      'journal-onprem-db-journal',
      { 'journal.onprem-no-local-journal': 'warn', 'journal.onprem-ndr-and-duplicates': 'info' },
      /local recipient \(dave@contoso\.com\)/,
    ],
    [
      'journal-onprem-contact',
      {
        'journal.onprem-rule': 'pass',
        'journal.onprem-no-local-journal': 'info',
        'journal.onprem-ndr-and-duplicates': 'info',
      },
      /mail contact whose external address is the Gateway/,
    ],
  ] as const)('%s', { timeout: 60_000 }, async (scenario, expected, text) => {
    const { result } = await demo(scenario);
    const got = statuses(result);
    for (const [id, status] of Object.entries(expected)) expect(got[id], id).toBe(status);
    const changed = result.checks.filter((c) => Object.keys(expected).includes(c.id) && c.status !== 'pass');
    const texts = changed.flatMap((c) => [c.reason ?? '', ...c.findings.map((f) => f.message)]).join('\n');
    expect(texts).toMatch(text);
  });
});
