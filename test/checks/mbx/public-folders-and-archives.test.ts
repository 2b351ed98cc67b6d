import { describe, expect, it } from 'vitest';
import check, { archiveKind } from '../../../checks/mbx/public-folders-and-archives.ts';
import { runCheck } from '../../helpers/check.ts';
import { ldapArtifacts, user } from '../../helpers/ldap-artifacts.ts';

const ARCHIVE_GUID = 'q2pWyJ3+5UiqoeO2l0VBAg==';

function run(a: ReturnType<typeof ldapArtifacts>) {
  return runCheck(check, {
    artifacts: { 'ldap.users': a['ldap.users'], 'ldap.hybridConfiguration': a['ldap.hybridConfiguration'] },
  });
}

describe('mbx.public-folders-and-archives', () => {
  it('contoso-ready: no public folders, no archives (info)', () => {
    const r = run(ldapArtifacts());
    expect(r.status).toBe('info');
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]?.message).toBe('No public folder mailboxes and no archive mailboxes in AD');
  });

  it('lists a public folder mailbox and an on-prem mailbox with its archive in Exchange Online', () => {
    const a = ldapArtifacts();
    const pf = structuredClone(user(a, 'dave'));
    Object.assign(pf, {
      dn: 'CN=PF01,CN=Users,DC=corp,DC=contoso,DC=com',
      userPrincipalName: 'PF01@corp.contoso.com',
      sAMAccountName: 'PF01',
      msExchRecipientTypeDetails: '68719476736',
    });
    a['ldap.users'].push(pf);
    Object.assign(user(a, 'alice'), {
      msExchRemoteRecipientType: '2',
      msExchArchiveStatus: '1',
      archiveGuid: ARCHIVE_GUID,
      archiveName: 'In-Place Archive - Alice Anders',
    });
    const r = run(a);
    expect(r.status).toBe('info');
    expect(r.findings.find((f) => f.target.label === 'PF01@corp.contoso.com')?.message).toMatch(
      /Public folder mailbox/,
    );
    const alice = r.findings.find((f) => f.target.label === 'alice@contoso.com');
    expect(alice?.evidence).toMatchObject({
      archive: 'cloud-archive-of-onprem',
      msExchArchiveGuid: ARCHIVE_GUID,
    });
    expect(alice?.message).toMatch(/Graph cannot read it/);
  });

  it('edge: archive location from AD attributes', () => {
    const a = ldapArtifacts();
    const alice = user(a, 'alice');
    expect(archiveKind(alice)).toBe('none');
    // an all-zero GUID is no archive
    expect(archiveKind({ ...alice, archiveGuid: 'AAAAAAAAAAAAAAAAAAAAAA==' })).toBe('none');
    expect(
      archiveKind({ ...alice, archiveGuid: ARCHIVE_GUID, archiveDatabase: 'CN=DB02,CN=Databases' }),
    ).toBe('onprem-archive');
    expect(
      archiveKind({ ...user(a, 'bob'), archiveGuid: ARCHIVE_GUID, msExchRemoteRecipientType: '6' }),
    ).toBe('cloud-archive');
  });

  it('edge: a cloud archive without the OnlineArchive hybrid feature is pointed out', () => {
    const a = ldapArtifacts();
    Object.assign(user(a, 'dave'), { msExchRemoteRecipientType: '2', archiveGuid: ARCHIVE_GUID });
    const hc = a['ldap.hybridConfiguration'];
    if (!hc) throw new Error('fixture has a HybridConfiguration');
    hc.features = hc.features.filter((f) => f !== 'OnlineArchive');
    const f = run(a).findings.find((x) => x.target.label === 'dave@contoso.com');
    expect(f?.message).toMatch(/does not list the OnlineArchive feature/);
  });
});
