import { describe, expect, it } from 'vitest';
import check from '../../../checks/dns/dmarc.ts';
import { runCheck } from '../../helpers/check.ts';
import { collectDns, editZone, readyZones } from '../../helpers/dns.ts';

const dmarc = (add: string[]) => ({
  'contoso.com': editZone(readyZones()['contoso.com']!, { drop: /^_dmarc/, add }),
});

describe('dns.dmarc', () => {
  it('passes with p=quarantine', async () => {
    const { artifacts } = await collectDns();
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toBe('DMARC p=quarantine');
  });

  it('warns on p=none and on a missing record', async () => {
    const none = await collectDns({
      zones: dmarc(['_dmarc IN TXT "v=DMARC1; p=none; rua=mailto:d@contoso.com"']),
    });
    expect(runCheck(check, { artifacts: none.artifacts }).findings[0]?.message).toMatch(/p=none/);
    const missing = await collectDns({ zones: dmarc([]) });
    expect(runCheck(check, { artifacts: missing.artifacts }).status).toBe('warn');
  });

  it('falls back to the organisational domain for a subdomain (sp= applies)', async () => {
    const zone = editZone(readyZones()['contoso.com']!, {
      add: [
        'eu IN MX 10 contoso-com.mail.protection.outlook.com.',
        '_dmarc IN TXT "v=DMARC1; p=reject; sp=none"',
      ],
      drop: /^_dmarc/,
    });
    const { artifacts } = await collectDns({ zones: { 'contoso.com': zone }, domains: ['eu.contoso.com'] });
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toBe(
      'DMARC policy is p=none (monitoring only), inherited from contoso.com',
    );
  });

  it('is an error when _dmarc SERVFAILs', async () => {
    const { artifacts } = await collectDns({ faults: { servfail: ['_dmarc.contoso.com'] } });
    expect(runCheck(check, { artifacts }).status).toBe('error');
  });

  // RFC 9989 §4.7 t=y: receivers apply one level less, so the published policy is not enforced.
  it('warns on test mode t=y', async () => {
    const { artifacts } = await collectDns({ zones: dmarc(['_dmarc IN TXT "v=DMARC1; p=reject; t=y"']) });
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/test mode \(t=y\).*apply quarantine/);
  });

  it('warns on an invalid record: duplicate tag, bad sp/np/fo, rua that is not a URI', async () => {
    for (const [record, problem] of [
      ['v=DMARC1; p=reject; p=none', /appears more than once/],
      ['v=DMARC1; p=reject; sp=deny', /sp=deny/],
      ['v=DMARC1; p=reject; np=x', /np=x/],
      ['v=DMARC1; p=reject; fo=9', /fo=9/],
      ['v=DMARC1; p=reject; rua=dmarc@contoso.com', /not a URI/],
    ] as const) {
      const { artifacts } = await collectDns({ zones: dmarc([`_dmarc IN TXT "${record}"`]) });
      const r = runCheck(check, { artifacts });
      expect(r.status, record).toBe('warn');
      expect(r.findings[0]?.message).toMatch(/^Invalid DMARC record at _dmarc\.contoso\.com/);
      expect(r.findings[0]?.message).toMatch(problem);
    }
  });

  it('ignores unrelated TXT records at _dmarc', async () => {
    const { artifacts } = await collectDns({
      zones: dmarc([
        '_dmarc IN TXT "google-site-verification=abc"',
        '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@contoso.com"',
        '_dmarc IN TXT "v=spf1 -all"',
      ]),
    });
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toBe('DMARC p=reject');
  });

  it('walks the tree: a deep subdomain inherits from the nearest parent with a record (RFC 9989 §4.10)', async () => {
    const zone = editZone(readyZones()['contoso.com']!, {
      add: [
        'x.eu IN MX 10 contoso-com.mail.protection.outlook.com.',
        '_dmarc.eu IN TXT "v=DMARC1; p=reject; sp=reject; rua=mailto:d@contoso.com"',
        '_dmarc IN TXT "v=DMARC1; p=none"',
      ],
      drop: /^_dmarc/,
    });
    const { artifacts } = await collectDns({ zones: { 'contoso.com': zone }, domains: ['x.eu.contoso.com'] });
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toBe('DMARC p=reject (inherited from eu.contoso.com)');
    expect(r.findings[0]?.evidence?.organizationalDomain).toBe('contoso.com');
  });

  it('is an error, not "no record", when a parent of the walk SERVFAILs', async () => {
    const zone = editZone(readyZones()['contoso.com']!, {
      add: ['eu IN MX 10 contoso-com.mail.protection.outlook.com.'],
      drop: /^_dmarc/,
    });
    const { artifacts } = await collectDns({
      zones: { 'contoso.com': zone },
      domains: ['eu.contoso.com'],
      faults: { servfail: ['_dmarc.contoso.com'] },
    });
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('error');
    expect(r.findings[0]?.message).toMatch(/tree walk needs _dmarc\.contoso\.com: SERVFAIL/);
  });

  it('warns on two records at the domain and says which record receivers use instead', async () => {
    const { artifacts } = await collectDns({
      zones: dmarc(['_dmarc IN TXT "v=DMARC1; p=reject"', '_dmarc IN TXT "v=DMARC1; p=none"']),
    });
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(
      /^2 DMARC records at _dmarc\.contoso\.com: receivers discard them all/,
    );
  });
});
