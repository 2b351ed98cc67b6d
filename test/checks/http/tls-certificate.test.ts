import { describe, expect, it } from 'vitest';
import { parseTlsCertificateName, sameDn } from '../../../checks/http/probe-findings.ts';
import check from '../../../checks/http/tls-certificate.ts';
import httpCollector from '../../../src/sources/http/collector.ts';
import openidCollector from '../../../src/sources/openid/collector.ts';
import type { Collector } from '../../../src/sources/types.ts';
import { runCheck } from '../../helpers/check.ts';
import { cachedScenario, collectScenario } from '../../helpers/http.ts';

describe('http.tls-certificate', () => {
  it('passes for the HTTPS names and the SMTP STARTTLS certificate', async () => {
    const { input } = await cachedScenario('contoso-ready');
    const r = runCheck(check, input);
    expect(r.status).toBe('pass');
    expect(r.findings.map((f) => f.target.label).sort()).toEqual([
      'autodiscover.contoso.com:443',
      'mail.contoso.com:25 (SMTP STARTTLS)',
      'mail.contoso.com:443',
    ]);
    expect(r.findings[0]?.evidence?.certificate).toMatchObject({
      issuer: 'CN=hybridscan test CA',
      trustedBy: 'caFile',
    });
  });

  it('reads SMTP only with probes.smtp', async () => {
    const { input } = await collectScenario('contoso-ready', (c) => ({
      ...c,
      probes: { ...(c.probes as object), smtp: false },
    }));
    expect(runCheck(check, input).findings.some((f) => f.target.label.includes('SMTP'))).toBe(false);
  });

  it('fails on an expired certificate and on a name mismatch', async () => {
    const expired = runCheck(check, (await cachedScenario('http-expired-cert')).input);
    expect(expired.status).toBe('fail');
    const ad = expired.findings.find((f) => f.target.label === 'autodiscover.contoso.com:443');
    expect(ad?.message).toMatch(/CERT_HAS_EXPIRED.*valid 2020-01-01 to 2021-01-01/);
    expect(ad?.evidence?.certificate).toMatchObject({ validTo: '2021-01-01T00:00:00.000Z' });
    expect(ad?.evidence?.certificate).not.toHaveProperty('trustedBy');
    const mismatch = runCheck(check, (await cachedScenario('http-name-mismatch')).input);
    expect(mismatch.status).toBe('fail');
    expect(mismatch.findings[0]?.evidence?.certificate).toMatchObject({ sans: ['www.fabrikam.com'] });
  });

  it('fails a chain nobody trusts (no endpoints.caFile)', async () => {
    const { input } = await collectScenario('contoso-ready', (c) => ({
      ...c,
      endpoints: { ...(c.endpoints as object), caFile: undefined },
    }));
    const r = runCheck(check, input);
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/not trusted/);
  });

  it('warns 30 days before expiry and can require a public root', async () => {
    const { input } = await cachedScenario('contoso-ready');
    const validTo = input.artifacts!['http.tls']!.map((t) => t.certificate!.validTo).sort()[0]!;
    const soon = new Date(Date.parse(validTo) - 10 * 86_400_000).toISOString();
    const r = runCheck(check, { ...input, now: soon });
    expect(r.status).toBe('warn');
    expect(r.findings.find((f) => f.status === 'warn')?.message).toMatch(/Expires in 9|Expires in 10/);
    const strict = runCheck(check, { ...input, setting: { options: { allowPrivateCa: false } } });
    expect(strict.status).toBe('fail');
    expect(strict.findings[0]?.message).toMatch(/not a public root/);
  });

  it('is an error for a host that never answers', async () => {
    const r = runCheck(check, (await cachedScenario('http-hang')).input);
    expect(r.status).toBe('error');
  });

  it('compares the SMTP certificate with the HybridConfiguration TlsCertificateName from AD', async () => {
    const withName = (value: string): Collector => ({
      id: 'ldap',
      produces: [],
      notConfigured: () => undefined,
      concurrency: () => 1,
      async collect(ctx) {
        ctx.put('ldap.hybridConfiguration' as never, { tlsCertificateName: value } as never);
      },
    });
    const catalogue =
      '<I>CN=Sectigo RSA Domain Validation Secure Server CA, O=Sectigo Limited, L=Salford, S=Greater Manchester, C=GB<S>CN=mail.contoso.com';
    const same = await collectScenario('contoso-ready', undefined, [
      openidCollector,
      httpCollector,
      withName(catalogue),
    ]);
    const ok = runCheck(check, same.input);
    expect(ok.status).toBe('pass');
    expect(ok.findings.find((f) => f.target.label.includes('SMTP'))?.message).toMatch(
      /matches the HybridConfiguration/,
    );

    const other = await collectScenario('contoso-ready', undefined, [
      openidCollector,
      httpCollector,
      withName("<I>CN=R3, O=Let's Encrypt, C=US<S>CN=mail.contoso.com"),
    ]);
    const r = runCheck(check, other.input);
    expect(r.status).toBe('warn');
    const smtp = r.findings.find((f) => f.target.label.includes('SMTP'));
    expect(smtp?.message).toMatch(/not the one the HybridConfiguration names/);
    expect(smtp?.evidence?.tlsCertificateName).toMatchObject({ value: expect.stringContaining('R3') });
  });

  it('normalises distinguished names (order, spacing, S= for ST=)', () => {
    expect(
      sameDn('CN=A, O=B Ltd, S=Greater  Manchester, C=GB', 'C=GB, ST=Greater Manchester, O=B Ltd, CN=A'),
    ).toBe(true);
    expect(sameDn('CN=A, O=B', 'CN=A, O=C')).toBe(false);
    expect(parseTlsCertificateName('CN=only-subject')).toBeUndefined();
  });
});
