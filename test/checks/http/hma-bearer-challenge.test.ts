import { describe, expect, it } from 'vitest';
import check from '../../../checks/http/hma-bearer-challenge.ts';
import { runCheck } from '../../helpers/check.ts';
import { cachedScenario } from '../../helpers/http.ts';

describe('http.hma-bearer-challenge', () => {
  it('passes when the Bearer challenge has authorization_uri and trusts this tenant', async () => {
    const { input } = await cachedScenario('contoso-ready');
    const r = runCheck(check, input);
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.evidence?.bearer).toMatchObject({
      client_id: '00000002-0000-0ff1-ce00-000000000000',
      trusted_issuers: '00000001-0000-0000-c000-000000000000@8b1f0e2c-1d1e-4c52-9d0f-3f6a0c0e7a11',
    });
    expect(r.findings[0]?.message).toMatch(/\(this tenant\)/);
  });

  it('warns when trusted_issuers names another tenant', async () => {
    const { input } = await cachedScenario('http-foreign-tenant');
    const r = runCheck(check, input);
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/11111111-2222-4333-8444-555555555555.*8b1f0e2c/);
  });

  it('is information without a Bearer challenge, and a warning when HMA is expected', async () => {
    const { input } = await cachedScenario('http-no-bearer');
    expect(runCheck(check, input).status).toBe('info');
    const expected = runCheck(check, { ...input, setting: { options: { expectHma: true } } });
    expect(expected.status).toBe('warn');
    expect(expected.findings[0]?.message).toMatch(/No Bearer challenge/);
  });

  it('reports OAuth without HMA (no authorization_uri, oauth_not_available)', async () => {
    const { input } = await cachedScenario('http-hma-off');
    const r = runCheck(check, input);
    expect(r.status).toBe('info');
    expect(r.findings[0]?.message).toMatch(/HMA is off.*oauth_not_available/);
  });

  it('passes without openid.tenants but says the tenant was not compared', async () => {
    const { input } = await cachedScenario('contoso-ready');
    const r = runCheck(check, { artifacts: { 'http.ews': input.artifacts!['http.ews']! } });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toMatch(/tenant id not known to compare/);
  });

  it('cannot decide when EWS is missing (404) or never answers', async () => {
    expect(runCheck(check, (await cachedScenario('http-ews-404')).input).status).toBe('error');
    expect(runCheck(check, (await cachedScenario('http-hang')).input).status).toBe('error');
  });
});
