import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import resolveId from '../../../checks/tenant/resolve-id.ts';
import type { RunningHttps } from '../../../src/simulator/tls.ts';
import { runCheck } from '../../helpers/check.ts';
import { collectAgainst, startLogin } from '../../helpers/login.ts';

let login: RunningHttps;

beforeAll(async () => {
  login = await startLogin({
    tenants: [
      { tenantId: '11111111-1111-4111-8111-111111111111', names: ['contoso.onmicrosoft.com', 'contoso.com'] },
      { tenantId: '22222222-2222-4222-8222-222222222222', names: ['fabrikam.com'] },
    ],
  });
});
afterAll(() => login.close());

async function judge(raw: Record<string, unknown>) {
  const snapshot = await collectAgainst(login.origin, raw);
  const rec = snapshot.artifacts['openid.tenants'];
  if (rec?.status !== 'ok') throw new Error(`collection failed: ${JSON.stringify(rec)}`);
  return runCheck(resolveId, { artifacts: { 'openid.tenants': rec.data as never } });
}

describe('tenant.resolve-id over HTTPS', () => {
  it('passes when the tenant and its domains resolve to one GUID', async () => {
    const r = await judge({ tenant: 'contoso.onmicrosoft.com', domains: ['contoso.com'] });
    expect(r.status).toBe('pass');
    expect(r.findings.map((f) => f.evidence?.tenantId)).toEqual([
      '11111111-1111-4111-8111-111111111111',
      '11111111-1111-4111-8111-111111111111',
    ]);
  });

  it('fails an unregistered domain with the AADSTS code', async () => {
    const r = await judge({ tenant: 'contoso.onmicrosoft.com', domains: ['nowhere.example'] });
    expect(r.status).toBe('fail');
    const bad = r.findings.find((f) => f.target.label === 'nowhere.example')!;
    expect(bad.status).toBe('fail');
    expect(bad.message).toContain('AADSTS90002');
  });

  it('fails when a mail domain belongs to another tenant', async () => {
    const r = await judge({ tenant: 'contoso.onmicrosoft.com', domains: ['fabrikam.com'] });
    expect(r.status).toBe('fail');
    expect(r.findings.at(-1)!.message).toContain('2 different tenants');
  });
});

describe('OpenID source faults', () => {
  it('turns an untrusted certificate into an artifact error naming the TLS cause', async () => {
    const snapshot = await collectAgainst(login.origin, { tenant: 'contoso.onmicrosoft.com' }, null);
    const rec = snapshot.artifacts['openid.tenants'];
    expect(rec?.status).toBe('error');
    expect(rec?.status === 'error' && rec.error.message).toMatch(
      /SELF_SIGNED_CERT_IN_CHAIN|unable to verify|self-signed/i,
    );
    expect(snapshot.sources.openid?.status).toBe('error');
  });

  it('turns a refused connection into an artifact error, and the check into error', async () => {
    const snapshot = await collectAgainst('https://127.0.0.1:1', { tenant: 'contoso.onmicrosoft.com' });
    const rec = snapshot.artifacts['openid.tenants'];
    expect(rec?.status === 'error' && rec.error.message).toContain('ECONNREFUSED');
    const r = runCheck(resolveId, {
      errors: { 'openid.tenants': rec?.status === 'error' ? rec.error : { message: '' } },
    });
    expect(r.status).toBe('error');
  });
});
