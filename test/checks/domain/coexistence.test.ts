import { describe, expect, it } from 'vitest';
import check from '../../../checks/domain/coexistence.ts';
import type { AcceptedDomain } from '../../../src/evidence/ldap.ts';
import { runCheck } from '../../helpers/check.ts';
import { graphArtifacts } from '../app/graph-artifacts.ts';

const accepted = (domain: string): AcceptedDomain => ({
  dn: `CN=${domain}`,
  name: domain,
  domain,
  type: 'Authoritative',
  isDefault: false,
  flags: 0,
});

describe('domain.coexistence', () => {
  it('passes when the tenant has contoso.mail.onmicrosoft.com (and says the on-prem side was not checked)', () => {
    const r = runCheck(check, { artifacts: { 'graph.domains': graphArtifacts()['graph.domains'] } });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.target.label).toBe('contoso.mail.onmicrosoft.com');
    expect(r.findings[0]?.message).toMatch(/no LDAP data/);
  });

  it('fails when the tenant lacks it', () => {
    const domains = graphArtifacts()['graph.domains'].filter((d) => d.id !== 'contoso.mail.onmicrosoft.com');
    expect(runCheck(check, { artifacts: { 'graph.domains': domains } }).status).toBe('fail');
  });

  it('fails when it is not an on-prem accepted domain; passes when it is', () => {
    const domains = graphArtifacts()['graph.domains'];
    expect(
      runCheck(check, {
        artifacts: { 'graph.domains': domains, 'ldap.acceptedDomains': [accepted('contoso.com')] },
      }).status,
    ).toBe('fail');
    const both = runCheck(check, {
      artifacts: {
        'graph.domains': domains,
        'ldap.acceptedDomains': [accepted('contoso.com'), accepted('Contoso.Mail.OnMicrosoft.com')],
      },
    });
    expect(both.status).toBe('pass');
  });

  it('edge: the name comes from the initial domain, not from a hard-coded tenant', () => {
    const domains = [
      { id: 'fabrikamcorp.onmicrosoft.com', isVerified: true, isInitial: true, supportedServices: ['Email'] },
      { id: 'contoso.mail.onmicrosoft.com', isVerified: true, supportedServices: ['Email'] },
    ];
    const r = runCheck(check, { artifacts: { 'graph.domains': domains } });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.target.label).toBe('fabrikamcorp.mail.onmicrosoft.com');
  });
});
