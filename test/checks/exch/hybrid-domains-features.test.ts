import { describe, expect, it } from 'vitest';
import check from '../../../checks/exch/hybrid-domains-features.ts';
import { runCheck } from '../../helpers/check.ts';
import { ldapArtifacts } from '../../helpers/ldap-artifacts.ts';

const input = (a: ReturnType<typeof ldapArtifacts>) => ({
  artifacts: {
    'ldap.hybridConfiguration': a['ldap.hybridConfiguration'],
    'ldap.acceptedDomains': a['ldap.acceptedDomains'],
    'ldap.users': a['ldap.users'],
  },
});

describe('exch.hybrid-domains-features', () => {
  it('passes when every mailbox domain is covered with secure mail', () => {
    const r = runCheck(check, input(ldapArtifacts()));
    expect(r.status).toBe('pass');
  });

  it('warns when a mail domain used by mailboxes is not in the hybrid domains', () => {
    const a = ldapArtifacts();
    a['ldap.acceptedDomains'].push({
      ...a['ldap.acceptedDomains'][0]!,
      domain: 'fabrikam.com',
      name: 'fabrikam.com',
      isDefault: false,
    });
    a['ldap.users'][0]!.proxyAddresses.push('smtp:alice@fabrikam.com');
    const r = runCheck(check, input(a));
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.target.label).toBe('fabrikam.com');
  });

  it('ignores an accepted domain no mailbox uses (edge)', () => {
    const a = ldapArtifacts();
    a['ldap.acceptedDomains'].push({
      ...a['ldap.acceptedDomains'][0]!,
      domain: 'legacy.example',
      name: 'legacy.example',
      isDefault: false,
    });
    expect(runCheck(check, input(a)).status).toBe('pass');
  });

  it('warns when SecureMail is off and the TLS certificate name is malformed', () => {
    const a = ldapArtifacts();
    const hc = a['ldap.hybridConfiguration']!;
    hc.features = hc.features.filter((f) => f !== 'SecureMail');
    hc.tlsCertificateName = 'CN=mail.contoso.com';
    const r = runCheck(check, input(a));
    expect(r.findings.map((f) => f.target.label).sort()).toEqual(['SecureMail', 'TlsCertificateName']);
  });
});
