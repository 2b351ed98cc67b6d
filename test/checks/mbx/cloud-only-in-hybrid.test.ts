import { describe, expect, it } from 'vitest';
import check from '../../../checks/mbx/cloud-only-in-hybrid.ts';
import { runCheck } from '../../helpers/check.ts';
import { cloudOnlyUser, exoList, readyList, runOn, runWithList, world } from './data.ts';

describe('mbx.cloud-only-in-hybrid', () => {
  it('passes: the cloud-only admin has no mailbox', () => {
    const r = runOn(check, world());
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toMatch(/1 cloud-only user\(s\), 1 without a mailbox/);
  });

  it('warns for erin: a mailbox created in the cloud, not synchronised', () => {
    const w = world();
    w.users.push(cloudOnlyUser('erin@contoso.com'));
    w.probe('erin@contoso.com', 'cloud', 'shared');
    const r = runOn(check, w);
    expect(r.status).toBe('warn');
    const f = r.findings.find((x) => x.status === 'warn');
    expect(f?.target.label).toBe('erin@contoso.com');
    expect(f?.message).toMatch(/Cloud-only Exchange Online mailbox \(shared\)/);
    expect(f?.evidence).toMatchObject({
      primarySmtp: 'erin@contoso.com',
      onPremisesSyncEnabled: null,
      cloudMailbox: 'mailboxSettings 200 (userPurpose shared)',
    });
  });

  it('edge: options.allow accepts a named exception (e.g. a break-glass account)', () => {
    const w = world();
    w.users.push(cloudOnlyUser('erin@contoso.com'));
    w.probe('erin@contoso.com', 'cloud');
    expect(runOn(check, w, { allow: ['*@contoso.com'] }).status).toBe('pass');
    expect(runOn(check, w, { allow: ['ERIN@contoso.com'] }).status).toBe('pass');
    expect(runOn(check, w, { allow: ['frank@contoso.com'] }).status).toBe('warn');
  });

  it('edge: a licensed cloud-only user the budget left out is reported as info, not a pass in silence', () => {
    const w = world();
    w.users.push(cloudOnlyUser('erin@contoso.com'));
    const r = runOn(check, w);
    expect(r.status).toBe('info');
    const info = r.findings.find((x) => x.status === 'info');
    expect(info?.evidence).toMatchObject({ users: ['erin@contoso.com'] });
    expect(info?.evidence?.note).toMatch(/maxMailboxProbes/);
  });

  it('runs from Graph alone (LDAP not configured)', () => {
    const w = world();
    const r = runCheck(check, {
      artifacts: { 'graph.users': w.users, 'graph.mailboxProbes': w.probes },
      notConfigured: ['ldap'],
    });
    expect(r.status).toBe('pass');
  });
});

// Cloud-only mailboxes on the Exchange Online list (Get-Mailbox IsDirSynced,
// https://learn.microsoft.com/powershell/module/exchange/get-mailbox; recipients are created
// on-premises in a hybrid: https://learn.microsoft.com/exchange/hybrid-deployment/manage-hybrid-exchange-recipients-with-management-tools).
describe('mbx.cloud-only-in-hybrid on the Exchange Online mailbox list', () => {
  it('warns for a cloud-only user hosted in the list, without probes', () => {
    const w = world();
    const u = cloudOnlyUser('eve@contoso.com');
    w.users.push(u);
    const rows = [
      ...readyList(w),
      {
        primarySmtpAddress: 'eve@contoso.com',
        recipientTypeDetails: 'UserMailbox',
        externalDirectoryObjectId: u.id,
        isDirSynced: false,
      },
    ];
    const r = runWithList(check, w, exoList(rows));
    expect(r.status).toBe('warn');
    const f = r.findings.find((x) => x.status === 'warn');
    expect(f?.target.label).toBe('eve@contoso.com');
    expect(f?.message).toMatch(/\(UserMailbox\)/);
    expect(f?.evidence).toMatchObject({ mailboxList: 'live: Admin API Get-Mailbox' });
  });
  it('warns for a hosted row no user matched when IsDirSynced is False; ignores a synced one', () => {
    const w = world();
    const rows = [
      ...readyList(w),
      { primarySmtpAddress: 'ghost@contoso.com', recipientTypeDetails: 'SharedMailbox', isDirSynced: false },
      {
        primarySmtpAddress: 'other-forest@contoso.com',
        recipientTypeDetails: 'UserMailbox',
        isDirSynced: true,
      },
    ];
    const r = runWithList(check, w, exoList(rows));
    expect(r.findings.filter((x) => x.status === 'warn').map((x) => x.target.label)).toEqual([
      'ghost@contoso.com',
    ]);
  });
  it('edge: a licensed cloud-only user missing from an incomplete list is a coverage note', () => {
    const w = world();
    w.users.push(cloudOnlyUser('eve@contoso.com'));
    const r = runWithList(check, w, exoList(readyList(w), false));
    expect(r.status).toBe('info');
    expect(r.findings[0]?.evidence?.note).toMatch(/incomplete/);
  });
});
