import { describe, expect, it } from 'vitest';
import check from '../../../checks/dns/mta-sts-tlsrpt.ts';
import { runCheck } from '../../helpers/check.ts';
import { collectDns, editZone, readyZones } from '../../helpers/dns.ts';

const policy = (mx: string[], mode = 'enforce') =>
  `version: STSv1\r\nmode: ${mode}\r\n${mx.map((m) => `mx: ${m}\r\n`).join('')}max_age: 86400\r\n`;

describe('dns.mta-sts-tlsrpt', () => {
  it('passes when the policy covers every MX and TLS-RPT is published', async () => {
    const { artifacts } = await collectDns();
    expect(runCheck(check, { artifacts }).status).toBe('pass');
  });

  it('warns after moving the MX to *.mx.microsoft without updating the policy', async () => {
    const { artifacts } = await collectDns({
      zones: {
        'contoso.com': editZone(readyZones()['contoso.com']!, {
          drop: /IN MX/,
          add: ['@ IN MX 0 contoso-com.p-v1.mx.microsoft.'],
        }),
      },
    });
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(
      /contoso-com.p-v1.mx.microsoft not matched by mx: \*.mail.protection.outlook.com/,
    );
    const fixed = await collectDns({
      zones: {
        'contoso.com': editZone(readyZones()['contoso.com']!, {
          drop: /IN MX/,
          add: ['@ IN MX 0 contoso-com.p-v1.mx.microsoft.'],
        }),
      },
      mtaSts: { 'contoso.com': policy(['*.mail.protection.outlook.com', '*.p-v1.mx.microsoft']) },
    });
    expect(runCheck(check, { artifacts: fixed.artifacts }).status).toBe('pass');
  });

  it('warns when the policy cannot be fetched over trusted HTTPS (certificate name mismatch)', async () => {
    // example.net is not in the test certificate: the fetch fails TLS verification.
    const zone = `$ORIGIN example.net.\n@ IN SOA ns1.example.net. h.example.net. ( 1 3600 600 86400 300 )\n@ IN MX 10 msgw.example.net.\nmsgw IN A 127.0.0.1\n_mta-sts IN TXT "v=STSv1; id=1"\nmta-sts IN A 127.0.0.1\n`;
    const { artifacts } = await collectDns({
      zones: { 'example.net': zone },
      domains: ['example.net'],
      mtaSts: { 'example.net': policy(['msgw.example.net']) },
    });
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/not retrievable over trusted HTTPS/);
    expect(r.findings[0]?.message).toMatch(/no TLS-RPT record|TLS-RPT/);
  });

  it('is info when neither is published', async () => {
    const { artifacts } = await collectDns({
      zones: { 'contoso.com': editZone(readyZones()['contoso.com']!, { drop: /_mta-sts|_smtp._tls/ }) },
    });
    expect(runCheck(check, { artifacts }).status).toBe('info');
  });

  it('is an error when the policy host’s address lookup SERVFAILs', async () => {
    const zone = `$ORIGIN example.net.\n@ IN SOA ns1.example.net. h.example.net. ( 1 3600 600 86400 300 )\n@ IN MX 10 msgw.example.net.\nmsgw IN A 127.0.0.1\n_mta-sts IN TXT "v=STSv1; id=1"\n_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:t@example.net"\n`;
    const { artifacts } = await collectDns({
      zones: { 'example.net': zone },
      domains: ['example.net'],
      mtaSts: {},
      faults: { servfail: ['mta-sts.example.net/A'] },
    });
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('error');
    expect(r.findings[0]?.message).toMatch(
      /policy host unknown: cannot resolve mta-sts.example.net: SERVFAIL/,
    );
  });

  it('is an error when _mta-sts times out', async () => {
    const { artifacts } = await collectDns({ faults: { timeout: ['_mta-sts.contoso.com'] } });
    expect(runCheck(check, { artifacts }).status).toBe('error');
  });
});

describe('MTA-STS mx patterns (RFC 8461 §4.1)', () => {
  it('a wildcard matches exactly one extra label', async () => {
    const { mxPatternMatches } = await import('../../../src/model/mta-sts.ts');
    expect(mxPatternMatches('*.mail.protection.outlook.com', 'contoso-com.mail.protection.outlook.com')).toBe(
      true,
    );
    expect(mxPatternMatches('*.mx.microsoft', 'contoso-com.p-v1.mx.microsoft')).toBe(false);
    expect(mxPatternMatches('*.p-v1.mx.microsoft', 'contoso-com.p-v1.mx.microsoft')).toBe(true);
    expect(mxPatternMatches('mail.contoso.com', 'MAIL.contoso.com.')).toBe(true);
  });
});
