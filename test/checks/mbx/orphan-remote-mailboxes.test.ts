import { describe, expect, it } from 'vitest';
import check from '../../../checks/mbx/orphan-remote-mailboxes.ts';
import { runCheck } from '../../helpers/check.ts';
import { user } from '../../helpers/ldap-artifacts.ts';
import { exoList, readyList, runOn, runWithList, world } from './data.ts';

describe('mbx.orphan-remote-mailboxes', () => {
  it('passes when bob and carol have their Exchange Online mailboxes', () => {
    const r = runOn(check, world());
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toMatch(/2 of 2 remote mailboxes/);
  });

  it('fails for carol: a RemoteUserMailbox whose cloud mailbox answers 404, unlicensed', () => {
    const w = world();
    w.probe('carol@contoso.com', 'not-in-cloud');
    w.graph('carol@contoso.com').assignedPlans = [];
    const r = runOn(check, w);
    expect(r.status).toBe('fail');
    const f = r.findings.find((x) => x.status === 'fail');
    expect(f?.target.label).toBe('carol@contoso.com');
    expect(f?.message).toMatch(/no enabled Exchange Online plan/);
    expect(f?.evidence).toMatchObject({
      recipientType: 'RemoteUserMailbox',
      targetAddress: 'SMTP:carol@contoso.mail.onmicrosoft.com',
      cloudMailbox: 'mailboxSettings 404 MailboxNotEnabledForRESTAPI',
      remoteRecipientType: ['ProvisionMailbox'],
    });
  });

  it('fails when the remote mailbox has no Entra user at all (not synchronised)', () => {
    const w = world();
    const users = w.users.filter((u) => u.userPrincipalName !== 'bob@contoso.com');
    const r = runCheck(check, {
      artifacts: {
        'ldap.users': w.ldap['ldap.users'],
        'graph.users': users,
        'graph.mailboxProbes': w.probes,
      },
    });
    const f = r.findings.find((x) => x.status === 'fail');
    expect(f?.target.label).toBe('bob@contoso.com');
    expect(f?.message).toMatch(/without an Entra user/);
  });

  it('edge: a deprovisioning remote mailbox says so', () => {
    const w = world();
    user(w.ldap, 'bob').msExchRemoteRecipientType = '12'; // Migrated | DeprovisionMailbox
    w.probe('bob@contoso.com', 'not-in-cloud');
    const f = runOn(check, w).findings.find((x) => x.status === 'fail');
    expect(f?.message).toMatch(/DeprovisionMailbox/);
  });

  it('edge: a remote mailbox left out by the probe budget is one coverage note, not a finding about it', () => {
    const w = world();
    w.probe('carol@contoso.com', undefined);
    const r = runOn(check, w);
    expect(r.status).toBe('info');
    expect(r.findings.map((f) => f.target.label)).not.toContain('carol@contoso.com');
    const note = r.findings.find((x) => x.status === 'info');
    expect(note?.message).toMatch(/1 of 2 remote mailboxes were not verified.*maxMailboxProbes/);
    expect(note?.evidence?.users).toEqual(['carol@contoso.com']);
    expect(runOn(check, w, { notProbed: 'warn' }).status).toBe('warn');
  });

  it('no remote mailboxes: info', () => {
    const w = world();
    for (const u of w.ldap['ldap.users'])
      if (u.msExchRecipientTypeDetails === '2147483648') u.msExchRecipientTypeDetails = '1';
    expect(runOn(check, w).status).toBe('info');
  });
});

