import { describe, expect, it } from 'vitest';
import check from '../../../checks/sync/duplicate-proxy-addresses.ts';
import { runCheck } from '../../helpers/check.ts';
import { ldapArtifacts, user } from '../../helpers/ldap-artifacts.ts';

describe('sync.duplicate-proxy-addresses', () => {
  it('passes when every SMTP address has one owner', () => {
    const a = ldapArtifacts();
    const r = runCheck(check, {
      artifacts: { 'ldap.users': a['ldap.users'], 'ldap.mailObjects': a['ldap.mailObjects'] },
    });
    expect(r.status).toBe('pass');
  });

  it('fails when a group reuses a user address, case-insensitively', () => {
    const a = ldapArtifacts();
    a['ldap.mailObjects'][0]!.proxyAddresses.push('smtp:ALICE@contoso.com');
    const r = runCheck(check, {
      artifacts: { 'ldap.users': a['ldap.users'], 'ldap.mailObjects': a['ldap.mailObjects'] },
    });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.target.label).toBe('alice@contoso.com');
    expect(r.findings[0]?.evidence?.objects).toHaveLength(2);
  });

  it('does not count the same address twice on one object, and links Entra provisioning errors', () => {
    const a = ldapArtifacts();
    user(a, 'dave').proxyAddresses.push('smtp:DAVE@contoso.com');
    expect(runCheck(check, { artifacts: { 'ldap.users': a['ldap.users'] } }).status).toBe('pass');
    user(a, 'carol').proxyAddresses.push('smtp:dave@contoso.com');
    const r = runCheck(check, {
      artifacts: {
        'ldap.users': a['ldap.users'],
        'graph.users': [
          {
            id: '1',
            userPrincipalName: 'carol@contoso.com',
            proxyAddresses: [],
            onPremisesProvisioningErrors: [
              {
                category: 'PropertyConflict',
                propertyCausingError: 'ProxyAddress',
                value: 'SMTP:dave@contoso.com',
              },
            ],
          },
        ],
      },
    });
    expect(r.findings[0]?.evidence?.entraProvisioningErrors).toEqual(['carol@contoso.com']);
  });
});
