import { describe, expect, it } from 'vitest';
import check from '../../../checks/http/autodv2-exo-onprem-redirect.ts';
import { runCheck } from '../../helpers/check.ts';
import { cachedScenario, collectScenario } from '../../helpers/http.ts';

describe('http.autodv2-exo-onprem-redirect', () => {
  it('passes on a 302 from EXO to the on-prem Autodiscover host, without following it', async () => {
    const { input } = await cachedScenario('contoso-ready');
    const r = runCheck(check, input);
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.evidence).toMatchObject({ httpStatus: 302 });
    expect(r.findings[0]?.evidence?.redirects).toBeUndefined();
  });

  it('warns when EXO answers with its own EWS URL (the user also has a cloud mailbox)', async () => {
    const { input } = await collectScenario('contoso-ready', (c) => ({
      ...c,
      probes: { ...(c.probes as object), onPremisesMailbox: 'carol@contoso.com' },
    }));
    const r = runCheck(check, input);
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/also has a cloud mailbox/);
  });

  it('warns when EXO does not know the user, and when it redirects to an unknown host', async () => {
    const { input } = await collectScenario('contoso-ready', (c) => ({
      ...c,
      probes: { ...(c.probes as object), onPremisesMailbox: 'nobody@contoso.com' },
    }));
    const r = runCheck(check, input);
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/HTTP 404/);

    const ok = await cachedScenario('contoso-ready');
    const v2 = structuredClone(ok.input.artifacts!['http.autodv2']!);
    const p = v2.find((x) => x.endpoint === 'exo' && x.userKind === 'onPremises')!;
    p.probe.headers.location = [
      'https://autodiscover.fabrikam.net/autodiscover/autodiscover.json/v1.0/alice@contoso.com',
    ];
    const odd = runCheck(check, { artifacts: { ...ok.input.artifacts, 'http.autodv2': v2 } });
    expect(odd.status).toBe('warn');
    expect(odd.findings[0]?.message).toMatch(/not a known on-premises Autodiscover host/);
  });
});
