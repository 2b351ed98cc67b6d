import { describe, expect, it } from 'vitest';
import check from '../../../checks/exo/accepted-domains.ts';
import type { ExoAcceptedDomain } from '../../../src/evidence/exo.ts';
import type { GraphDomain } from '../../../src/evidence/graph.ts';
import { runCheck } from '../../helpers/check.ts';
import { EXO_DOMAINS, ldapArtifacts, SETTINGS } from './fixtures.ts';

// Rules: Manage accepted domains in Exchange Online
// (https://learn.microsoft.com/exchange/mail-flow-best-practices/manage-accepted-domains/manage-accepted-domains):
// Authoritative / InternalRelay; Directory-Based Edge Blocking needs Authoritative
// (https://learn.microsoft.com/exchange/mail-flow-best-practices/use-directory-based-edge-blocking);
// hybrid prerequisites: the on-premises domains are added and verified in the tenant, remote mailboxes
// route to <tenant>.mail.onmicrosoft.com (https://learn.microsoft.com/exchange/hybrid-deployment-prerequisites).
const graphDomains = (over: Partial<Record<string, boolean>> = {}): GraphDomain[] =>
  Object.entries({ 'contoso.com': true, 'contoso.onmicrosoft.com': true, ...over }).map(
    ([id, isVerified]) => ({
      id,
      isVerified: Boolean(isVerified),
      supportedServices: ['Email'],
    }),
  );
const run = (
  domains: ExoAcceptedDomain[],
  opts: { graph?: GraphDomain[]; options?: Record<string, unknown> } = {},
) => {
  const a = ldapArtifacts();
  return runCheck(check, {
    artifacts: {
      'exo.acceptedDomains': { origin: { via: 'admin-api', cmdlet: 'Get-AcceptedDomain' }, domains },
      'ldap.acceptedDomains': a['ldap.acceptedDomains'],
      'ldap.hybridConfiguration': a['ldap.hybridConfiguration'],
      'graph.domains': opts.graph ?? graphDomains(),
    },
    settings: SETTINGS,
    ...(opts.options ? { setting: { options: opts.options } } : {}),
  });
};

describe('exo.accepted-domains', () => {
  it('passes: contoso.com Authoritative on both sides, the coexistence domain Authoritative', () => {
    const r = run(EXO_DOMAINS);
    expect(r.status).toBe('pass');
    expect(r.findings.map((f) => f.target.label)).toEqual(['contoso.com', 'contoso.mail.onmicrosoft.com']);
    expect(r.findings[0]?.message).toMatch(/verified in Entra\) \[live: Admin API Get-AcceptedDomain\]/);
  });
  it('fails when an on-premises hybrid domain is missing in Exchange Online, saying Entra does not verify it', () => {
    const r = run(
      EXO_DOMAINS.filter((d) => d.domainName !== 'contoso.com'),
      { graph: graphDomains({ 'contoso.com': false }) },
    );
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(
      /not an accepted domain in Exchange Online \(not verified in Entra/,
    );
  });
  it('fails without the coexistence domain', () => {
    const r = run(EXO_DOMAINS.filter((d) => d.domainName !== 'contoso.mail.onmicrosoft.com'));
    expect(r.status).toBe('fail');
    expect(r.findings.find((f) => f.target.label === 'contoso.mail.onmicrosoft.com')?.message).toMatch(
      /targetAddress/,
    );
  });
  it('edge: a shared domain as InternalRelay warns by default and passes when the option allows it', () => {
    const relay = EXO_DOMAINS.map((d) =>
      d.domainName === 'contoso.com' ? { ...d, domainType: 'InternalRelay' } : d,
    );
    expect(run(relay).status).toBe('warn');
    expect(run(relay, { options: { sharedDomainTypes: ['Authoritative', 'InternalRelay'] } }).status).toBe(
      'pass',
    );
  });
  it('edge: an accepted domain Entra does not verify is flagged', () => {
    const r = run([...EXO_DOMAINS, { domainName: 'old.example', domainType: 'Authoritative' }]);
    expect(r.status).toBe('warn');
    expect(r.findings.find((f) => f.target.label === 'old.example')?.message).toMatch(
      /not a domain of the tenant in Entra/,
    );
  });
});
