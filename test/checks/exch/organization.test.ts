import { describe, expect, it } from 'vitest';
import check from '../../../checks/exch/organization.ts';
import { runCheck } from '../../helpers/check.ts';
import { ldapArtifacts } from '../../helpers/ldap-artifacts.ts';

describe('exch.organization', () => {
  it('passes with one organisation and names the dedicated hybrid app', () => {
    const a = ldapArtifacts();
    const r = runCheck(check, { artifacts: { 'ldap.organizations': a['ldap.organizations'] } });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.evidence?.dedicatedHybridAppName).toBe(
      'ExchangeServerApp-6c1f1c7e-2d5a-4b9e-9d3f-0a1b2c3d4e5f',
    );
  });

  it('fails without an organisation', () => {
    const r = runCheck(check, { artifacts: { 'ldap.organizations': [] } });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/not installed/);
  });

  it('fails with two organisations (a half-removed lab org)', () => {
    const a = ldapArtifacts();
    const org = a['ldap.organizations'][0]!;
    const r = runCheck(check, {
      artifacts: {
        'ldap.organizations': [org, { ...org, name: 'Old', dn: org.dn.replace('CN=Contoso', 'CN=Old') }],
      },
    });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/2 Exchange organisations/);
  });
});
