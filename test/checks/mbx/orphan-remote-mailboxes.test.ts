import { describe, expect, it } from 'vitest';
import check from '../../../checks/mbx/orphan-remote-mailboxes.ts';
import { runCheck } from '../../helpers/check.ts';
import { user } from '../../helpers/ldap-artifacts.ts';
import { runOn, world } from './data.ts';

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

  it('edge: a remote mailbox left out by the probe budget warns (options.notProbed: info)', () => {
    const w = world();
    w.probe('carol@contoso.com', undefined);
    const r = runOn(check, w);
    expect(r.status).toBe('warn');
    expect(r.findings.find((x) => x.status === 'warn')?.evidence?.note).toMatch(/maxMailboxProbes/);
    expect(runOn(check, w, { notProbed: 'info' }).status).toBe('info');
  });

  it('no remote mailboxes: info', () => {
    const w = world();
    for (const u of w.ldap['ldap.users'])
      if (u.msExchRecipientTypeDetails === '2147483648') u.msExchRecipientTypeDetails = '1';
    expect(runOn(check, w).status).toBe('info');
  });
});
