import { describe, expect, it } from 'vitest';
import { runDemo } from '../helpers/demo.ts';
import { demoFingerprintStatus } from '../helpers/knowledge.ts';

const HTTP_CHECKS = [
  'http.autodiscover-xml-401',
  'http.autodv2-exo-cloud-user',
  'http.autodv2-exo-onprem-redirect',
  'http.autodv2-onprem-user',
  'http.ews-endpoint',
  'http.exchange-build-fingerprint',
  'http.hma-bearer-challenge',
  'http.hybrid-endpoints',
  'http.tls-certificate',
];

async function demo(scenario: string) {
  const { code, result } = await runDemo<{
    verdict: string;
    checks: { id: string; status: string }[];
    sources: { id: string; status: string; requests: number }[];
  }>(scenario);
  const status = Object.fromEntries(
    result.checks.filter((c) => c.id.startsWith('http.')).map((c) => [c.id, c.status]),
  );
  return { code, result, status };
}

describe('demo: the HTTPS side of the hybrid', () => {
  it('contoso-ready shows every http check with a real status, none skipped', async () => {
    const { code, status, result } = await demo('contoso-ready');
    expect(Object.keys(status).sort()).toEqual(HTTP_CHECKS);
    // The demo snapshot is taken now: the fingerprint warns only once data/exchange-builds.json is
    // more than 90 days old (the simulated server runs its newest update).
    for (const id of HTTP_CHECKS)
      expect(status[id], id).toBe(
        id === 'http.exchange-build-fingerprint' ? demoFingerprintStatus() : 'pass',
      );
    expect(result.sources.find((s) => s.id === 'http')).toMatchObject({ status: 'ok' });
    expect(code).toBe(0);
  });

  it('http-expired-cert is not ready: the certificate, Autodiscover and EWS fail', async () => {
    const { code, status } = await demo('http-expired-cert');
    expect(code).toBe(1);
    expect(status['http.tls-certificate']).toBe('fail');
    expect(status['http.autodv2-onprem-user']).toBe('fail');
    expect(status['http.ews-endpoint']).toBe('fail');
    expect(status['http.autodv2-exo-cloud-user']).toBe('pass');
  });

  it('http-hang ends incomplete within the probe timeout while the rest of the scan completes', async () => {
    const t0 = performance.now();
    const { code, status, result } = await demo('http-hang');
    expect(performance.now() - t0).toBeLessThan(8000);
    expect(code).toBe(3);
    expect(result.verdict).toBe('incomplete');
    expect(status['http.ews-endpoint']).toBe('error');
    expect(status['http.autodv2-exo-cloud-user']).toBe('pass');
    expect(result.checks.find((c) => c.id === 'tenant.resolve-id')?.status).toBe('pass');
  });

  it.each([
    ['http-ews-404', 'http.ews-endpoint', 'fail'],
    ['http-no-bearer', 'http.hma-bearer-challenge', 'info'],
    ['http-redirect-loop', 'http.autodv2-onprem-user', 'fail'],
    ['http-name-mismatch', 'http.tls-certificate', 'fail'],
  ])('%s: %s is %s', async (scenario, id, expected) => {
    const { status } = await demo(scenario);
    expect(status[id]).toBe(expected);
  });
});
