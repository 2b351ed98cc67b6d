import { describe, expect, it } from 'vitest';
import check from '../../../checks/sync/exchange-hybrid-writeback.ts';
import { runCheck } from '../../helpers/check.ts';
import { ldapArtifacts, user } from '../../helpers/ldap-artifacts.ts';

describe('sync.exchange-hybrid-writeback', () => {
  it('passes when every remote mailbox has msDS-ExternalDirectoryObjectID', () => {
    expect(runCheck(check, { artifacts: { 'ldap.users': ldapArtifacts()['ldap.users'] } }).status).toBe(
      'pass',
    );
  });

  it('warns when the attribute is missing (writeback off)', () => {
    const a = ldapArtifacts();
    delete user(a, 'carol').externalDirectoryObjectId;
    const r = runCheck(check, { artifacts: { 'ldap.users': a['ldap.users'] } });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.evidence?.missing).toEqual(['carol@contoso.com']);
  });

  it('takes the threshold from the options, and is info without remote mailboxes', () => {
    const a = ldapArtifacts();
    delete user(a, 'carol').externalDirectoryObjectId;
    expect(
      runCheck(check, {
        artifacts: { 'ldap.users': a['ldap.users'] },
        setting: { options: { threshold: 0.5 } },
      }).status,
    ).toBe('pass');
    const onprem = a['ldap.users'].filter((u) => u.msExchRecipientTypeDetails !== '2147483648');
    expect(runCheck(check, { artifacts: { 'ldap.users': onprem } }).status).toBe('info');
  });
});
