import { describe, expect, it } from 'vitest';
import check from '../../../checks/http/autodv2-onprem-user.ts';
import { runCheck } from '../../helpers/check.ts';
import { cachedScenario } from '../../helpers/http.ts';

describe('http.autodv2-onprem-user', () => {
  it('passes when on-prem Autodiscover v2 returns https EWS on the certificate', async () => {
    const { input } = await cachedScenario('contoso-ready');
    const r = runCheck(check, input);
    expect(r.status).toBe('pass');
    const alice = r.findings.find((f) => f.target.label.includes('alice'));
    expect(alice?.message).toContain('https://mail.contoso.com/EWS/Exchange.asmx');
    expect(alice?.evidence?.httpStatus).toBe(200);
    // The remote mailbox asked on-prem is redirected to Exchange Online and recorded.
    const bob = r.findings.find((f) => f.target.label.includes('bob'));
    expect(bob?.evidence?.redirects).toHaveLength(1);
  });

  it('fails on an expired certificate', async () => {
    const { input } = await cachedScenario('http-expired-cert');
    const r = runCheck(check, input);
    expect(r.status).toBe('fail');
    expect(r.findings.find((f) => f.target.label.includes('alice'))?.message).toMatch(/CERT_HAS_EXPIRED/);
  });

  it('fails on a name mismatch', async () => {
    const { input } = await cachedScenario('http-name-mismatch');
    const r = runCheck(check, input);
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID/);
    expect(r.findings[0]?.evidence?.presentedCertificate).toMatchObject({ sans: ['www.fabrikam.com'] });
  });

  it('fails on a redirect loop, with the chain as evidence', async () => {
    const { input } = await cachedScenario('http-redirect-loop');
    const r = runCheck(check, input);
    expect(r.status).toBe('fail');
    const alice = r.findings.find((f) => f.target.label.includes('alice'));
    expect(alice?.message).toMatch(/redirect loop/);
    expect(alice?.evidence?.redirects).toHaveLength(2);
  });

  it('is an error, not a failure, when the server never answers', async () => {
    const { input } = await cachedScenario('http-hang');
    const r = runCheck(check, input);
    expect(r.status).toBe('error');
    expect(r.findings.find((f) => f.target.label.includes('alice'))?.message).toMatch(
      /no answer .* within 1000 ms/,
    );
  });

  // issue 12 item 7: a probe that timed out is unknown (error), never an informational line.
  it('the remote mailbox asked on-prem: a never-answering host is error, not info', async () => {
    const { input } = await cachedScenario('http-hang');
    const r = runCheck(check, input);
    const bob = r.findings.find((f) => f.target.label.includes('bob'));
    expect(bob?.message).toMatch(/Remote mailbox asked on-premises: failed/);
    expect(bob?.status).toBe('error');
  });

  it('fails an EWS URL that is plain http, and is skipped (not warned) when no on-prem sample user is known', async () => {
    const { input } = await cachedScenario('contoso-ready');
    const v2 = structuredClone(input.artifacts!['http.autodv2']!);
    const alice = v2.find((p) => p.user === 'alice@contoso.com' && p.endpoint === 'onprem')!;
    alice.answer = { protocol: 'EWS', url: 'http://mail.contoso.com/EWS/Exchange.asmx' };
    expect(runCheck(check, { artifacts: { ...input.artifacts, 'http.autodv2': v2 } }).status).toBe('fail');

    const targets = structuredClone(input.artifacts!['http.targets']!);
    delete targets.users.onPremises;
    const r = runCheck(check, {
      artifacts: { ...input.artifacts, 'http.targets': targets, 'http.autodv2': [] },
    });
    expect(r.status).toBe('skipped');
    expect(r.findings).toEqual([]);
    expect(r.setting).toBe('probes.onPremisesMailbox');
    expect(r.reason).toMatch(/Set probes\.onPremisesMailbox/);
  });

  it('is skipped without the HTTP source and an error when it failed', () => {
    expect(runCheck(check, { notConfigured: ['http'] }).status).toBe('skipped');
    const r = runCheck(check, { errors: { 'http.autodv2': { message: 'stopped', code: 'ABORTED' } } });
    expect(r.status).toBe('error');
  });
});
