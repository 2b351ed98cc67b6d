import { describe, expect, it } from 'vitest';
import check from '../../../checks/exch/email-address-policy-coexistence.ts';
import { runCheck } from '../../helpers/check.ts';
import { ldapArtifacts, SETTINGS } from '../../helpers/ldap-artifacts.ts';

describe('exch.email-address-policy-coexistence', () => {
  it('passes when the policy stamps the coexistence address', () => {
    const r = runCheck(check, {
      artifacts: { 'ldap.emailAddressPolicies': ldapArtifacts()['ldap.emailAddressPolicies'] },
      settings: SETTINGS,
    });
    expect(r.status).toBe('pass');
  });

  it('warns when the template is missing', () => {
    const p = ldapArtifacts()['ldap.emailAddressPolicies'];
    p[0]!.templates = ['SMTP:@contoso.com'];
    const r = runCheck(check, { artifacts: { 'ldap.emailAddressPolicies': p }, settings: SETTINGS });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/smtp:@contoso.mail.onmicrosoft.com/);
  });

  it('warns (cannot tell) without a tenant, and takes the domain from the option', () => {
    const p = ldapArtifacts()['ldap.emailAddressPolicies'];
    expect(runCheck(check, { artifacts: { 'ldap.emailAddressPolicies': p } }).findings[0]?.message).toMatch(
      /coexistence domain is unknown/,
    );
    const r = runCheck(check, {
      artifacts: { 'ldap.emailAddressPolicies': p },
      setting: { options: { coexistenceDomain: 'contoso.mail.onmicrosoft.com' } },
    });
    expect(r.status).toBe('pass');
  });

  it('warns when no policy is found (names unconfirmed for 2016+)', () => {
    const r = runCheck(check, { artifacts: { 'ldap.emailAddressPolicies': [] }, settings: SETTINGS });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/unconfirmed/);
  });
});
