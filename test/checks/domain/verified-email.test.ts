import { describe, expect, it } from 'vitest';
import check from '../../../checks/domain/verified-email.ts';
import type { AcceptedDomain } from '../../../src/evidence/ldap.ts';
import { runCheck } from '../../helpers/check.ts';
import { graphArtifacts } from '../app/graph-artifacts.ts';

const accepted = (domain: string, type = 'Authoritative'): AcceptedDomain => ({
  dn: `CN=${domain}`,
  name: domain,
  domain,
  type,
  isDefault: false,
  flags: 0,
});

describe('domain.verified-email', () => {
  it('passes for the configured mail domain', () => {
    const r = runCheck(check, {
      artifacts: { 'graph.domains': graphArtifacts()['graph.domains'] },
      settings: { domains: ['contoso.com'] },
    });
    expect(r.status).toBe('pass');
  });

  it('fails for an unverified domain, one without Email, and one not in the tenant', () => {
    const domains = graphArtifacts()['graph.domains'];
    domains[0]!.isVerified = false;
    domains.push({ id: 'fabrikam.com', isVerified: true, supportedServices: ['OfficeCommunicationsOnline'] });
    const r = runCheck(check, {
      artifacts: {
        'graph.domains': domains,
        'ldap.acceptedDomains': [accepted('contoso.com'), accepted('fabrikam.com'), accepted('tailspin.com')],
      },
    });
    expect(r.status).toBe('fail');
    expect(Object.fromEntries(r.findings.map((f) => [f.target.label, f.message]))).toEqual({
      'contoso.com': 'Added to the tenant but not verified',
      'fabrikam.com': 'Verified, but the Email service is not enabled (services: OfficeCommunicationsOnline)',
      'tailspin.com': 'Not added to the tenant',
    });
  });

  it('edge: relay domains and the coexistence domain are not mail domains to verify', () => {
    const r = runCheck(check, {
      artifacts: {
        'graph.domains': graphArtifacts()['graph.domains'],
        'ldap.acceptedDomains': [
          accepted('contoso.com'),
          accepted('partner.example', 'ExternalRelay'),
          accepted('contoso.mail.onmicrosoft.com'),
        ],
      },
    });
    expect(r.status).toBe('pass');
    expect(r.findings.map((f) => f.target.label)).toEqual(['contoso.com']);
  });

  it("edge: without config or LDAP, the users' primary SMTP domains are checked", () => {
    const a = graphArtifacts();
    const r = runCheck(check, {
      artifacts: { 'graph.domains': a['graph.domains'], 'graph.users': a['graph.users'] },
    });
    expect(r.findings.map((f) => [f.target.label, f.status])).toEqual([['contoso.com', 'pass']]);
  });
});
