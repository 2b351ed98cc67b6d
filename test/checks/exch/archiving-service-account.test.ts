import { describe, expect, it } from 'vitest';
import check from '../../../checks/exch/archiving-service-account.ts';
import { runCheck } from '../../helpers/check.ts';
import { ldapArtifacts } from '../../helpers/ldap-artifacts.ts';

describe('exch.archiving-service-account', () => {
  it('passes when the account has ApplicationImpersonation through its role group', () => {
    const r = runCheck(check, {
      artifacts: { 'ldap.roleAssignments': ldapArtifacts()['ldap.roleAssignments'] },
    });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toMatch(/through group CN=MailStore Archivers/);
  });

  it('fails when the account has no such assignment', () => {
    const ra = ldapArtifacts()['ldap.roleAssignments'];
    ra.assignments = [];
    const r = runCheck(check, { artifacts: { 'ldap.roleAssignments': ra } });
    expect(r.status).toBe('fail');
  });

  it('fails when the configured account does not exist', () => {
    const ra = ldapArtifacts()['ldap.roleAssignments'];
    delete ra.account;
    ra.configuredAccount = 'svc-archive';
    expect(runCheck(check, { artifacts: { 'ldap.roleAssignments': ra } }).findings[0]?.message).toMatch(
      /was not found/,
    );
  });

  it('is info listing impersonation holders when no account is configured', () => {
    const ra = ldapArtifacts()['ldap.roleAssignments'];
    delete ra.configuredAccount;
    delete ra.account;
    const r = runCheck(check, { artifacts: { 'ldap.roleAssignments': ra } });
    expect(r.status).toBe('info');
    expect(r.findings[0]?.message).toMatch(/MailStore Archivers/);
  });

  it('accepts another role when configured (the role is unconfirmed)', () => {
    const ra = ldapArtifacts()['ldap.roleAssignments'];
    ra.assignments[0]!.roleName = 'Mailbox Import Export';
    expect(runCheck(check, { artifacts: { 'ldap.roleAssignments': ra } }).status).toBe('fail');
    expect(
      runCheck(check, {
        artifacts: { 'ldap.roleAssignments': ra },
        setting: { options: { roles: ['Mailbox Import Export'] } },
      }).status,
    ).toBe('pass');
  });
});
