import { describe, expect, it } from 'vitest';
import check from '../../../checks/http/autodiscover-xml-401.ts';
import { runCheck } from '../../helpers/check.ts';
import { cachedScenario } from '../../helpers/http.ts';

describe('http.autodiscover-xml-401', () => {
  it('passes on 401 with Negotiate/NTLM/Basic and Bearer', async () => {
    const { input } = await cachedScenario('contoso-ready');
    const r = runCheck(check, input);
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.evidence?.schemes).toEqual(['Bearer', 'Negotiate', 'NTLM', 'Basic']);
  });

  it('warns on a certificate failure', async () => {
    const { input } = await cachedScenario('http-expired-cert');
    const r = runCheck(check, input);
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/expired/);
  });

  it('warns on a root-domain redirect trap and on a bare 200', async () => {
    const { input } = await cachedScenario('contoso-ready');
    const pox = structuredClone(input.artifacts!['http.pox']!);
    pox[0]!.probe = { ...pox[0]!.probe, status: 302, headers: { location: ['https://www.contoso.com/'] } };
    const trap = runCheck(check, { artifacts: { 'http.pox': pox } });
    expect(trap.status).toBe('warn');
    expect(trap.findings[0]?.message).toMatch(/redirect trap/);
    pox[0]!.probe = { ...pox[0]!.probe, status: 200, headers: {} };
    expect(runCheck(check, { artifacts: { 'http.pox': pox } }).findings[0]?.message).toMatch(/non-Exchange/);
  });

  it('is an error when the host never answers', async () => {
    const { input } = await cachedScenario('http-hang');
    expect(runCheck(check, input).status).toBe('error');
  });

  it('warns for a name that does not exist (NXDOMAIN) but cannot decide when the resolver fails', async () => {
    const { input } = await cachedScenario('contoso-ready');
    const pox = structuredClone(input.artifacts!['http.pox']!);
    const base = {
      method: 'POST',
      url: 'https://autodiscover.tailspin.com/autodiscover/autodiscover.xml',
      headers: {},
      redirects: [],
      durationMs: 3,
    };
    pox[0] = {
      host: 'autodiscover.tailspin.com',
      probe: {
        ...base,
        finalUrl: base.url,
        fault: { kind: 'dns', code: 'ENOTFOUND', message: 'autodiscover.tailspin.com does not resolve' },
      },
    };
    expect(runCheck(check, { artifacts: { 'http.pox': pox } }).status).toBe('warn');
    pox[0].probe.fault = { kind: 'dns', code: 'EAI_AGAIN', message: 'resolver failed' };
    expect(runCheck(check, { artifacts: { 'http.pox': pox } }).status).toBe('error');
  });
});
