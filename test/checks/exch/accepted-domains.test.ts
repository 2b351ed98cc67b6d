import { describe, expect, it } from 'vitest';
import check from '../../../checks/exch/accepted-domains.ts';
import { runCheck } from '../../helpers/check.ts';
import { ldapArtifacts } from '../../helpers/ldap-artifacts.ts';

describe('exch.accepted-domains', () => {
  it('lists each domain with its decoded type', () => {
    const r = runCheck(check, {
      artifacts: { 'ldap.acceptedDomains': ldapArtifacts()['ldap.acceptedDomains'] },
    });
    expect(r.status).toBe('info');
    expect(r.findings.map((f) => `${f.target.label}: ${f.message}`)).toEqual([
      'contoso.com: Authoritative, default',
      'contoso.mail.onmicrosoft.com: Authoritative, coexistence (routing) domain',
    ]);
  });

  it('reports an empty list without failing', () => {
    const r = runCheck(check, { artifacts: { 'ldap.acceptedDomains': [] } });
    expect(r.status).toBe('info');
    expect(r.findings[0]?.message).toMatch(/No accepted domains/);
  });

  it('decodes an internal relay domain (flags 2)', () => {
    const d = ldapArtifacts()['ldap.acceptedDomains'][0]!;
    const r = runCheck(check, {
      artifacts: { 'ldap.acceptedDomains': [{ ...d, flags: 2, type: 'InternalRelay', isDefault: false }] },
    });
    expect(r.findings[0]?.message).toBe('InternalRelay');
  });
});
