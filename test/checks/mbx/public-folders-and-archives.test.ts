import { describe, expect, it } from 'vitest';
import check, { archiveKind } from '../../../checks/mbx/public-folders-and-archives.ts';
import { runCheck } from '../../helpers/check.ts';
import { ldapArtifacts, user } from '../../helpers/ldap-artifacts.ts';
import { exoList, readyList, world } from './data.ts';

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

// Archives on the Exchange Online list: Get-Mailbox ArchiveStatus / ArchiveGuid
// (https://learn.microsoft.com/powershell/module/exchange/get-mailbox); Graph cannot read in-place
// archives (https://learn.microsoft.com/graph/api/resources/mail-api-overview).
describe('mbx.public-folders-and-archives with the Exchange Online mailbox list', () => {
  it('names a cloud archive the list shows and AD does not, and a cloud-only mailbox with an archive', () => {
    const w = world();
    const rows = readyList(w).map((m) =>
      m.primarySmtpAddress === 'bob@contoso.com' ? { ...m, archiveStatus: 'Active' } : m,
    );
    rows.push({
      primarySmtpAddress: 'eve@contoso.com',
      recipientTypeDetails: 'UserMailbox',
      isDirSynced: false,
      archiveGuid: '12345678-1234-4234-8234-123456789abc',
    });
    const r = runCheck(check, {
      artifacts: { 'ldap.users': w.ldap['ldap.users'], 'exo.mailboxes': exoList(rows) },
    });
    const bob = r.findings.find((f) => f.target.label === 'bob@contoso.com');
    expect(bob?.message).toMatch(/ArchiveStatus Active in the Exchange Online mailbox list/);
    const eve = r.findings.find((f) => f.target.label === 'eve@contoso.com');
    expect(eve?.message).toMatch(/Cloud-only UserMailbox with an archive/);
  });
  it('edge: a zero ArchiveGuid with ArchiveStatus None is no archive', () => {
    const w = world();
    const rows = readyList(w).map((m) => ({
      ...m,
      archiveStatus: 'None',
      archiveGuid: '00000000-0000-0000-0000-000000000000',
    }));
    const r = runCheck(check, {
      artifacts: { 'ldap.users': w.ldap['ldap.users'], 'exo.mailboxes': exoList(rows) },
    });
    expect(r.findings.some((f) => /in the Exchange Online mailbox list/.test(f.message))).toBe(false);
  });
});
