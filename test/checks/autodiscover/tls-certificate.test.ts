import { describe, expect, it } from 'vitest';
import check from '../../../checks/autodiscover/tls-certificate.ts';
import { runCheck } from '../../helpers/check.ts';
import { cachedScenario, collectScenario } from '../../helpers/http.ts';

describe('http.tls-certificate', () => {
  it('passes for the HTTPS names and the SMTP STARTTLS certificate', async () => {
    const { input } = await cachedScenario('contoso-ready');
    const r = runCheck(check, input);
    expect(r.status).toBe('pass');
    expect(r.findings.map((f) => f.target).sort()).toEqual([
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
    expect(runCheck(check, input).findings.some((f) => f.target.includes('SMTP'))).toBe(false);
  });

  it('fails on an expired certificate and on a name mismatch', async () => {
    const expired = runCheck(check, (await cachedScenario('http-expired-cert')).input);
    expect(expired.status).toBe('fail');
    const ad = expired.findings.find((f) => f.target === 'autodiscover.contoso.com:443');
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
    const validTo = input.artifacts!['http.tls']![0]!.certificate!.validTo;
    const soon = new Date(Date.parse(validTo) - 10 * 86_400_000).toISOString();
    const r = runCheck(check, { ...input, now: soon });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/Expires in 9|Expires in 10/);
    const strict = runCheck(check, { ...input, setting: { options: { allowPrivateCa: false } } });
    expect(strict.status).toBe('fail');
    expect(strict.findings[0]?.message).toMatch(/not a public root/);
  });

  it('is an error for a host that never answers', async () => {
    const r = runCheck(check, (await cachedScenario('http-hang')).input);
    expect(r.status).toBe('error');
  });
});
