import { describe, expect, it } from 'vitest';
import check from '../../../checks/sync/provisioning-errors.ts';
import type { AdUser } from '../../../src/evidence/ldap.ts';
import { runCheck } from '../../helpers/check.ts';
import { graphArtifacts } from '../app/graph-artifacts.ts';

const conflict = [
  {
    category: 'PropertyConflict',
    occurredDateTime: '2026-05-18T11:02:00Z',
    propertyCausingError: 'ProxyAddress',
    value: 'smtp:sales@contoso.com',
  },
];
const withError = (upn: string) => {
  const users = graphArtifacts()['graph.users'];
  users.find((u) => u.userPrincipalName === upn)!.onPremisesProvisioningErrors = conflict;
  return users;
};

describe('sync.provisioning-errors', () => {
  it('passes with no provisioning errors', () => {
    expect(runCheck(check, { artifacts: { 'graph.users': graphArtifacts()['graph.users'] } }).status).toBe(
      'pass',
    );
  });

  it('fails for a mailbox owner (Exchange Online plan / probe)', () => {
    const r = runCheck(check, {
      artifacts: {
        'graph.users': withError('bob@contoso.com'),
        'graph.mailboxProbes': {
          'bob@contoso.com': {
            userId: 'x',
            userPrincipalName: 'bob@contoso.com',
            reason: 'directory-sync provisioning error',
            mailbox: 'cloud',
          },
        },
      },
    });
    expect(r.status).toBe('fail');
    expect(r.findings[0]).toMatchObject({ target: { label: 'bob@contoso.com' } });
    expect(r.findings[0]?.message).toContain('ProxyAddress');
  });

  it('uses AD msExchRecipientTypeDetails when LDAP ran: an on-prem mailbox fails, a plain user warns', () => {
    const ad: AdUser[] = [
      {
        dn: 'CN=Alice Anders,OU=Users,OU=Contoso,DC=corp,DC=contoso,DC=com',
        proxyAddresses: [],
        objectGuid: 'q2pWyJ3+5UiqoeO2l0VBAQ==',
        msExchRecipientTypeDetails: '1',
      },
      {
        dn: 'CN=Dave Davis,OU=Users,OU=Contoso,DC=corp,DC=contoso,DC=com',
        proxyAddresses: [],
        objectGuid: '3q2+78r+3q3erb7vyv7erQ==',
      },
    ];
    expect(
      runCheck(check, { artifacts: { 'graph.users': withError('alice@contoso.com'), 'ldap.users': ad } })
        .status,
    ).toBe('fail');
    const dave = runCheck(check, {
      artifacts: { 'graph.users': withError('dave@contoso.com'), 'ldap.users': ad },
    });
    expect(dave.status).toBe('warn');
  });

  it('edge: without AD data or a probe the mailbox is unknown: warn, and say so', () => {
    const r = runCheck(check, { artifacts: { 'graph.users': withError('alice@contoso.com') } });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/mailbox unknown/);
  });
});
