import { describe, expect, it } from 'vitest';
import check from '../../../checks/mbx/cloud-only-in-hybrid.ts';
import { runCheck } from '../../helpers/check.ts';
import { cloudOnlyUser, runOn, world } from './data.ts';

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
