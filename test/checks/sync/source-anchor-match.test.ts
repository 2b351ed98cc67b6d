import { describe, expect, it } from 'vitest';
import check from '../../../checks/sync/source-anchor-match.ts';
import type { GraphUser } from '../../../src/evidence/graph.ts';
import { runCheck } from '../../helpers/check.ts';
import { ldapArtifacts, user } from '../../helpers/ldap-artifacts.ts';

/** Entra users as the Graph fixtures of contoso-ready show them (same anchors). */
function graphUsers(): GraphUser[] {
  const g = (sam: string, name: string, id: string, anchor: string): GraphUser => ({
    id,
    userPrincipalName: `${sam}@contoso.com`,
    proxyAddresses: [`SMTP:${sam}@contoso.com`],
    onPremisesSyncEnabled: true,
    onPremisesImmutableId: anchor,
    onPremisesDistinguishedName: `CN=${name},OU=Users,OU=Contoso,DC=corp,DC=contoso,DC=com`,
    onPremisesSamAccountName: sam,
  });
  return [
    g('alice', 'Alice Anders', '0b4f9b0c-6e43-4f6b-9a4d-2f1f5d5a9e01', 'q2pWyJ3+5UiqoeO2l0VBAQ=='),
    g('bob', 'Bob Baker', '5d7c2e19-0a0b-4a11-8c8e-bb4f0e2c9a02', 'Jm0XQ8hM0U6cE2kq3J1uvw=='),
    g('carol', 'Carol Clark', '9e3a7c11-4b2d-4f8e-a1c3-5d6e7f809a03', 'y8aLq0TXtUOq1x6VNWq0yA=='),
    g('dave', 'Dave Davis', '2f6d8b44-7a1e-4c3b-9e5d-6a7b8c9d0a04', '3q2+78r+3q3erb7vyv7erQ=='),
  ];
}

describe('sync.source-anchor-match', () => {
  it('passes when every mailbox user matches by anchor (ConsistencyGuid or objectGUID)', () => {
    const r = runCheck(check, {
      artifacts: { 'ldap.users': ldapArtifacts()['ldap.users'], 'graph.users': graphUsers() },
    });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.evidence?.anchors).toEqual({ 'mS-DS-ConsistencyGuid': 2, objectGUID: 2 });
  });

  it('fails when a re-created AD account has a new objectGUID (joined by DN)', () => {
    const a = ldapArtifacts();
    user(a, 'dave').objectGuid = 'ESIzRFVmd4iZqrvM3e7/AA==';
    const r = runCheck(check, { artifacts: { 'ldap.users': a['ldap.users'], 'graph.users': graphUsers() } });
    const bad = r.findings.find((f) => f.status === 'fail');
    expect(bad?.target.label).toBe('dave@contoso.com');
    expect(bad?.evidence?.joinedBy).toBe('distinguishedName');
    expect(bad?.message).toMatch(/44332211-6655-8877-99aa-bbccddeeff00/);
  });

  it('fails for a mailbox user with no Entra counterpart, but ignores service accounts', () => {
    const g = graphUsers().filter((u) => u.onPremisesSamAccountName !== 'bob');
    const r = runCheck(check, {
      artifacts: { 'ldap.users': ldapArtifacts()['ldap.users'], 'graph.users': g },
    });
    expect(r.findings.filter((f) => f.status === 'fail').map((f) => f.target.label)).toEqual([
      'bob@contoso.com',
    ]);
  });

  it('joins by sAMAccountName when DN and anchor differ (moved OU, new GUID)', () => {
    const a = ldapArtifacts();
    const carol = user(a, 'carol');
    carol.dn = carol.dn.replace('OU=Users', 'OU=Moved');
    carol.objectGuid = 'AAAAAAAAAAAAAAAAAAAAAA==';
    const r = runCheck(check, { artifacts: { 'ldap.users': a['ldap.users'], 'graph.users': graphUsers() } });
    expect(r.findings.find((f) => f.status === 'fail')?.evidence?.joinedBy).toBe('sAMAccountName');
  });

  it('is skipped when Graph is not configured', () => {
    const r = runCheck(check, {
      artifacts: { 'ldap.users': ldapArtifacts()['ldap.users'] },
      notConfigured: ['graph'],
    });
    expect(r.status).toBe('skipped');
  });
});
