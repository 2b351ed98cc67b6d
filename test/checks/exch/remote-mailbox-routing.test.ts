import { describe, expect, it } from 'vitest';
import check from '../../../checks/exch/remote-mailbox-routing.ts';
import { runCheck } from '../../helpers/check.ts';
import { ldapArtifacts, SETTINGS, user } from '../../helpers/ldap-artifacts.ts';

describe('exch.remote-mailbox-routing', () => {
  it('passes when bob and carol route to the coexistence domain', () => {
    const r = runCheck(check, {
      artifacts: { 'ldap.users': ldapArtifacts()['ldap.users'] },
      settings: SETTINGS,
    });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toBe('2 of 2 remote mailboxes route to contoso.mail.onmicrosoft.com');
  });

  it('fails when a targetAddress points back on-premises', () => {
    const a = ldapArtifacts();
    user(a, 'bob').targetAddress = 'SMTP:bob@contoso.com';
    const r = runCheck(check, { artifacts: { 'ldap.users': a['ldap.users'] }, settings: SETTINGS });
    expect(r.status).toBe('fail');
    expect(r.findings.find((f) => f.status === 'fail')?.target.label).toBe('bob@contoso.com');
  });

  it('fails when the routing address is not also a proxy address, and when it is empty', () => {
    const a = ldapArtifacts();
    user(a, 'bob').proxyAddresses = ['SMTP:bob@contoso.com'];
    delete user(a, 'carol').targetAddress;
    const r = runCheck(check, { artifacts: { 'ldap.users': a['ldap.users'] }, settings: SETTINGS });
    expect(r.findings.filter((f) => f.status === 'fail').map((f) => f.message)).toEqual([
      'targetAddress SMTP:bob@contoso.mail.onmicrosoft.com is not one of the proxy addresses',
      'targetAddress is empty: mail to this remote mailbox has nowhere to go',
    ]);
  });

  it('warns for a missing msExchMailboxGuid, and is info without remote mailboxes', () => {
    const a = ldapArtifacts();
    delete user(a, 'carol').mailboxGuid;
    expect(runCheck(check, { artifacts: { 'ldap.users': a['ldap.users'] }, settings: SETTINGS }).status).toBe(
      'warn',
    );
    const onprem = a['ldap.users'].filter((u) => u.msExchRecipientTypeDetails !== '2147483648');
    expect(runCheck(check, { artifacts: { 'ldap.users': onprem }, settings: SETTINGS }).status).toBe('info');
  });
});
