import { describe, expect, it } from 'vitest';
import check from '../../../checks/mbx/inventory.ts';
import { runCheck } from '../../helpers/check.ts';
import { user } from '../../helpers/ldap-artifacts.ts';
import { cloudOnlyUser, exoList, readyList, world } from './data.ts';

function run(w: ReturnType<typeof world>) {
  return runCheck(check, {
    artifacts: {
      'ldap.users': w.ldap['ldap.users'],
      'graph.users': w.users,
      'graph.mailboxProbes': w.probes,
    },
  });
}

describe('mbx.inventory', () => {
  it('counts contoso-ready: 2 on-prem, 2 remote, no cloud-only, every mailbox user probed', () => {
    const r = run(world());
    expect(r.status).toBe('info');
    const by = (t: string) => r.findings.find((f) => f.target.label === t);
    expect(by('on-premises')?.evidence).toMatchObject({
      count: 2,
      byType: { UserMailbox: 2 },
      users: ['alice@contoso.com', 'dave@contoso.com'],
    });
    expect(by('Exchange Online (remote mailboxes)')?.evidence).toMatchObject({
      count: 2,
      byType: { RemoteUserMailbox: 2 },
      byProbe: { cloud: 2 },
    });
    expect(by('Exchange Online (cloud-only)')?.evidence?.count).toBe(0);
    expect(by('cloud mailbox probes')?.message).toBe(
      'All 4 synchronised mailbox users probed (mailboxSettings)',
    );
  });

  it('counts types and cloud-only mailboxes by userPurpose', () => {
    const w = world();
    user(w.ldap, 'dave').msExchRecipientTypeDetails = '4';
    user(w.ldap, 'carol').msExchRecipientTypeDetails = '34359738368';
    w.users.push(cloudOnlyUser('erin@contoso.com'));
    w.probe('erin@contoso.com', 'cloud', 'equipment');
    const r = run(w);
    expect(r.findings.find((f) => f.target.label === 'on-premises')?.message).toMatch(
      /1 UserMailbox, 1 SharedMailbox/,
    );
    expect(
      r.findings.find((f) => f.target.label === 'Exchange Online (remote mailboxes)')?.evidence?.byType,
    ).toEqual({
      RemoteUserMailbox: 1,
      RemoteSharedMailbox: 1,
    });
    expect(r.findings.find((f) => f.target.label === 'Exchange Online (cloud-only)')?.evidence).toMatchObject(
      {
        count: 1,
        byUserPurpose: { equipment: 1 },
      },
    );
  });

  it('edge: says how many mailbox users the probe budget left out, and lists public folders', () => {
    const w = world();
    w.probe('dave@contoso.com', undefined);
    user(w.ldap, 'alice').msExchRecipientTypeDetails = '68719476736';
    const r = run(w);
    const cov = r.findings.find((f) => f.target.label === 'cloud mailbox probes');
    expect(cov?.message).toMatch(/^2 of 3 synchronised mailbox users probed; 1 user\(s\) were not probed/);
    expect(cov?.evidence?.notProbed).toEqual(['dave@contoso.com']);
    expect(r.findings.find((f) => f.target.label === 'public folders')?.evidence?.count).toBe(1);
  });

  it('edge: without Graph the inventory comes from AD alone and says so', () => {
    const w = world();
    const r = runCheck(check, {
      artifacts: { 'ldap.users': w.ldap['ldap.users'] },
      notConfigured: ['graph'],
    });
    expect(r.status).toBe('info');
    expect(r.findings.find((f) => f.target.label === 'cloud mailbox probes')?.message).toMatch(
      /from AD alone/,
    );
  });
});

describe('mbx.inventory with the Exchange Online mailbox list', () => {
  it('counts the list by RecipientTypeDetails and says when it is incomplete', () => {
    const w = world();
    const r = runCheck(check, {
      artifacts: { 'ldap.users': w.ldap['ldap.users'], 'exo.mailboxes': exoList(readyList(w), false) },
    });
    const f = r.findings.find((x) => x.target.label === 'Exchange Online mailbox list');
    expect(f?.message).toMatch(
      /4 row\(s\).*2 UserMailbox, 2 MailUser.*incomplete.*live: Admin API Get-Mailbox/,
    );
  });
});
