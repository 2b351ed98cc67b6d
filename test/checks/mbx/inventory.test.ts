import { describe, expect, it } from 'vitest';
import check from '../../../checks/mbx/inventory.ts';
import { runCheck } from '../../helpers/check.ts';
import { user } from '../../helpers/ldap-artifacts.ts';
import { cloudOnlyUser, exoList, readyList, runWithList, world } from './data.ts';

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

describe('mbx.inventory: probe coverage with the mailbox list', () => {
  const coverage = (complete: boolean) => {
    const w = world();
    // The probe budget reached only alice and bob; the list is the only word on carol and dave.
    w.probe('carol@contoso.com', undefined);
    w.probe('dave@contoso.com', undefined);
    // An incomplete list (paging stopped) lacks their rows: nothing answers for them.
    const rows = readyList(w).filter((m) => complete || !/^(carol|dave)@/.test(m.primarySmtpAddress));
    const r = runWithList(check, w, exoList(rows, complete), { probes: true });
    return r.findings.find((f) => f.target.label === 'cloud mailbox probes');
  };

  it('users the complete list answers for are covered, not "not probed"', () => {
    const f = coverage(true);
    expect(f?.message).toBe(
      'All 4 synchronised mailbox users answered: 2 by the complete Exchange Online mailbox list alone, 2 probed',
    );
    expect(f?.evidence).toMatchObject({ answeredByMailboxList: 2, notProbed: [] });
  });

  it('edge: an incomplete list without their rows answers for nobody: the budget note stays', () => {
    const f = coverage(false);
    expect(f?.message).toMatch(/^2 of 4 synchronised mailbox users probed; 2 user\(s\) were not probed/);
    expect(f?.evidence?.notProbed).toEqual(['dave@contoso.com', 'carol@contoso.com']); // on-premises first
  });
});
