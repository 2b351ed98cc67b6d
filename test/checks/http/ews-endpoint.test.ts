import { describe, expect, it } from 'vitest';
import check from '../../../checks/http/ews-endpoint.ts';
import { runCheck } from '../../helpers/check.ts';
import { cachedScenario } from '../../helpers/http.ts';

describe('http.ews-endpoint', () => {
  it('passes on 401 with a challenge from the EWS URL Autodiscover named', async () => {
    const { input } = await cachedScenario('contoso-ready');
    const r = runCheck(check, input);
    expect(r.status).toBe('pass');
    expect(r.findings[0]).toMatchObject({ target: { label: 'mail.contoso.com' } });
    expect(r.findings[0]?.evidence?.foundBy).toEqual(['autodiscover']);
  });

  it('fails when /EWS/ answers 404', async () => {
    const { input } = await cachedScenario('http-ews-404');
    const r = runCheck(check, input);
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/HTTP 404/);
  });

  it('fails on a certificate fault (falling back to the Autodiscover host when Autodiscover gave no URL)', async () => {
    const { input } = await cachedScenario('http-name-mismatch');
    const r = runCheck(check, input);
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.evidence?.foundBy).toEqual(['fallback']);
  });

  it('is an error within the probe timeout when the host never answers', async () => {
    const { input, durationMs } = await cachedScenario('http-hang');
    const r = runCheck(check, input);
    expect(r.status).toBe('error');
    expect(durationMs).toBeLessThan(4500);
  });

  it('is an error when there is no EWS host at all', () => {
    const r = runCheck(check, { artifacts: { 'http.ews': [] } });
    expect(r.status).toBe('error');
    expect(r.findings[0]?.message).toMatch(/probes\.ewsUrls/);
  });
});
