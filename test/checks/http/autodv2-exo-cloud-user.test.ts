import { describe, expect, it } from 'vitest';
import check from '../../../checks/http/autodv2-exo-cloud-user.ts';
import { runCheck } from '../../helpers/check.ts';
import { cachedScenario, collectScenario } from '../../helpers/http.ts';

describe('http.autodv2-exo-cloud-user', () => {
  it('passes when EXO Autodiscover returns Exchange Online EWS for the cloud mailbox', async () => {
    const { input } = await cachedScenario('contoso-ready');
    const r = runCheck(check, input);
    expect(r.status).toBe('pass');
    expect(r.findings[0]).toMatchObject({ target: { label: 'bob@contoso.com' } });
    expect(r.findings[0]?.message).toContain('https://outlook.office365.com/EWS/Exchange.asmx');
  });

  it('fails when the "cloud" user is really on-premises (EXO redirects, the chain ends on-prem)', async () => {
    const { input } = await collectScenario('contoso-ready', (c) => ({
      ...c,
      probes: { ...(c.probes as object), cloudMailbox: 'dave@contoso.com' },
    }));
    const r = runCheck(check, input);
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/mail\.contoso\.com.*not in Exchange Online/);
    expect(r.findings[0]?.evidence?.redirects).toHaveLength(1);
  });

  it('fails for a user Exchange Online does not know (404)', async () => {
    const { input } = await collectScenario('contoso-ready', (c) => ({
      ...c,
      probes: { ...(c.probes as object), cloudMailbox: 'nobody@contoso.com' },
    }));
    const r = runCheck(check, input);
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/HTTP 404/);
  });

  it('still passes when on-prem never answers (EXO is independent of it)', async () => {
    const { input } = await cachedScenario('http-hang');
    expect(runCheck(check, input).status).toBe('pass');
  });
});
