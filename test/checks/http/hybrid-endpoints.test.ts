import { describe, expect, it } from 'vitest';
import check from '../../../checks/http/hybrid-endpoints.ts';
import { runCheck } from '../../helpers/check.ts';
import { cachedScenario } from '../../helpers/http.ts';

describe('http.hybrid-endpoints', () => {
  it('passes when WS-Security, autodiscover.svc and MRSProxy are answered by Exchange', async () => {
    const { input } = await cachedScenario('contoso-ready');
    const r = runCheck(check, input);
    expect(r.status).toBe('pass');
    expect(r.findings).toHaveLength(3);
    expect(r.findings.find((f) => f.message.startsWith('MRSProxy'))?.message).toMatch(/401, enabled/);
  });

  it('warns when the EWS virtual directory answers 404', async () => {
    const r = runCheck(check, (await cachedScenario('http-ews-404')).input);
    expect(r.status).toBe('warn');
    expect(r.findings.find((f) => f.message.includes('WSSecurity'))?.message).toMatch(/404, not published/);
    expect(r.findings.find((f) => f.message.includes('MRSProxy'))?.status).toBe('info');
  });

  it('warns on an answer without Exchange headers (a proxy page)', async () => {
    const { input } = await cachedScenario('contoso-ready');
    const ews = structuredClone(input.artifacts!['http.ews']!);
    ews[0]!.wsSecurity = { ...ews[0]!.wsSecurity, status: 403, headers: { server: ['BlockingProxy'] } };
    const r = runCheck(check, { artifacts: { ...input.artifacts, 'http.ews': ews } });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/without Exchange headers/);
  });

  it('is an error when the host never answers', async () => {
    expect(runCheck(check, (await cachedScenario('http-hang')).input).status).toBe('error');
  });
});