// The Exchange Online mailbox list (Get-Mailbox, https://learn.microsoft.com/powershell/module/exchange/get-mailbox):
// a remote mailbox's cloud object is a UserMailbox (RecipientTypeDetails); a MailUser or no row
// means no mailbox. Only a complete list proves absence.
describe('mbx.orphan-remote-mailboxes on the Exchange Online mailbox list', () => {
  it('passes from the list alone (no probes), naming the list as the source', () => {
    const w = world();
    const r = runWithList(check, w, exoList(readyList(w)));
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toMatch(
      /2 of 2 .*2 in the Exchange Online mailbox list; live: Admin API Get-Mailbox/,
    );
  });
  it('fails for carol when the complete list has no row for her', () => {
    const w = world();
    const rows = readyList(w).filter((m) => m.primarySmtpAddress !== 'carol@contoso.com');
    const r = runWithList(check, w, exoList(rows, true));
    expect(r.status).toBe('fail');
    const f = r.findings.find((x) => x.status === 'fail');
    expect(f?.target.label).toBe('carol@contoso.com');
    expect(f?.message).toMatch(/not in the complete Exchange Online mailbox list/);
  });
  it('fails when Exchange Online holds only a MailUser for the remote mailbox', () => {
    const w = world();
    const rows = readyList(w).map((m) =>
      m.primarySmtpAddress === 'bob@contoso.com' ? { ...m, recipientTypeDetails: 'MailUser' } : m,
    );
    const r = runWithList(check, w, exoList(rows));
    expect(r.findings.find((x) => x.status === 'fail')?.message).toMatch(/only a MailUser/);
  });
  it('edge: absence from an incomplete list is a coverage note, never a fail', () => {
    const w = world();
    const rows = readyList(w).filter((m) => m.primarySmtpAddress !== 'carol@contoso.com');
    const r = runWithList(check, w, exoList(rows, false));
    expect(r.status).toBe('info');
    expect(r.findings.find((x) => x.status === 'info')?.message).toMatch(/incomplete: paging stopped/);
  });
  it('edge: the probe answers where an incomplete list cannot', () => {
    const w = world();
    w.probe('carol@contoso.com', 'not-in-cloud');
    const rows = readyList(w).filter((m) => m.primarySmtpAddress !== 'carol@contoso.com');
    const r = runWithList(check, w, exoList(rows, false), { probes: true });
    expect(r.status).toBe('fail');
    expect(r.findings.find((x) => x.status === 'fail')?.message).toMatch(/mailboxSettings 404/);
  });
  it('regression: 821 unprobed remote mailboxes are one info note, not "821 of 822 targets"', () => {
    const w = world();
    const template = w.ldap['ldap.users'].find((u) => u.sAMAccountName === 'bob')!;
    const entra = w.graph('bob@contoso.com');
    for (let i = 0; i < 820; i++) {
      const anchor = Buffer.from(`r${i}`.padEnd(16, '#')).toString('base64');
      const { consistencyGuid: _, ...rest } = template;
      w.ldap['ldap.users'].push({
        ...rest,
        dn: `CN=r${i},OU=Users,DC=corp,DC=contoso,DC=com`,
        sAMAccountName: `r${i}`,
        userPrincipalName: `r${i}@contoso.com`,
        mail: `r${i}@contoso.com`,
        proxyAddresses: [`SMTP:r${i}@contoso.com`],
        objectGuid: anchor,
      });
      w.users.push({
        ...entra,
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        userPrincipalName: `r${i}@contoso.com`,
        mail: `r${i}@contoso.com`,
        proxyAddresses: [`SMTP:r${i}@contoso.com`],
        onPremisesImmutableId: anchor,
      });
    }
    w.probe('carol@contoso.com', undefined);
    const r = runOn(check, w);
    expect(r.status).toBe('info');
    expect(r.message).not.toMatch(/of \d+ targets/);
    expect(r.findings).toHaveLength(2);
    expect(r.findings[0]?.evidence?.count).toBe(821);
  });
  it('skipped with the reason when neither the list nor probes were collected', () => {
    const w = world();
    const r = runCheck(check, { artifacts: { 'ldap.users': w.ldap['ldap.users'], 'graph.users': w.users } });
    expect(r.status).toBe('skipped');
    expect(r.reason).toMatch(/Neither the Exchange Online mailbox list/);
  });
});
