import { describe, expect, it } from 'vitest';
import check from '../../../checks/ad/rootdse.ts';
import { runCheck } from '../../helpers/check.ts';
import { ldapArtifacts } from '../../helpers/ldap-artifacts.ts';

describe('ad.rootdse', () => {
  it('passes when the naming contexts are readable', () => {
    const a = ldapArtifacts();
    const r = runCheck(check, { artifacts: { 'ldap.rootDse': a['ldap.rootDse'] } });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toContain('DC=corp,DC=contoso,DC=com');
  });

  it('fails when the rootDSE lacks the configuration naming context', () => {
    const a = ldapArtifacts();
    delete a['ldap.rootDse'].configurationNamingContext;
    const r = runCheck(check, { artifacts: { 'ldap.rootDse': a['ldap.rootDse'] } });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/configurationNamingContext/);
  });

  it('warns when the read went over plain LDAP with a password (allowInsecure)', () => {
    const a = ldapArtifacts();
    a['ldap.rootDse'].transport = 'ldap';
    const r = runCheck(check, { artifacts: { 'ldap.rootDse': a['ldap.rootDse'] } });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/unencrypted/);
  });

  it('is an error with the cause when the bind failed', () => {
    const r = runCheck(check, {
      errors: {
        'ldap.rootDse': { message: 'result 49 invalidCredentials, AD sub-code 52e', code: 'AUTH_FAILED' },
      },
    });
    expect(r.status).toBe('error');
    expect(r.reason).toMatch(/52e/);
  });
});
