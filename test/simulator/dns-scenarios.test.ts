import { describe, expect, it } from 'vitest';
import { runDemo } from '../helpers/demo.ts';

interface Result {
  verdict: string;
  checks: { id: string; status: string; findings: { message: string }[] }[];
}

async function demo(scenario: string): Promise<{ code: number; result: Result }> {
  return runDemo<Result>(scenario);
}

const statuses = (r: Result) =>
  Object.fromEntries(r.checks.filter((c) => c.id.startsWith('dns.')).map((c) => [c.id, c.status]));

const READY = {
  'dns.autodiscover-onprem': 'pass',
  'dns.dkim-selectors': 'pass',
  'dns.dmarc': 'pass',
  'dns.dnssec': 'info',
  'dns.mta-sts-tlsrpt': 'pass',
  'dns.mx-resolves': 'pass',
  'dns.mx-topology': 'info',
  'dns.spf-covers-senders': expect.stringMatching(/^(pass|info)$/),
  'dns.spf-lookup-limit': 'pass',
  'dns.spf-record': 'pass',
};

describe('DNS in the demo scenarios', () => {
  it('contoso-ready: every DNS check has a real status, none skipped or errored', async () => {
    const { code, result } = await demo('contoso-ready');
    expect(statuses(result)).toEqual(READY);
    expect(code).toBe(0);
  });

  it.each([
    ['dns-autodiscover-cloud', { 'dns.autodiscover-onprem': 'fail' }, 'not-ready'],
    ['dns-spf-over-limit', { 'dns.spf-lookup-limit': 'fail' }, 'not-ready'],
    [
      'dns-mail-auth-weak',
      {
        'dns.spf-record': 'fail',
        'dns.spf-covers-senders': 'fail',
        'dns.spf-lookup-limit': 'info',
        'dns.dmarc': 'warn',
        'dns.dkim-selectors': 'warn',
      },
      'not-ready',
    ],
    ['dns-mx-dane-unsigned', { 'dns.dnssec': 'warn', 'dns.mta-sts-tlsrpt': 'warn' }, 'ready-with-warnings'],
    [
      'dns-servfail',
      {
        'dns.mx-resolves': 'error',
        'dns.mx-topology': 'error',
        'dns.dmarc': 'error',
        'dns.dnssec': 'error',
        'dns.mta-sts-tlsrpt': 'error',
      },
      'incomplete',
    ],
  ])('%s', async (scenario, changed, verdict) => {
    const { code, result } = await demo(scenario);
    expect(statuses(result)).toEqual({ ...READY, ...changed });
    expect(result.verdict).toBe(verdict);
    expect(code).toBe(verdict === 'not-ready' ? 1 : verdict === 'incomplete' ? 3 : 0);
  });
});
